// Rendered voxels vs truth: the lumen area counted at sub-voxel resolution in the plane perpendicular to
// the centreline at each lesion's MLA matches truth within 3 %. Noise-free, PSF off (the PSF conserves
// the integral but would smear the plateau's ends into the plane). The lumen fraction per voxel is
// isolated as (render with iodine − render without iodine) / local enhancement, so plaque and fat HU
// do not matter.
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
      const { t, n1, n2 } = frameAt(v.points, i);
      // disc around the truth lumen circle, 0.9 mm wider: holds the partial-volume tail of the lumen
      // (voxel box + trilinear ≤ 0.75 mm) and stays inside the plaque and fat around it, away from the
      // iodine of myocardium and chambers. Sub-voxel lumens are sampled by few voxels: one plane alone
      // can alias with the grid (±5–10 %), so the plane integral is averaged over 9 parallel planes
      // within ±0.5 mm (inside the ±1.25 mm constant-lumen plateau).
      const lc = v.points[i]!.lumenCentreLps ?? c;
      const R = v.points[i]!.lumenRadiusMm + 0.9;
      const step = 0.025;
      let area = 0;
      const shifts = [-0.5, -0.375, -0.25, -0.125, 0, 0.125, 0.25, 0.375, 0.5];
      for (const sh of shifts) {
        for (let a = -R; a <= R; a += step) for (let b = -R; b <= R; b += step) {
          if (a * a + b * b > R * R) continue;
          const p = [0, 1, 2].map((k) => lc[k]! + sh * t[k]! + a * n1[k]! + b * n2[k]!);
          area += (diff(p) / enhancement) * step * step;
        }
      }
      area /= shifts.length;
      if (process.env.PHANTOM_VERBOSE) console.log(spec.caseId, l.id, 'area', area.toFixed(3), 'truth', l.mlaMm2, `${(100 * (area / l.mlaMm2 - 1)).toFixed(2)} %`);
      expect(Math.abs(area / l.mlaMm2 - 1)).toBeLessThan(0.03);
    });
  }
});
