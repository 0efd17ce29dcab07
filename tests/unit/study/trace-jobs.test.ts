// A vessel trace as a cancellable job (src/study/trace-jobs.ts) with a fake vessel worker whose answers the test
// releases: a new trace of the same vessel, closing the study or deleting the vessel cancels the running trace,
// its worker call is aborted (the job ends even if the worker never answers), and whatever the cancelled trace
// returns afterwards never reaches the store or the session.
import { describe, expect, it } from 'vitest';
import { createStudySession } from '../../../src/study/session.ts';
import { createTraceJobs, type TraceWorker } from '../../../src/study/trace-jobs.ts';
import { createVesselMeasures } from '../../../src/study/vessel-measures.ts';
import type { VesselAnalysis } from '../../../src/vessel/analyse.ts';
import { toTransferable } from '../../../src/vessel/analysis-transfer.ts';
import type { TraceRequest, TracedVessel, WorkerFailure } from '../../../src/vessel/worker-api.ts';

/** A straight vessel of `n` sections 0.25 mm apart along z, no lesion. */
function traced(id: string, n: number): TracedVessel {
  const pointsLps = Array.from({ length: n }, (_, q) => [0, 0, q * 0.25] as [number, number, number]);
  const profile = pointsLps.map((_, q) => ({
    sMm: q * 0.25, areaMm2: 7, equivalentDiameterMm: 3, minDiameterMm: 3, maxDiameterMm: 3, referenceDiameterMm: 3,
    lumenHu: 400, outerAreaMm2: 12, hasLumen: true, calcifiedFraction: 0,
  }));
  const a: VesselAnalysis = { centreline: { pointsLps, stepMm: 0.25, lengthMm: (n - 1) * 0.25 }, profile, lesions: [], maxDiameterStenosisPct: 0, warnings: [], branchesMm: [] };
  const rays = 8;
  return {
    id, analysis: toTransferable(a), rays, radiiMm: new Float32Array(n * rays).fill(1.5), outerMm: new Float32Array(n * rays).fill(2),
    frameN: new Float32Array(n * 3), frameB: new Float32Array(n * 3), timingsMs: { centrelineMs: 1 },
  };
}

interface Call {
  req: TraceRequest;
  signal: AbortSignal;
  centreline(flat: Float32Array): void;
  answer(r: TracedVessel | WorkerFailure): void;
}

function harness() {
  const calls: Call[] = [];
  const worker: TraceWorker = {
    trace: (req, onCentreline, signal) => new Promise((resolve) => calls.push({ req, signal, centreline: onCentreline, answer: resolve })),
    remeasure: async () => ({ code: 'internal', message: 'not used' }),
  };
  const session = createStudySession();
  const forgotten: string[] = [];
  const measures = createVesselMeasures(session, (id) => forgotten.push(id));
  let t = 0;
  const jobs = createTraceJobs({ session, measures, worker, failureText: (f) => `failed: ${f.code}`, now: () => (t += 10) });
  session.open('S', Promise.resolve());
  const v = session.vessels.add('S', [0, 0, 0]);
  session.vessels.setPoints(v.id, [[0, 0, 0], [0, 0, 10]]);
  /** every store change and session measurement from now on */
  const writes: string[] = [];
  session.vessels.events.on('changed', (e) => writes.push(`store ${e.id}`));
  session.events.on('analysis', (e) => writes.push(`analysis ${e.id}`));
  const settle = () => new Promise<void>((r) => setTimeout(r, 0));
  return { calls, session, measures, jobs, v, writes, settle, forgotten };
}

describe('trace jobs', () => {
  it('a finished trace stores its measurements: centreline first, then the analysis, the vessel ready', async () => {
    const h = harness();
    const out = h.jobs.run(h.v.id);
    await h.settle();
    expect(h.session.vessels.get(h.v.id)!.status).toBe('analysing');
    const call = h.calls[0]!;
    expect(call.req.pointsLps).toHaveLength(2);
    call.centreline(new Float32Array(9));
    expect(h.measures.get(h.v.id)!.centrelineLps).toHaveLength(9);
    call.answer(traced(h.v.id, 41));
    const o = await out;
    expect(o.kind).toBe('done');
    expect(o.kind === 'done' && o.totalMs).toBe(10);
    expect(h.session.vessels.get(h.v.id)!.status).toBe('ready');
    expect(h.session.analysis(h.v.id)!.centreline.lengthMm).toBe(10);
    expect(h.jobs.running(h.v.id)).toBe(false);
  });

  it('a new trace of the vessel cancels the running one: the stale answer never writes, the new one does', async () => {
    const h = harness();
    const first = h.jobs.run(h.v.id);
    await h.settle();
    h.session.vessels.setPoints(h.v.id, [[0, 0, 0], [0, 0, 5], [0, 0, 20]]); // a waypoint added
    const second = h.jobs.run(h.v.id);
    await h.settle();
    expect(h.calls).toHaveLength(2);
    expect(h.calls[0]!.signal.aborted).toBe(true);
    expect(h.calls[1]!.signal.aborted).toBe(false);
    expect(await first).toEqual({ kind: 'cancelled' }); // ended although the worker has not answered
    h.writes.length = 0;
    h.calls[0]!.centreline(new Float32Array(300));
    h.calls[0]!.answer(traced(h.v.id, 121)); // 30 mm: the stale trace
    await h.settle();
    expect(h.writes).toEqual([]);
    expect(h.session.analysis(h.v.id)).toBeUndefined();
    expect(h.measures.get(h.v.id)!.centrelineLps).toBeUndefined();
    expect(h.session.vessels.get(h.v.id)!.status).toBe('analysing');
    h.calls[1]!.answer(traced(h.v.id, 81)); // 20 mm
    expect((await second).kind).toBe('done');
    expect(h.session.analysis(h.v.id)!.centreline.lengthMm).toBe(20);
  });

  it('closing the study cancels the running trace; its late answer or failure writes nothing', async () => {
    for (const late of [traced('x', 41), { code: 'no-path', message: 'no path' }] as const) {
      const h = harness();
      const job = h.jobs.run(h.v.id);
      await h.settle();
      h.session.close();
      expect(h.calls[0]!.signal.aborted).toBe(true);
      expect(await job).toEqual({ kind: 'cancelled' });
      h.writes.length = 0;
      h.calls[0]!.answer(late);
      await h.settle();
      expect(h.writes).toEqual([]);
      expect(h.session.vessels.get(h.v.id)!.status).toBe('analysing');
      expect(h.session.vessels.get(h.v.id)!.error).toBeUndefined();
    }
  });

  it('deleting the vessel cancels its trace and drops its measurements', async () => {
    const h = harness();
    const job = h.jobs.run(h.v.id);
    await h.settle();
    h.calls[0]!.centreline(new Float32Array(9));
    h.session.vessels.remove(h.v.id);
    expect(await job).toEqual({ kind: 'cancelled' });
    expect(h.measures.get(h.v.id)).toBeUndefined();
    expect(h.forgotten).toEqual([h.v.id]);
    h.writes.length = 0;
    h.calls[0]!.answer(traced(h.v.id, 41));
    await h.settle();
    expect(h.writes).toEqual([]);
    expect(h.session.analysis(h.v.id)).toBeUndefined();
  });

  it('a failure is stored in the user language; a trace waits for the volume and is cancelled before it reaches the worker', async () => {
    const h = harness();
    const job = h.jobs.run(h.v.id);
    await h.settle();
    h.calls[0]!.answer({ code: 'no-path', message: 'no path' });
    expect((await job).kind).toBe('failed');
    expect(h.session.vessels.get(h.v.id)!.status).toBe('failed');
    expect(h.session.vessels.get(h.v.id)!.error).toBe('failed: no-path');

    let volumeIn!: () => void;
    h.session.open('S', new Promise<void>((r) => { volumeIn = r; }));
    const waiting = h.jobs.run(h.v.id);
    h.jobs.cancel(h.v.id);
    volumeIn();
    expect(await waiting).toEqual({ kind: 'cancelled' });
    expect(h.calls).toHaveLength(1);
  });
});
