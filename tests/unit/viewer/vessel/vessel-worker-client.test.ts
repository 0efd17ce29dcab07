import { describe, expect, it } from 'vitest';
import { routeVesselTraces, type VesselLane } from '../../../../src/viewer/vessel/vessel-worker-client.ts';
import type { TraceRequest, TracedVessel, WorkerFailure } from '../../../../src/vessel/worker-api.ts';
import type { Volume } from '../../../../src/volume/volume.ts';

const tick = () => new Promise<void>((r) => setTimeout(r, 0));

/** a lane that records its calls and answers a trace when told to */
function fakeLane(name: string) {
  const running: { req: TraceRequest; answer(r: TracedVessel | WorkerFailure): void }[] = [];
  const log: string[] = [];
  const lane: VesselLane = {
    setVolume: async () => { log.push('volume'); },
    forget: async (id) => { log.push(`forget ${id}`); },
    remeasure: async (id) => { log.push(`remeasure ${id}`); return { code: 'internal', message: `${name} ${id}` }; },
    cancel: async (jobId) => { log.push(`cancel ${jobId}`); },
    trace: (req) => new Promise((answer) => { log.push(`trace ${req.id}`); running.push({ req, answer }); }),
  };
  return { lane, running, log };
}

const req = (id: string): TraceRequest => ({ id, pointsLps: [[0, 0, 0], [1, 1, 1]] });
const done = (id: string) => ({ id } as unknown as TracedVessel);

describe('routeVesselTraces', () => {
  it('runs one trace per lane, the next waiting trace on the first lane freed, answers to their callers', async () => {
    const a = fakeLane('a'), b = fakeLane('b');
    const r = routeVesselTraces([a.lane, b.lane]);
    await r.setVolume({} as Volume);
    const sig = new AbortController().signal;
    const outs = ['v1', 'v2', 'v3', 'v4'].map((id) => r.trace(req(id), () => {}, sig));
    await tick();
    expect(a.running.map((t) => t.req.id)).toEqual(['v1']);
    expect(b.running.map((t) => t.req.id)).toEqual(['v2']);
    b.running[0]!.answer(done('v2'));
    await tick();
    expect(b.running.map((t) => t.req.id)).toEqual(['v2', 'v3']);
    a.running[0]!.answer(done('v1'));
    await tick();
    expect(a.running.map((t) => t.req.id)).toEqual(['v1', 'v4']);
    b.running[1]!.answer(done('v3'));
    a.running[1]!.answer(done('v4'));
    expect(await Promise.all(outs)).toEqual(['v1', 'v2', 'v3', 'v4'].map(done));
    // a vessel's remeasure and forget go to the worker that measured it
    expect(await r.remeasure('v3', undefined)).toEqual({ code: 'internal', message: 'b v3' });
    r.forget('v4');
    await tick();
    expect(a.log).toContain('forget v4');
    expect(b.log).not.toContain('forget v4');
  });

  it('a cancelled trace rejects at once, tells its worker, frees its lane; a cancelled waiting one never starts', async () => {
    const a = fakeLane('a');
    const r = routeVesselTraces([a.lane]);
    const first = new AbortController(), second = new AbortController(), third = new AbortController();
    const p1 = r.trace(req('v1'), () => {}, first.signal);
    const p2 = r.trace(req('v2'), () => {}, second.signal);
    const p3 = r.trace(req('v3'), () => {}, third.signal);
    await tick();
    second.abort();
    await expect(p2).rejects.toMatchObject({ name: 'AbortError' });
    first.abort();
    await expect(p1).rejects.toMatchObject({ name: 'AbortError' });
    await tick();
    expect(a.log.filter((l) => l.startsWith('cancel'))).toHaveLength(1);
    expect(a.running.map((t) => t.req.id)).toEqual(['v1', 'v3']);
    a.running[1]!.answer(done('v3'));
    expect(await p3).toEqual(done('v3'));
  });
});
