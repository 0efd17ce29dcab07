// Oblique sampling grids render the same anatomy at the same LPS points as the axial grid.
import { describe, expect, it } from 'vitest';
import { CASES, renderCase } from '../../../sample-data/phantom/index';
import { sampleLps } from './sampler';

describe('phantom oblique grids', () => {
  it('agrees with the axial render at coronary centreline and chamber points (noise-free)', () => {
    const spec = CASES[0]!;
    const c = Math.SQRT1_2;
    const dirs: [[number, number, number], [number, number, number], [number, number, number]] = [[c, c, 0], [-c, c, 0], [0, 0, 1]];
    const { truth } = renderCase(spec, { roiLps: { min: [0, 0, 0], max: [1, 1, 1] }, noiseFree: true });
    const lad = truth.vessels.find((v) => v.name === 'LAD')!;
    const p = lad.points[Math.round(40 / 0.25)]!.lps;
    const box = { min: [p[0] - 5, p[1] - 5, p[2] - 5] as [number, number, number], max: [p[0] + 5, p[1] + 5, p[2] + 5] as [number, number, number] };
    const axial = renderCase(spec, { roiLps: box, noiseFree: true }).volume;
    const oblique = renderCase(spec, { roiLps: box, noiseFree: true, directions: dirs }).volume;
    expect(oblique.directions[0]).toEqual(dirs[0]);
    const a = sampleLps(axial, p);
    const o = sampleLps(oblique, p);
    expect(a).toBeGreaterThan(250);
    expect(Math.abs(a - o)).toBeLessThan(0.1 * a);
    // 3 mm outside the vessel on the epicardial side: fat in both
    expect(sampleLps(oblique, [p[0] + 0, p[1], p[2] + 4])).toBeLessThan(a / 2);
  });
});
