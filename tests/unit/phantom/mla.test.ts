// Rendered voxels vs truth: the lumen area counted at sub-voxel resolution in the plane perpendicular to
// the centreline at each lesion's MLA matches truth within 3 %. Noise-free, PSF off (the PSF conserves
// the integral but would smear the plateau's ends into the plane). The lumen fraction per voxel is
// isolated as (render with iodine − render without iodine) / local enhancement, so plaque and fat HU
// do not matter. The disc stops 0.7 mm outside the outer vessel wall (in the fat that surrounds
// every vessel): myocardium and chambers also carry iodine.
import { describe, expect, it } from 'vitest';
import { CASES, renderCase } from '../../../sample-data/phantom/index';
import { frameAt, sampleLps } from './sampler';

describe.each([0, 1, 2])('phantom MLA in the voxels, case %i', (ci) => {
  const spec = CASES[ci]!;
  const { truth } = renderCase(spec, { roiLps: { min: [0, 0, 0], max: [1, 1, 1] }, noiseFree: true });
  for (const l of truth.lesions) {
    it(`${spec.caseId} ${l.id} (${l.vessel}, MLA ${l.mlaMm2} mm²)`, () => {
      const v = truth.vessels.find((x) => x.name === l.vessel)!;
      const i = Math.round(l.sMm / 0.25);
      const iRef = Math.max(0, Math.round((l.startSMm - 2.5) / 0.25));
      const c = v.points[i]!.lps;
      const ref = v.points[iRef]!.lps;
      const m = 6;
      const box = {
        min: [0, 1, 2].map((k) => Math.min(c[k]!, ref[k]!) - m) as [number, number, number],
        max: [0, 1, 2].map((k) => Math.max(c[k]!, ref[k]!) + m) as [number, number, number],
      };
      const opts = { roiLps: box, noiseFree: true, noPsf: true, motionBlur: false };
      const withIodine = renderCase(spec, { ...opts, contrastScale: 1 }).volume;
      const without = renderCase(spec, { ...opts, contrastScale: 0 }).volume;
      const diff = (p: readonly number[]) => sampleLps(withIodine, p) - sampleLps(without, p);
      const enhancement = diff(ref);
      expect(enhancement).toBeGreaterThan(200);
      const { n1, n2 } = frameAt(v.points, i);
      // outer wall + 0.7 mm: inside the fat around the vessel, away from iodine in myocardium and chambers
      const R = v.points[i]!.referenceRadiusMm * Math.sqrt(l.remodellingIndex) + 0.7;
      const step = 0.04;
      let area = 0;
      for (let a = -R; a <= R; a += step) for (let b = -R; b <= R; b += step) {
        if (a * a + b * b > R * R) continue;
        const p = [0, 1, 2].map((k) => c[k]! + a * n1[k]! + b * n2[k]!);
        area += (diff(p) / enhancement) * step * step;
      }
      if (process.env.PHANTOM_VERBOSE) console.log(spec.caseId, l.id, 'area', area.toFixed(3), 'truth', l.mlaMm2, `${(100 * (area / l.mlaMm2 - 1)).toFixed(2)} %`);
      expect(Math.abs(area / l.mlaMm2 - 1)).toBeLessThan(0.03);
    });
  }
});
