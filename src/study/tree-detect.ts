/**
 * "Find the coronaries", without DOM or Cornerstone: the tree worker's search (src/tree), then each named
 * vessel it found put into the session as an ordinary vessel of the study (its ends and waypoints, its SCCT
 * name, marked proposed) and measured by the same trace jobs as a traced one; the dominance the tree gives is
 * proposed to the report when the reader has not set one. Vessels the reader already traced are kept: a found
 * vessel whose name the study already has is not added.
 */
import { isVesselName, VESSEL_NAMES, type VesselName } from '../report/segments.ts';
import type { Dominance } from '../report/report.ts';
import type { TreeNoteCode } from '../tree/find-tree.ts';
import { foundSeedsLps } from '../tree/analyse-found.ts';
import { unpackPoints, type PackedTree, type TreeProgressStage } from '../tree/worker-api.ts';
import type { StudySession } from './session.ts';
import type { TraceOutcome } from './trace-jobs.ts';
import type { VesselStore } from './vessel-store.ts';

export interface TreeDetectDeps {
  readonly session: StudySession;
  /** the tree worker's search on the open study's volume; rejects (AbortError) when `signal` aborts */
  readonly search: (onProgress: (stage: TreeProgressStage, fraction: number) => void, signal: AbortSignal) => Promise<PackedTree>;
  /**
   * measures a vessel of the store (the controller's trace, which shows it when done); `centrelineLps` (flat LPS):
   * the found centreline, measured as it is instead of traced again through the vessel's points
   */
  readonly trace: (id: string, centrelineLps?: Float64Array) => Promise<TraceOutcome>;
  readonly onProgress: (stage: TreeProgressStage, fraction: number) => void;
}

export type TreeDetectOutcome =
  | {
    readonly kind: 'done';
    /** ids of the vessels added, in the tree's order */
    readonly added: readonly string[];
    /** names found but already traced by the reader (kept as they are) */
    readonly kept: readonly VesselName[];
    /** vessels whose measurement failed (their error is on the vessel) */
    readonly failed: number;
    readonly notes: readonly TreeNoteCode[];
    readonly dominance: Dominance | null;
    /** ms: the search (worker) and the measurement of the vessels */
    readonly searchMs: number;
    readonly analyseMs: number;
    readonly timingsMs: Readonly<Record<string, number>>;
  }
  /** nothing found: why (no aorta, voxels too coarse, no ostium) */
  | { readonly kind: 'nothing'; readonly notes: readonly TreeNoteCode[]; readonly maxVoxelMm: number }
  | { readonly kind: 'cancelled' };

const REPORT_DOMINANCE: Record<NonNullable<PackedTree['dominance']>, Dominance> = { right: 'right', left: 'left', co: 'co-dominant' };
const isAbort = (e: unknown): boolean => (e as { name?: string } | null)?.name === 'AbortError';

/** Runs one detection on the open study. Throws what the worker throws (crash, hang), except a cancel. */
export async function detectTree(deps: TreeDetectDeps, signal: AbortSignal): Promise<TreeDetectOutcome> {
  const { session } = deps;
  const key = session.studyKey;
  if (!key) throw new Error('no study is open');
  await session.volumeReady();
  const t0 = performance.now();
  let packed: PackedTree;
  // the worker's progress comes on its own message port, which may be read after the search's answer: a stage
  // heard once the search is over is no longer news
  let searching = true;
  try {
    packed = await deps.search((stage, fraction) => { if (searching) deps.onProgress(stage, fraction); }, signal);
  } catch (e) {
    if (signal.aborted || isAbort(e)) return { kind: 'cancelled' };
    throw e;
  } finally {
    searching = false;
  }
  const searchMs = performance.now() - t0;
  if (signal.aborted || session.studyKey !== key) return { kind: 'cancelled' };
  const notes = packed.notes.map((n) => n.code);
  // a vessel has at least two points (x, y, z each)
  const named = packed.vessels.filter((v): v is typeof v & { name: VesselName } => isVesselName(v.name) && v.pointsLps.length >= 6);
  if (!named.length) return { kind: 'nothing', notes: notes.length ? notes : ['no-ostium'], maxVoxelMm: packed.maxVoxelMm };
  const store = session.vessels;
  const have = new Set(store.list(key).map((v) => v.name).filter((n) => n !== undefined));
  const order = (n: VesselName) => VESSEL_NAMES.indexOf(n);
  const fresh = named.filter((v) => !have.has(v.name)).sort((a, b) => order(a.name) - order(b.name));
  const added = fresh.map((v) => store.addFound(key, { name: v.name, pointsLps: foundSeedsLps(unpackPoints(v.pointsLps)), fromAorta: v.parent === null }).id);
  const centrelineOf = new Map(added.map((id, q) => [id, fresh[q]!.pointsLps]));
  const dominance = packed.dominance ? REPORT_DOMINANCE[packed.dominance] : null;
  if (dominance && session.report.dominance === null) session.setReport({ ...session.report, dominance });
  const t1 = performance.now();
  let done = 0, failed = 0;
  deps.onProgress('analyse', 0);
  await Promise.all(added.map(async (id) => {
    const out = await measureFound(store, deps.trace, id, centrelineOf.get(id));
    if (out.kind === 'failed') failed++;
    deps.onProgress('analyse', ++done / added.length);
  }));
  return {
    kind: 'done', added, kept: named.filter((v) => have.has(v.name)).map((v) => v.name), failed, notes, dominance,
    searchMs, analyseMs: performance.now() - t1, timingsMs: packed.timingsMs,
  };
}

/**
 * Measures a found vessel along its own centreline. Should that fail, it is traced from its points as a reader's
 * vessel is; a waypoint the trace refuses as outside any contrast-filled lumen lies on an occlusion's bridge (no
 * lumen there to trace): the trace goes on without it.
 */
async function measureFound(store: VesselStore, trace: TreeDetectDeps['trace'], id: string, centrelineLps: Float64Array | undefined): Promise<TraceOutcome> {
  const direct = centrelineLps ? await trace(id, centrelineLps) : undefined;
  if (direct && direct.kind !== 'failed') return direct;
  for (;;) {
    const out = await trace(id);
    const v = store.get(id);
    if (out.kind !== 'failed' || out.failure.code !== 'seed-not-in-vessel' || !v) return out;
    const bad = v.pointsLps.findIndex((p, q) => q > 0 && q < v.pointsLps.length - 1 && out.failure.message.includes(`point ${p.map((x) => x.toFixed(1)).join(',')} `));
    if (bad < 0) return out;
    store.dropFoundWaypoint(id, bad);
  }
}
