/**
 * Lumens inside calcified rings, blurred: the ring's bloom covers the section centre and lifts the lumen's plateau.
 * - the lumen's centre is the centre of the ring's ridge (lumen-seed.ts ringLumenCentre), not the bright bloom;
 * - a non-stenotic calcified ring (calcium in the remodelled wall, the lumen at its reference size) reads < 25 %;
 * - a 40 % stenosis under a 300° arc reads 40 ± 10 %;
 * - a lumen narrower than the blur resolves beside calcium is "not assessable" (ray-calcium.ts calciumHidesLumen).
 * Sections are drawn analytically, blurred by a Gaussian σ and sampled on rays or grids as the pipeline does.
 */
import { describe, expect, it } from 'vitest';
import { analyseRays, DEFAULT_RAYS, sectionShape } from '../../../src/vessel/rays.ts';
import { calciumShellEdge } from '../../../src/vessel/edge-fits.ts';
import { ringLumenCentre } from '../../../src/vessel/lumen-seed.ts';
import { calciumHidesLumen, calciumRiseHu } from '../../../src/vessel/ray-calcium.ts';

const FINE = 0.05, HALF = 5;
type Draw = (x: number, y: number) => number;

/** the section on a fine grid blurred by a Gaussian σ (separable), read bilinearly at (x, y) mm */
function blurred(draw: Draw, sigmaMm: number): (x: number, y: number) => number {
  const n = Math.round((2 * HALF) / FINE) + 1, img = new Float64Array(n * n);
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) img[j * n + i] = draw(-HALF + i * FINE, -HALF + j * FINE);
  const r = Math.ceil((3 * sigmaMm) / FINE), k = new Float64Array(2 * r + 1);
  let sum = 0;
  for (let d = -r; d <= r; d++) { k[d + r] = Math.exp(-((d * FINE) ** 2) / (2 * sigmaMm * sigmaMm)); sum += k[d + r]!; }
  const at = (a: Float64Array, i: number, j: number): number => a[Math.min(n - 1, Math.max(0, j)) * n + Math.min(n - 1, Math.max(0, i))]!;
  const tmp = new Float64Array(n * n), out = new Float64Array(n * n);
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) { let a = 0; for (let d = -r; d <= r; d++) a += k[d + r]! * at(img, i + d, j); tmp[j * n + i] = a / sum; }
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) { let a = 0; for (let d = -r; d <= r; d++) a += k[d + r]! * at(tmp, i, j + d); out[j * n + i] = a / sum; }
  return (x, y) => {
    const fi = (x + HALF) / FINE, fj = (y + HALF) / FINE, i0 = Math.floor(fi), j0 = Math.floor(fj), u = fi - i0, v = fj - j0;
    return (1 - u) * (1 - v) * at(out, i0, j0) + u * (1 - v) * at(out, i0 + 1, j0) + (1 - u) * v * at(out, i0, j0 + 1) + u * v * at(out, i0 + 1, j0 + 1);
  };
}

const o = DEFAULT_RAYS, M = Math.round(o.rMaxMm / o.drMm);
function rayProfiles(img: (x: number, y: number) => number, cu = 0, cv = 0): Float64Array {
  const prof = new Float64Array(o.rays * (M + 1));
  for (let q = 0; q < o.rays; q++) {
    const th = (2 * Math.PI * q) / o.rays;
    for (let m = 0; m <= M; m++) prof[q * (M + 1) + m] = img(cu + m * o.drMm * Math.cos(th), cv + m * o.drMm * Math.sin(th));
  }
  return prof;
}

/** the lumen diameter the pipeline reads: ray edges, calcified rays refitted by the blurred shell model (lumen-blur.ts) */
function measuredDiameterMm(prof: Float64Array, levelHu: number, sigmaMm: number): number {
  const sec = analyseRays(prof, o, { referenceLumenHu: levelHu, noiseSdHu: 15, refinedEdges: true });
  for (let q = 0; q < o.rays; q++) {
    if (sec.calcified[q]) sec.radiiMm[q] = calciumShellEdge(prof, q * (M + 1), o.drMm, M, sec.valleyMm[q]!, sigmaMm, sec.radiiMm[q]!);
  }
  return 2 * Math.sqrt(sectionShape(sec, o.rays, { smooth: true }).areaMm2 / Math.PI);
}

const LUMEN = 312, WALL = 45, FAT = -100;
/** a lumen of radius rl, calcium from rc0 to rc1 over arcDeg centred on −x (the gap on +x), wall to rc1 + 0.5, fat */
const ringed = (rl: number, rc0: number, rc1: number, arcDeg: number, caHu: number): Draw => (x, y) => {
  const d = Math.hypot(x, y), ang = Math.abs(Math.atan2(y, x)) * (180 / Math.PI);
  if (d < rl) return LUMEN;
  if (d >= rc0 && d <= rc1 && ang >= 180 - arcDeg / 2) return caHu;
  return d <= rc1 + 0.5 ? WALL : FAT;
};

describe('the lumen inside a calcified ring', () => {
  it('is found at the centre of the ring even where the centreline point sits in its bloom', () => {
    // a small lumen (r 0.78 mm) ringed over 234° by 1180 HU calcium 0.57 mm thick, σ 0.37 mm; the point 0.45 mm
    // toward the calcium reads ≈ 2 × the lumen level
    const img = blurred(ringed(0.78, 0.77, 1.34, 234, 1180), 0.37);
    const step = 0.1, K = 18, W = 2 * K + 1, cu = -0.45, cv = 0.1;
    const grid = new Float64Array(W * W);
    for (let j = 0; j < W; j++) for (let i = 0; i < W; i++) grid[j * W + i] = img(cu + (i - K) * step, cv + (j - K) * step);
    const level = 290;
    expect(img(cu, cv)).toBeGreaterThan(level + calciumRiseHu(level, 15));
    const seed = ringLumenCentre({ grid, stepMm: step, levelHu: level, tissueHu: 40, blurMm: 0.3, calciumHu: level + calciumRiseHu(level, 15) });
    expect(seed).not.toBeNull();
    expect(Math.hypot(cu + seed!.uMm, cv + seed!.vMm), `seed at (${(cu + seed!.uMm).toFixed(2)}, ${(cv + seed!.vMm).toFixed(2)})`).toBeLessThan(0.25);
  });

  it('finds no ring lumen in plaque ringed by calcium (no lumen: the centre stays below a lumen even lifted)', () => {
    const noLumen = blurred(ringed(0, 0.9, 1.4, 300, 1000), 0.35);
    const step = 0.1, K = 18, W = 2 * K + 1, grid = new Float64Array(W * W);
    for (let j = 0; j < W; j++) for (let i = 0; i < W; i++) grid[j * W + i] = noLumen((i - K) * step, (j - K) * step);
    expect(ringLumenCentre({ grid, stepMm: step, levelHu: 300, tissueHu: 40, blurMm: 0.35, calciumHu: 300 + calciumRiseHu(300, 15) })).toBeNull();
  });

  it('non-stenotic: calcium in the remodelled wall around a reference-size lumen reads < 25 %', () => {
    // the lumen keeps its reference radius, the calcium lies just outside it (arcs 120–360°); the vessel's σ read on
    // its plain edges may be up to 20 % narrow (small lumens)
    for (const [rl, arc, sigma] of [[0.78, 234, 0.37], [0.78, 360, 0.37], [1.0, 300, 0.3], [1.2, 120, 0.45], [0.8, 284, 0.24]] as const) {
      for (const sigmaRead of [sigma, 0.8 * sigma]) {
        const d = measuredDiameterMm(rayProfiles(blurred(ringed(rl, rl, rl + 0.57, arc, 1100), sigma)), 0.93 * LUMEN, sigmaRead);
        const ds = 100 * (1 - d / (2 * rl));
        expect(ds, `r ${rl} arc ${arc}° σ ${sigma} (read ${sigmaRead.toFixed(2)}): d ${d.toFixed(2)} mm`).toBeLessThan(25);
      }
    }
  });

  it('a 40 % stenosis under a 300° arc reads 40 ± 10 %', () => {
    // reference lumen r 1.5 mm; residual r 0.9 mm, calcium from it out to the wall (1.5 mm), 1000 HU
    for (const sigma of [0.3, 0.37, 0.45]) {
      const d = measuredDiameterMm(rayProfiles(blurred(ringed(0.9, 0.9, 1.5, 300, 1000), sigma)), LUMEN, sigma);
      const ds = 100 * (1 - d / 3.0);
      expect(Math.abs(ds - 40), `σ ${sigma}: d ${d.toFixed(2)} mm, DS ${ds.toFixed(0)} %`).toBeLessThan(10);
    }
  });
});

describe('a lumen the blur cannot show beside calcium is not assessable', () => {
  const base = { calcifiedFraction: 0.8, levelHu: 300, noiseSdHu: 20, sigmaMm: 0.35 };
  it('a lumen under 4σ whose centre the ring lifts above the calcium threshold', () => {
    const img = blurred(ringed(0.35, 0.35, 0.95, 300, 1100), 0.35);
    const centreHu = img(0, 0);
    expect(centreHu).toBeGreaterThan(300 + calciumRiseHu(300, 20));
    expect(calciumHidesLumen({ ...base, centreHu, diameterMm: 0.7 })).toBe(true);
    expect(calciumHidesLumen({ ...base, centreHu, diameterMm: 0 })).toBe(true);
  });
  it('but not a lumen wide enough, one whose centre reads as lumen, or one without calcium around', () => {
    const wide = blurred(ringed(1.4, 1.4, 2.0, 300, 1100), 0.35);
    expect(calciumHidesLumen({ ...base, centreHu: wide(0, 0), diameterMm: 2.8 })).toBe(false);
    expect(calciumHidesLumen({ ...base, centreHu: 320, diameterMm: 0.7 })).toBe(false);
    expect(calciumHidesLumen({ ...base, calcifiedFraction: 0.1, centreHu: 700, diameterMm: 0.7 })).toBe(false);
  });
});
