/**
 * A lumen inside a wide calcified arc, blurred: the calcium's blooming lifts the lumen centre toward the
 * half-maximum between the lumen level and the blurred calcium peak, so that crossing lands at the centre. The
 * edge on those rays is the lumen → calcium interface (the steepest rise), not the centre.
 */
import { describe, expect, it } from 'vitest';
import { analyseRays, DEFAULT_RAYS, sectionShape } from '../../../src/vessel/rays.ts';
import { calciumShellEdge } from '../../../src/vessel/edge-fits.ts';

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

  it('a lumen ringed by a thin calcified shell that blooms its centre above the calcium threshold keeps its lumen', () => {
    // lumen r 0.7 mm at 306 HU; a 0.8 mm shell of 1300 HU over 306°; σ 0.45 mm (FWHM 1.07 mm): the centre reads ≈ 545 HU,
    // above the healthy level + the calcium rise, while the shell rises well above it on most rays
    const R2 = 0.7;
    const ringed = (x: number, y: number): number => {
      const d = Math.hypot(x, y), ang = Math.abs(Math.atan2(y, x)) * (180 / Math.PI);
      if (d <= R2) return 306;
      if (d <= R2 + 0.8 && ang <= 153) return 1300;
      return d <= R2 + 1.1 ? 50 : -100;
    };
    const prof = rayProfiles(ringed, 0.45);
    expect(prof[0]!).toBeGreaterThan(306 + 120);
    const sec = analyseRays(prof, DEFAULT_RAYS, { referenceLumenHu: 306, noiseSdHu: 11, refinedEdges: true });
    const area = sectionShape(sec, DEFAULT_RAYS.rays, { smooth: true }).areaMm2;
    // read from the lumen level, every ray stops on "calcium" near the centre: ≈ 40 % of the area
    expect(area / (Math.PI * R2 * R2)).toBeGreaterThan(0.55);
  });

  it('a thin calcified shell: the fitted edge (lumen → calcium → beyond, blurred by σ) is its inner edge within 0.2 mm', () => {
    // the half-maximum between the lumen level and the low blurred peak of a thin shell lies well inside the lumen
    for (const [r0, t, sigma] of [[1.2, 0.5, 0.45], [1.0, 0.8, 0.3], [0.75, 0.5, 0.4]] as const) {
      const shell = (x: number, y: number): number => {
        const d = Math.hypot(x, y), ang = Math.abs(Math.atan2(y, x)) * (180 / Math.PI);
        if (d <= r0) return 306;
        if (d <= r0 + t && ang <= 153) return 1300;
        return d <= r0 + t + 0.3 ? 40 : -90;
      };
      const prof = rayProfiles(shell, sigma), M = Math.round(DEFAULT_RAYS.rMaxMm / DEFAULT_RAYS.drMm);
      let pk = 0;
      for (let m = 0; m <= 40; m++) if (prof[m]! > prof[pk]!) pk = m;
      let half = pk;
      while (half > 0 && prof[half - 1]! >= 0.5 * (306 + prof[pk]!)) half--;
      const edge = calciumShellEdge(prof, 0, DEFAULT_RAYS.drMm, M, pk * DEFAULT_RAYS.drMm, sigma, half * DEFAULT_RAYS.drMm);
      expect(Math.abs(edge - r0)).toBeLessThan(0.2);
    }
  });
});

