// A coronary lying on the myocardium, totally occluded over 20 mm, its distal refill as dim as the myocardium (a
// small lumen blurred, and fed by collaterals): the centreline must cross the occlusion along the vessel, never along
// the myocardium just under its face, where a surroundings median (a sphere around the voxel, half of it in the
// epicardial fat) lets noisy tissue pass for a tube. Across a tube, both sides are darker (a ridge); across the
// myocardium's face, one side is the tissue itself (a step). LPS mm, identity orientation, 0.4 mm voxels, PSF 0.95 mm,
// white noise 37 HU (synthetic).
import { describe, expect, it } from 'vitest';
import { extractCentreline } from '../../../src/vessel/centreline.ts';
import { interiorIndexOf, ridgeFloorOf, shellMedianOf, shellOffsets, smoothedHuAtIndex, tubeLikelihood } from '../../../src/vessel/tube-contrast.ts';
import { distanceToPolyline } from '../../../src/vessel/curve.ts';
import type { Lps } from '../../../src/volume/volume.ts';
import { helixCurve, makeTube, type SectionFn } from './synthetic.ts';

// the vessel: an arc of radius 45 mm around the heart's axis (z), a small lumen (r 1 mm at 300 HU, r 0.8 mm at 170 HU
// after the occlusion at s 28–48, 40 HU plaque), 0.5 mm wall; the myocardium (125 HU, 10 mm) right under it
const R_HEART = 45, LEN = 80, MYO_HU = 125;
const occluded = (s: number): boolean => s > 28 && s < 48;
const radius = (s: number): number => (s < 48 ? 1 : 0.8);
const section: SectionFn = (s, u, v) => {
  const d = Math.hypot(u, v), r = radius(s);
  if (d <= r) return occluded(s) ? 40 : s < 48 ? 300 : 170;
  return d <= r + 0.5 ? 40 : null;
};
const heart = (p: Lps): number | null => {
  const r = Math.hypot(p[0], p[1]);
  const surface = R_HEART - 1.5;
  return r < surface - 10 ? 280 : r <= surface ? MYO_HU : null;
};
const SP = 0.4;
const origin: Lps = [-13, -4, -8];

describe('a coronary on the myocardium across a 20 mm occlusion, its refill as dim as the myocardium', () => {
  const tube = makeTube({
    dims: [155, 130, 40], spacingMm: [SP, SP, SP], originLps: origin, curve: helixCurve(LEN, [0, 0, 0], R_HEART, 0),
    section, maxRadiusMm: 2, backgroundHu: -95, noiseSdHu: 0, psfFwhmMm: 0.95, seed: 5, extra: heart,
  });
  // white noise (uncorrelated between voxels, as a sharp reconstruction kernel gives): 37 HU
  let state = 12345;
  const uniform = (): number => { state = (state * 1664525 + 1013904223) >>> 0; return (state + 0.5) / 4294967296; };
  const vox = tube.volume.voxels;
  for (let q = 0; q < vox.length; q++) vox[q] = Math.round(vox[q]! + 37 * Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform()));
  const line = tube.truth.map((t) => t.lps);
  const v = tube.volume;
  const smoothed = smoothedHuAtIndex(v), interior = interiorIndexOf(v);
  const at = (i: number, j: number, k: number): number => smoothed(interior(i, j, k));

  it('the myocardium under its face is no ridge (ridge floor on smoothed HU), where the shell median saw tubes', () => {
    const offsets = shellOffsets(v.spacingMm);
    // lumen-bright shell points are left out as the path cost has them: from 0.7 × the brighter lumen's level
    const bright = 0.7 * 300;
    const floor = ridgeFloorOf(v, offsets, bright, at), med = shellMedianOf(v, offsets, bright);
    // every voxel 0.3–2.5 mm under the myocardium's face and ≥ 3.5 mm beside the vessel (z ≤ −3.5), along the arc
    let n = 0, ridge = 0, median = 0, lumen = 0, lumenN = 0;
    const [nx, ny, nz] = v.dimensions;
    for (let k = 1; k < nz - 1; k++) for (let j = 1; j < ny - 1; j++) for (let i = 1; i < nx - 1; i++) {
      const p: Lps = [origin[0] + i * SP, origin[1] + j * SP, origin[2] + k * SP];
      const depth = R_HEART - 1.5 - Math.hypot(p[0], p[1]);
      const th = Math.atan2(p[1], p[0]) * R_HEART;
      if (th < 5 || th > LEN - 5) continue;
      // the path cost's tube likelihood: its scale is the dim lumen's contrast over the fat (≈ 170 + 95 HU, blurred)
      if (depth >= 0.3 && depth <= 2.5 && p[2] <= -3.5) {
        n++;
        if (tubeLikelihood(at(i, j, k) - floor(i, j, k), 220) > 0.5) ridge++;
        // the former rule: the median of the raw shell, on the dim lumen's level
        if (tubeLikelihood(at(i, j, k) - med(i, j, k), 137) > 0.5) median++;
      }
      if (Math.hypot(Math.hypot(p[0], p[1]) - R_HEART, p[2]) < 0.3 && !occluded(th)) { lumenN++; if (tubeLikelihood(at(i, j, k) - floor(i, j, k), 220) > 0.5) lumen++; }
    }
    console.log(`myocardium under its face: ${n} voxels, a tube for the ridge floor ${ridge}, for the shell median ${median}; lumen ${lumen}/${lumenN}`);
    expect(ridge / n).toBeLessThan(0.002);
    expect(median / n).toBeGreaterThan(0.02);
    expect(lumen / lumenN).toBeGreaterThan(0.95);
  });

  it('the centreline crosses the occlusion along the vessel, not along the myocardium (mean ≤ 0.5 mm, max ≤ 1.5 mm)', () => {
    const cl = extractCentreline(v, { fromLps: line[0]!, toLps: line[line.length - 1]! });
    const d = cl.pointsLps.map((p) => distanceToPolyline(p, line));
    const mean = d.reduce((a, b) => a + b, 0) / d.length, max = Math.max(...d);
    console.log(`coronary on the myocardium across an occlusion: centreline to truth mean ${mean.toFixed(2)}, max ${max.toFixed(2)} mm`);
    expect(mean).toBeLessThanOrEqual(0.5);
    expect(max).toBeLessThanOrEqual(1.5);
  });
});
