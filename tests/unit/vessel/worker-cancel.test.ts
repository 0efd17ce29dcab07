// The vessel worker core stops a cancelled trace between its stages (src/vessel/worker-api.ts `cancel`): a
// cancel read while the centreline is handed out stops the trace before the lumen is measured; the worker then
// keeps nothing for that vessel (no re-measure possible) and the same request without cancel measures it.
// A cancel that arrives while the kernels warm up stops the trace before its centreline.
import { describe, expect, it } from 'vitest';
import { createVesselWorkerApi, TRACE_CANCELLED } from '../../../src/vessel/worker-api.ts';
import { lineCurve, makeTube, roundSection } from './synthetic.ts';

describe('vessel worker: cancelled trace', () => {
  const tube = makeTube({
    dims: [32, 32, 100], spacingMm: [0.4, 0.4, 0.5], originLps: [-6, -6, -25], curve: lineCurve([0, 0, -23], [2, 1, 23]),
    section: roundSection(() => 1.5, 450), maxRadiusMm: 2.5, backgroundHu: -80, noiseSdHu: 20, psfFwhmMm: 0.7, seed: 3,
  });
  const tr = tube.truth;
  const points = [tr[0]!.lps, tr[tr.length - 1]!.lps];

  it('a cancel received during the centreline stage ends the trace before the lumen; nothing is kept', async () => {
    const api = createVesselWorkerApi();
    api.setVolume(tube.volume);
    let centreline = 0;
    const out = await api.trace({ id: 'v1', pointsLps: points, jobId: 'job-1' }, (flat) => { centreline = flat.length; api.cancel('job-1'); });
    expect(centreline).toBeGreaterThan(3 * 100); // the centreline (≥ 25 mm) was handed out
    expect(out).toEqual(TRACE_CANCELLED);
    expect(api.remeasure('v1', undefined)).toMatchObject({ code: 'internal' });

    api.cancel('job-1'); // a cancel after the end is ignored: the same job id traces again
    const again = await api.trace({ id: 'v1', pointsLps: points, jobId: 'job-1' });
    expect('code' in again).toBe(false);
    expect('code' in api.remeasure('v1', undefined)).toBe(false);
  });

  it('a cancel that arrives while the kernels warm up stops the trace before its centreline', async () => {
    const api = createVesselWorkerApi();
    api.setVolume(tube.volume);
    const running = api.trace({ id: 'v2', pointsLps: points, jobId: 'job-2' });
    api.cancel('job-2');
    expect(await running).toEqual(TRACE_CANCELLED);
  });
});
