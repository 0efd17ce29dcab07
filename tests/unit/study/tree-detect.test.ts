// "Find the coronaries" without the worker (src/study/tree-detect.ts): a hand-made found tree goes into the
// session as named, proposed vessels (their seeds: both ends and a waypoint every 25 mm), a vessel the reader
// already traced under the same name is kept and not duplicated, the tree's dominance is proposed only when the
// reader set none, the proposal marks follow the reader (accept; edit points, name or reference) and survive the
// saved work; nothing found or a cancel adds nothing.
import { describe, expect, it } from 'vitest';
import { createStudySession } from '../../../src/study/session.ts';
import { detectTree, type TreeDetectDeps } from '../../../src/study/tree-detect.ts';
import { restoreFromWork, workFromState } from '../../../src/study/work-model.ts';
import { exportWork, importWork } from '../../../src/report/saved-work.ts';
import type { PackedTree, TreeProgressStage } from '../../../src/tree/worker-api.ts';

/** A straight vessel along +x from `x0`, `lengthMm` long, points 0.5 mm apart (LPS mm). */
function line(x0: number, lengthMm: number): Float64Array {
  const n = Math.round(lengthMm / 0.5) + 1;
  const out = new Float64Array(n * 3);
  for (let q = 0; q < n; q++) out.set([x0 + q * 0.5, 10, 20], q * 3);
  return out;
}

const tree = (over: Partial<PackedTree> = {}): PackedTree => ({
  aortaFound: true, ostia: { left: [0, 10, 20], right: [-30, 10, 20] }, dominance: 'right', notes: [], maxVoxelMm: 0.5, timingsMs: {},
  vessels: [
    { name: 'RCA', parent: null, lengthMm: 100, pointsLps: line(-30, 100) },
    { name: 'LM', parent: null, lengthMm: 10, pointsLps: line(0, 10) },
    { name: 'LAD', parent: 'LM', lengthMm: 60, pointsLps: line(10, 60) },
    { name: 'not-a-vessel', parent: 'LAD', lengthMm: 10, pointsLps: line(20, 10) },
  ],
  ...over,
});

function deps(session: ReturnType<typeof createStudySession>, packed: PackedTree | (() => Promise<PackedTree>)) {
  const stages: TreeProgressStage[] = [];
  const traced: string[] = [];
  const centrelines = new Map<string, Float64Array | undefined>();
  const d: TreeDetectDeps = {
    session,
    search: async (onProgress) => { onProgress('aorta', 0); return typeof packed === 'function' ? packed() : packed; },
    trace: async (id, centrelineLps) => { traced.push(id); centrelines.set(id, centrelineLps); return { kind: 'skipped' }; },
    onProgress: (s) => stages.push(s),
  };
  return { d, stages, traced, centrelines };
}

function openSession() {
  const session = createStudySession();
  session.open('study-1', Promise.resolve());
  return session;
}

describe('tree detection into the study session', () => {
  it('adds each named found vessel as a proposed vessel, in SCCT order, and traces each', async () => {
    const session = openSession();
    const { d, stages, traced, centrelines } = deps(session, tree());
    const out = await detectTree(d, new AbortController().signal);
    expect(out.kind).toBe('done');
    const list = session.vessels.list('study-1');
    expect(list.map((v) => v.name)).toEqual(['LM', 'LAD', 'RCA']);
    expect(list.every((v) => v.found?.status === 'proposed')).toBe(true);
    expect(session.counts().proposed).toBe(3);
    expect(list.map((v) => v.found?.fromAorta)).toEqual([true, false, true]);
    // the RCA (100 mm): ostium, waypoints at 25, 50, 75 mm, distal end
    const rca = list.find((v) => v.name === 'RCA')!;
    expect(rca.pointsLps.map((p) => p[0])).toEqual([-30, -5, 20, 45, 70]);
    expect(traced).toEqual(list.map((v) => v.id));
    // measured along the found centreline itself (every point, not the seeds)
    expect(centrelines.get(rca.id)?.length).toBe(line(-30, 100).length);
    expect(stages).toEqual(['aorta', 'analyse', 'analyse', 'analyse', 'analyse']);
    expect(session.report.dominance).toBe('right');
  });

  it('measures each found vessel along its own centreline; a failure there traces it from its points', async () => {
    const session = openSession();
    const { d: d0, traced } = deps(session, tree());
    const calls: (Float64Array | undefined)[] = [];
    const d: TreeDetectDeps = { ...d0, trace: async (id, centrelineLps) => {
      traced.push(id); calls.push(centrelineLps);
      // the LM's own centreline cannot be measured: it is traced from its points instead
      const lm = session.vessels.get(id)?.name === 'LM';
      return centrelineLps && lm ? { kind: 'failed', failure: { code: 'internal', message: 'no lumen' } } : { kind: 'skipped' };
    } };
    await detectTree(d, new AbortController().signal);
    const list = session.vessels.list('study-1');
    const rca = list.find((v) => v.name === 'RCA')!, lm = list.find((v) => v.name === 'LM')!;
    expect(traced.filter((id) => id === rca.id)).toHaveLength(1);
    expect(Array.from(calls[traced.indexOf(rca.id)]!)).toEqual(Array.from(line(-30, 100)));
    expect(traced.filter((id) => id === lm.id)).toHaveLength(2);
    expect(calls[traced.lastIndexOf(lm.id)]).toBeUndefined();
  });

  it('a stage the worker reports after its answer is not shown (the progress never steps back)', async () => {
    const session = openSession();
    const { d: d0, stages } = deps(session, tree());
    let late: ((s: TreeProgressStage, f: number) => void) | undefined;
    const d: TreeDetectDeps = { ...d0, search: async (onProgress) => { onProgress('aorta', 0); onProgress('labels', 0.8); late = onProgress; return tree(); } };
    await detectTree(d, new AbortController().signal);
    late!('labels', 0.85);
    expect(stages).toEqual(['aorta', 'labels', 'analyse', 'analyse', 'analyse', 'analyse']);
  });

  it('keeps a vessel the reader traced (same name) and the dominance the reader set', async () => {
    const session = openSession();
    const mine = session.vessels.add('study-1', [1, 2, 3]);
    session.vessels.setPoints(mine.id, [[1, 2, 3], [4, 5, 6]]);
    session.vessels.rename(mine.id, 'LAD');
    session.setReport({ ...session.report, dominance: 'left' });
    const out = await detectTree(deps(session, tree()).d, new AbortController().signal);
    expect(out.kind === 'done' && out.kept).toEqual(['LAD']);
    const list = session.vessels.list('study-1');
    expect(list.map((v) => v.name)).toEqual(['LAD', 'LM', 'RCA']);
    expect(list[0]!.pointsLps).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(list[0]!.found).toBeUndefined();
    expect(session.report.dominance).toBe('left');
  });

  it('nothing found: the reason, no vessel; a cancel: nothing added', async () => {
    const session = openSession();
    const none = await detectTree(deps(session, tree({ vessels: [], aortaFound: true, maxVoxelMm: 1.5, notes: [{ code: 'coarse-voxels', text: '' }] })).d, new AbortController().signal);
    expect(none).toEqual({ kind: 'nothing', notes: ['coarse-voxels'], maxVoxelMm: 1.5 });
    const job = new AbortController();
    const late = deps(session, async () => { job.abort(); return tree(); });
    expect(await detectTree(late.d, job.signal)).toEqual({ kind: 'cancelled' });
    expect(session.vessels.list('study-1')).toHaveLength(0);
    expect(session.report.dominance).toBeNull();
  });

  it('proposal marks: accepted by the reader, edited by a change of points, name or reference; kept in the saved work', async () => {
    const session = openSession();
    await detectTree(deps(session, tree()).d, new AbortController().signal);
    const [lm, lad, rca] = session.vessels.list('study-1');
    session.vessels.accept(lm!.id);
    session.vessels.setPoints(lad!.id, [[10, 10, 20], [70, 11, 20]]);
    session.vessels.setReference(rca!.id, [5, 30]);
    expect(session.vessels.list('study-1').map((v) => v.found?.status)).toEqual(['accepted', 'edited', 'edited']);
    session.vessels.accept(lad!.id); // an edited vessel stays edited
    expect(session.vessels.get(lad!.id)!.found?.status).toBe('edited');
    const work = importWork(exportWork(workFromState('1.2.3', session.snapshots(), session.report, null)));
    expect(work.vessels.map((v) => v.found)).toEqual([
      { status: 'accepted', fromAorta: true }, { status: 'edited', fromAorta: false }, { status: 'edited', fromAorta: true },
    ]);
    const again = createStudySession();
    again.vessels.restore('study-1', restoreFromWork(work).vessels);
    expect(again.vessels.list('study-1').map((v) => v.found?.status)).toEqual(['accepted', 'edited', 'edited']);
  });
});
