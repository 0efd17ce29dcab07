// The vessel controller (src/viewer/vessel/vessel-controller.ts) given fakes for everything it drives: the
// vessel worker (answers released by the test), the compute pool, the CPR and cross-section panels, the trace
// interaction on the MPR views (its callbacks called as the mouse would) and the 3D lines. A vessel traced with
// two clicks is measured and shown; a moved waypoint cancels the running trace, whose late answer is dropped;
// a deleted vessel leaves the worker; closing the study cancels its traces.
import { describe, expect, it } from 'vitest';
import type { ComputePool } from '../../../../src/compute/pool.ts';
import type { CprOptions, CrossSectionsOptions } from '../../../../src/kernels/views.ts';
import { createStudySession } from '../../../../src/study/session.ts';
import type { VesselAnalysis } from '../../../../src/vessel/analyse.ts';
import { toTransferable } from '../../../../src/vessel/analysis-transfer.ts';
import type { TraceRequest, TracedVessel, WorkerFailure } from '../../../../src/vessel/worker-api.ts';
import type { Volume } from '../../../../src/volume/volume.ts';
import type { ImagePanel } from '../../../../src/viewer/vessel/image-panel.ts';
import type { MprTrace, MprTraceCallbacks } from '../../../../src/viewer/vessel/mpr-trace.ts';
import { createVesselController } from '../../../../src/viewer/vessel/vessel-controller.ts';
import type { VesselWorkerClient } from '../../../../src/viewer/vessel/vessel-worker-client.ts';

/** A straight vessel along z from the first point, `n` sections 0.25 mm apart, one 60 % lesion at section `mla`. */
function traced(id: string, n: number, mla: number): TracedVessel {
  const pointsLps = Array.from({ length: n }, (_, q) => [0, 0, q * 0.25] as [number, number, number]);
  const profile = pointsLps.map((_, q) => ({
    sMm: q * 0.25, areaMm2: 7, equivalentDiameterMm: 3, minDiameterMm: 3, maxDiameterMm: 3, referenceDiameterMm: 3,
    lumenHu: 400, outerAreaMm2: 12, hasLumen: true, calcifiedFraction: 0,
  }));
  const lesion = {
    startIndex: mla - 4, endIndex: mla + 4, mlaIndex: mla, sMm: mla * 0.25, startSMm: (mla - 4) * 0.25, endSMm: (mla + 4) * 0.25, mlaMm2: 1.1, mldMm: 1.2,
    referenceDiameterMm: 3, diameterStenosisPct: 60, areaStenosisPct: 84, lengthMm: 2, plaque: { calcifiedMm3: 0, nonCalcifiedMm3: 5, lowAttenuationMm3: 0 }, remodellingIndex: 1,
  };
  const a = { centreline: { pointsLps, stepMm: 0.25, lengthMm: (n - 1) * 0.25 }, profile, lesions: [lesion], maxDiameterStenosisPct: 60, warnings: [], branchesMm: [] } as unknown as VesselAnalysis;
  const rays = 8;
  return {
    id, analysis: toTransferable(a), rays, radiiMm: new Float32Array(n * rays).fill(1.5), outerMm: new Float32Array(n * rays).fill(2),
    frameN: new Float32Array(n * 3), frameB: new Float32Array(n * 3), timingsMs: { lumenMs: 3 },
  };
}

const tick = () => new Promise<void>((r) => setTimeout(r, 0));

function harness() {
  const traces: { req: TraceRequest; signal: AbortSignal; centreline(f: Float32Array): void; answer(r: TracedVessel | WorkerFailure): void }[] = [];
  const forgotten: string[] = [];
  const worker: VesselWorkerClient = {
    trace: (req, centreline, signal) => new Promise((answer) => traces.push({ req, signal, centreline, answer })),
    remeasure: async () => ({ code: 'internal', message: 'unused' }),
    setVolume: async () => {},
    forget: (id) => { forgotten.push(id); },
    dispose: () => {},
  };
  const cprJobs: CprOptions[] = [], xsJobs: CrossSectionsOptions[] = [];
  const pool = {
    setVolume: async () => {},
    cpr: async (o: CprOptions) => { cprJobs.push(o); return { data: new Float32Array(4), width: 2, height: 2, rowArcMm: new Float64Array(2) }; },
    crossSections: async (o: CrossSectionsOptions) => { xsJobs.push(o); return { data: new Float32Array(4), size: 2 }; },
  } as unknown as ComputePool;
  const panel = { show: async () => {}, drawn: async () => {} } as unknown as ImagePanel;
  let mouse!: MprTraceCallbacks;
  let active = false;
  const mprTrace: MprTrace = { setActive: (on) => { active = on; }, get active() { return active; }, redraw: () => {}, destroy: () => {} };
  const lines: number[] = [];
  const crosshair: number[][] = [];
  const frames: (() => void)[] = [];
  const session = createStudySession();
  const c = createVesselController({
    session, worker, pool, cpr: panel, section: panel, jobKey: 'test',
    createTrace: (cb) => { mouse = cb; return mprTrace; },
    lines3d: { setLines: (l) => { lines.push(l.length); }, shown: () => lines.at(-1)! > 0 },
    moveCrosshair: (p) => { crosshair.push([...p]); },
    failureText: (f) => `échec ${f.code}`,
    nextFrame: (fn) => { frames.push(fn); },
  });
  return { c, session, traces, forgotten, cprJobs, xsJobs, mouse: () => mouse, lines, crosshair, frames };
}

const volume = { originLps: [0, 0, 0] } as unknown as Volume;

describe('vessel controller with fakes', () => {
  it('two clicks trace a vessel: centreline first (CPR asked), then the measurements; cursor on the lesion', async () => {
    const h = harness();
    await h.c.setVolume('S', volume);
    expect(h.session.studyKey).toBe('S');
    h.c.setTracing(true);
    // the pool warmed (a 2×2 CPR) when the volume came in and when trace mode was entered
    expect(h.cprJobs.map((o) => o.rows)).toEqual([2, 2]);
    h.mouse().click([0, 0, 0]);
    h.mouse().click([0, 0, 30]);
    await tick();
    expect(h.traces).toHaveLength(1);
    expect(h.traces[0]!.req.pointsLps).toEqual([[0, 0, 0], [0, 0, 30]]);
    const v = h.c.selected()!;
    expect(v.status).toBe('analysing');
    h.traces[0]!.centreline(new Float32Array(121 * 3));
    await tick();
    expect(h.cprJobs).toHaveLength(3); // the CPR of the provisional centreline
    expect(h.cprJobs[2]!.centrelineLps).toHaveLength(121 * 3);
    h.traces[0]!.answer(traced(v.id, 121, 80));
    await tick();
    expect(h.c.selected()!.status).toBe('ready');
    expect(h.session.analysis(v.id)!.lesions[0]!.diameterStenosisPct).toBe(60);
    expect(h.c.display(v.id)!.analysis).toBe(h.session.analysis(v.id));
    expect(h.c.state.cursorIndex).toBe(80);
    expect(h.c.cursorLps()).toEqual([0, 0, 20]);
    expect(h.c.state.lastTraceMs?.lumenMs).toBe(3);
    expect(h.lines.at(-1)).toBe(1);
    h.c.setCursor(40);
    h.frames.splice(0).forEach((f) => f());
    expect(h.crosshair).toEqual([[0, 0, 10]]);
  });

  it('a waypoint moved while tracing cancels the stale trace: the worker is told and its answer is dropped', async () => {
    const h = harness();
    await h.c.setVolume('S', volume);
    h.c.setTracing(true);
    h.mouse().click([0, 0, 0]);
    h.mouse().click([0, 0, 30]);
    await tick();
    const v = h.c.selected()!;
    h.mouse().moved(v.id, 1, [0, 0, 20]);
    await tick();
    expect(h.traces).toHaveLength(2);
    expect(h.traces[0]!.signal.aborted).toBe(true);
    h.traces[0]!.answer(traced(v.id, 121, 80)); // the stale 30 mm trace
    await tick();
    expect(h.c.selected()!.status).toBe('analysing');
    expect(h.session.analysis(v.id)).toBeUndefined();
    h.traces[1]!.answer(traced(v.id, 81, 40));
    await tick();
    expect(h.session.analysis(v.id)!.centreline.lengthMm).toBe(20);
  });

  it('a deleted vessel leaves the worker; closing the study cancels the running trace', async () => {
    const h = harness();
    await h.c.setVolume('S', volume);
    h.c.setTracing(true);
    h.mouse().click([0, 0, 0]);
    h.mouse().click([0, 0, 30]);
    await tick();
    const first = h.c.selected()!;
    h.traces[0]!.answer(traced(first.id, 121, 80));
    await tick();
    h.c.remove(first.id);
    expect(h.forgotten).toEqual([first.id]);
    expect(h.lines.at(-1)).toBe(0);

    h.mouse().click([1, 0, 0]);
    h.mouse().click([1, 0, 30]);
    await tick();
    const second = h.c.selected()!;
    h.session.close();
    expect(h.traces[1]!.signal.aborted).toBe(true);
    // the closed study leaves nothing selected or searchable: another one streams in next
    expect([h.c.selected(), h.c.state.studyKey, h.c.state.lastCpr]).toEqual([undefined, undefined, undefined]);
    h.traces[1]!.answer(traced(second.id, 121, 80));
    await tick();
    expect(h.session.analysis(second.id)).toBeUndefined();
  });
});
