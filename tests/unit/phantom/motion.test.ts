// Motion blur (Cas 3 default): changes voxels around the mid RCA only.
import { describe, expect, it } from 'vitest';
import { caseByKey, renderCase } from '../../../sample-data/phantom/index';

describe('phantom motion blur', () => {
  it('blurs the mid RCA neighbourhood and nothing far from it', () => {
    const spec = caseByKey('cas3');
    expect(spec.motionBlur).toBe(true);
    const { truth } = renderCase(spec, { roiLps: { min: [0, 0, 0], max: [1, 1, 1] }, noiseFree: true });
    const rca = truth.vessels.find((v) => v.name === 'RCA')!;
    const mid = rca.points.filter((p) => p.segment === 2);
    const p = mid[Math.floor(mid.length / 2)]!.lps;
    const box = { min: [p[0] - 12, p[1] - 12, p[2] - 12] as [number, number, number], max: [p[0] + 12, p[1] + 12, p[2] + 12] as [number, number, number] };
    const on = renderCase(spec, { roiLps: box, noiseFree: true, noPsf: true }).volume;
    const off = renderCase(spec, { roiLps: box, noiseFree: true, noPsf: true, motionBlur: false }).volume;
    const [nx, ny] = on.dimensions;
    let changedNear = 0;
    let changedFar = 0;
    for (let q = 0; q < on.voxels.length; q++) {
      if (on.voxels[q] === off.voxels[q]) continue;
      const i = q % nx, j = Math.floor(q / nx) % ny, k = Math.floor(q / (nx * ny));
      const x = on.originLps[0] + i * on.spacingMm[0], y = on.originLps[1] + j * on.spacingMm[1], z = on.originLps[2] + k * on.spacingMm[2];
      const dMin = Math.min(...rca.points.filter((r) => r.segment === 2).map((r) => Math.hypot(r.lps[0] - x, r.lps[1] - y, r.lps[2] - z)));
      if (dMin < 8) changedNear++;
      else changedFar++;
    }
    expect(changedNear).toBeGreaterThan(100);
    expect(changedFar).toBe(0);
  });
});
