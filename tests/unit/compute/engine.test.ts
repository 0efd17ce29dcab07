// The in-process typed wrappers (src/compute/engine.ts) return the reference results for every kernel.
import { describe, expect, it } from 'vitest';
import { cprRef, crossSectionsRef, obliquePlaneRef, rayProfilesRef, samplePointsLpsRef } from '../../../src/kernels';
import { createComputeEngine } from '../../../src/compute/engine';
import { maxAbsDiff, randomSpline, randomVolume } from '../kernels/phantoms';

describe('createComputeEngine', () => {
  it('matches the TS reference through the typed wrappers and rejects bad options', async () => {
    const vol = randomVolume(9, [30, 26, 22]);
    const k = await createComputeEngine(vol);
    const c: [number, number, number] = [vol.originLps[0] + 6, vol.originLps[1] + 6, vol.originLps[2] + 5];
    const cl = randomSpline(4, 5, [8, 8, 8], c, 0.25);
    const cpr = { centrelineLps: cl, mode: 'stretched' as const, rows: 40, cols: 30, pixelMm: 0.2, angleRad: 0.4 };
    expect(maxAbsDiff(k.cpr(cpr).data, cprRef(vol, cpr).data)).toBeLessThan(1e-3);
    const xs = { centrelineLps: cl, count: 5, size: 16, pixelMm: 0.25, slabMm: 1, slabMode: 'mean' as const };
    expect(maxAbsDiff(k.crossSections(xs).data, crossSectionsRef(vol, xs).data)).toBeLessThan(1e-3);
    const ob = { centreLps: c, axisULps: [1, 1, 0] as const, axisVLps: [0, 0, 1] as const, cols: 20, rows: 21, pixelMm: 0.3 };
    expect(maxAbsDiff(k.obliquePlane(ob).data, obliquePlaneRef(vol, ob).data)).toBeLessThan(1e-3);
    const ry = { centresLps: c, axisULps: [1, 0, 0], axisVLps: [0, 1, 0], rays: 16, samples: 20, stepMm: 0.1 };
    expect(maxAbsDiff(k.rays(ry).data, rayProfilesRef(vol, ry).data)).toBeLessThan(1e-3);
    const pts = Array.from(cl.subarray(0, 300));
    expect(maxAbsDiff(k.samplePointsLps(pts), samplePointsLpsRef(vol, pts))).toBeLessThan(1e-3);
    expect(maxAbsDiff(k.samplePointsLps(pts, { interpolation: 'cubic' }), samplePointsLpsRef(vol, pts, { interpolation: 'cubic' }))).toBe(0);
    expect(() => k.cpr({ ...cpr, cols: 0 })).toThrow(/cols must be an integer/);
    expect(() => k.rays({ ...ry, stepMm: 0 })).toThrow(/stepMm must be a finite number > 0/);
  });
});
