/**
 * A lumen inside a wide calcified arc, blurred: the calcium's blooming lifts the lumen centre toward the
 * half-maximum between the lumen level and the blurred calcium peak, so that crossing lands at the centre. The
 * edge on those rays is the lumen → calcium interface (the steepest rise), not the centre.
 */
import { describe, expect, it } from 'vitest';
import { analyseRays, DEFAULT_RAYS, sectionShape } from '../../../src/vessel/rays.ts';

/** HU of the section on a fine grid, blurred by a Gaussian σ (separable), sampled on rays like sampleSections. */
function rayProfiles(hu: (x: number, y: number) => number, sigmaMm: number): Float64Array {
  const h = 0.05, half = 8, n = Math.round((2 * half) / h) + 1;
  const img = new Float64Array(n * n);
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) img[j * n + i] = hu(-half + i * h, -half + j * h);
  const r = Math.ceil((3 * sigmaMm) / h), k = new Float64Array(2 * r + 1);
  let sum = 0;
  for (let d = -r; d <= r; d++) { k[d + r] = Math.exp(-((d * h) ** 2) / (2 * sigmaMm * sigmaMm)); sum += k[d + r]!; }
  const tmp = new Float64Array(n * n), out = new Float64Array(n * n);
  const at = (a: Float64Array, i: number, j: number): number => a[Math.min(n - 1, Math.max(0, j)) * n + Math.min(n - 1, Math.max(0, i))]!;
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) { let acc = 0; for (let d = -r; d <= r; d++) acc += k[d + r]! * at(img, i + d, j); tmp[j * n + i] = acc / sum; }
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) { let acc = 0; for (let d = -r; d <= r; d++) acc += k[d + r]! * at(tmp, i, j + d); out[j * n + i] = acc / sum; }
  const o = DEFAULT_RAYS, M = Math.round(o.rMaxMm / o.drMm);
  const prof = new Float64Array(o.rays * (M + 1));
  for (let q = 0; q < o.rays; q++) {
    const th = (2 * Math.PI * q) / o.rays;
    for (let m = 0; m <= M; m++) {
      const x = m * o.drMm * Math.cos(th), y = m * o.drMm * Math.sin(th);
      const fi = (x + half) / h, fj = (y + half) / h, i0 = Math.floor(fi), j0 = Math.floor(fj), u = fi - i0, v = fj - j0;
      prof[q * (M + 1) + m] = (1 - u) * (1 - v) * at(out, i0, j0) + u * (1 - v) * at(out, i0 + 1, j0) + (1 - u) * v * at(out, i0, j0 + 1) + u * v * at(out, i0 + 1, j0 + 1);
    }
  }
  return prof;
}

describe('lumen inside a bloomed calcified arc (rays.ts)', () => {
  // lumen r 0.7 mm at 360 HU; calcium 0.7–1.5 mm over 300° at 1000 HU; wall to 1.9 mm; fat beyond; σ 0.40 mm.
  // The healthy level nearby (a small vessel, itself blurred) reads 330 HU
  const R = 0.7, SIGMA = 0.4, LEVEL = 330;
  const section = (arcDeg: number) => (x: number, y: number): number => {
    const d = Math.hypot(x, y);
    if (d <= R) return 360;
    const ang = Math.abs(Math.atan2(y, x)) * (180 / Math.PI);
    if (d <= R + 0.8 && ang >= 180 - arcDeg / 2) return 1000;
    return d <= R + 1.2 ? 50 : -100;
  };

  it('reads the lumen radius within 0.25 mm of 0.7 mm under a 300° arc', () => {
    const sec = analyseRays(rayProfiles(section(300), SIGMA), DEFAULT_RAYS, { referenceLumenHu: LEVEL, noiseSdHu: 20, refinedEdges: true });
    const r = Math.sqrt(sectionShape(sec, DEFAULT_RAYS.rays, { smooth: true }).areaMm2 / Math.PI);
    expect(sec.calcified.some((c) => c === 1)).toBe(true);
    expect(Math.abs(r - R)).toBeLessThan(0.25);
  });

  it('and the same lumen without calcium reads the same (the arc does not narrow it)', () => {
    const plain = analyseRays(rayProfiles(section(0), SIGMA), DEFAULT_RAYS, { referenceLumenHu: LEVEL, noiseSdHu: 20, refinedEdges: true });
    const withCa = analyseRays(rayProfiles(section(300), SIGMA), DEFAULT_RAYS, { referenceLumenHu: LEVEL, noiseSdHu: 20, refinedEdges: true });
    const a0 = sectionShape(plain, DEFAULT_RAYS.rays, { smooth: true }).areaMm2, a1 = sectionShape(withCa, DEFAULT_RAYS.rays, { smooth: true }).areaMm2;
    expect(a1 / a0).toBeGreaterThan(0.6);
  });
});
