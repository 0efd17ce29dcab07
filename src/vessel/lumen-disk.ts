/**
 * Lumen edges of plain falls by a forward model of the ray profile: a lumen disk (level L, radius a) inside a
 * layer (wall or plaque, level W, out to b) in what lies beyond (F), blurred by the image's 2-D Gaussian σ:
 *   y(r) = F + (W − F)·D(r; b) + (L − W)·D(r; a),   D = blurred disk (disk-blur.ts).
 * The steepest point of such a fall is not the lumen edge: a thin wall's step to the fat pulls it outward and a
 * disk's curvature pulls it inward; the fit places a where the whole profile says it is. L, W, F are solved in
 * closed form for every (a, b) on a grid; the σ is the vessel's own, fitted jointly over many plain falls
 * (jointFallSigmaMm): a single fall cannot tell a wider blur from a thin layer, hundreds of them can.
 */
import { blurredDisk } from './disk-blur.ts';

/** grid of the lumen radius a, mm */
const H_MM = 0.025;
/** a is searched within this of the rays' first edge, mm (inward, outward): the first edge's bias is < 0.2 mm */
const A_IN_MM = 0.45, A_OUT_MM = 0.3;

/**
 * D(m·dr; i·h) for every sample m of a ray and every column i at one σ, with the running sums over m (index m: sum
 * of samples < m) of D, D² and of D·D' for each layer offset (D' the column i + B_OFFSETS[j]): a window's sums
 * that do not involve the data are two reads.
 */
export interface DiskTable {
  readonly sigmaMm: number;
  readonly samples: number;
  readonly columns: number;
  readonly cols: Float64Array;
  readonly cumA: Float64Array;
  readonly cumAA: Float64Array;
  readonly cumAB: Float64Array;
}

export function diskTable(sigmaMm: number, drMm: number, samples: number, maxRadiusMm: number): DiskTable {
  const columns = Math.ceil(maxRadiusMm / H_MM) + 1, S = samples, S1 = S + 1, NB = B_OFFSETS.length;
  const cols = new Float64Array(columns * S);
  for (let ia = 0; ia < columns; ia++) {
    const alpha = (ia * H_MM) / sigmaMm;
    for (let m = 0; m < S; m++) cols[ia * S + m] = blurredDisk((m * drMm) / sigmaMm, alpha);
  }
  const cumA = new Float64Array(columns * S1), cumAA = new Float64Array(columns * S1), cumAB = new Float64Array(columns * NB * S1);
  for (let i = 0; i < columns; i++) {
    for (let m = 0; m < S; m++) {
      const d = cols[i * S + m]!;
      cumA[i * S1 + m + 1] = cumA[i * S1 + m]! + d;
      cumAA[i * S1 + m + 1] = cumAA[i * S1 + m]! + d * d;
    }
    for (let j = 0; j < NB; j++) {
      const ib = i + B_OFFSETS[j]!;
      if (ib >= columns) break;
      const o = (i * NB + j) * S1;
      for (let m = 0; m < S; m++) cumAB[o + m + 1] = cumAB[o + m]! + cols[i * S + m]! * cols[ib * S + m]!;
    }
  }
  return { sigmaMm, samples, columns, cols, cumA, cumAA, cumAB };
}

export interface RayFit {
  /** lumen radius, mm */
  readonly aMm: number;
  /** sum of squared residuals over the window, HU² */
  readonly sse: number;
  /** the fitted lumen level L, HU */
  readonly lumenHu: number;
}

/** scratch of the per-column sums (one ray at a time) */
export interface FitScratch { sa: Float64Array; saa: Float64Array; sya: Float64Array; best: Float64Array; lev: Float64Array; colGen: Uint32Array; aGen: Uint32Array; gen: number }
export function fitScratch(t: DiskTable): FitScratch {
  return { sa: new Float64Array(t.columns), saa: new Float64Array(t.columns), sya: new Float64Array(t.columns), best: new Float64Array(t.columns), lev: new Float64Array(t.columns), colGen: new Uint32Array(t.columns), aGen: new Uint32Array(t.columns), gen: 0 };
}

/**
 * Priors of the levels, as pseudo-samples: the layer's level W toward `wallHu` with weight `wallWeight` (a layer
 * thinner than the blur cannot tell its level from its thickness; a thick one outweighs the prior), the lumen's L
 * toward `lumenHu` with `lumenWeight` (0: free).
 */
export interface LevelPriors {
  readonly wallHu: number;
  readonly wallWeight: number;
  readonly lumenHu: number;
  readonly lumenWeight: number;
}

/**
 * The best (a, b) of one ray: samples m0..m1 of `prof` from `base`, a within [r0 − A_IN_MM, r0 + A_OUT_MM] every
 * 0.1 mm, then every H_MM about the best, b at B_OFFSETS beyond a. Levels must order as a lumen: L above W by
 * more than `minStepHu` (a fit that inverts them is no lumen edge). Null when the window is too short or nothing fits.
 */
export function fitRay(prof: Float64Array, base: number, m0: number, m1: number, r0Mm: number, t: DiskTable, sc: FitScratch, minStepHu: number, pr: LevelPriors): RayFit | null {
  if (m1 >= t.samples) m1 = t.samples - 1;
  if (m1 - m0 < 6) return null;
  const ia0 = Math.max(2, Math.round((r0Mm - A_IN_MM) / H_MM)), ia1 = Math.min(t.columns - 1 - B_OFFSETS[B_OFFSETS.length - 1]! - 2, Math.round((r0Mm + A_OUT_MM) / H_MM));
  if (ia1 <= ia0) return null;
  const w: FitWindow = { prof, base, m0, m1, n: 0, sy: 0, yy: 0, t, sc, minStepHu, pr };
  for (let m = m0; m <= m1; m++) { const y = prof[base + m]!; w.n++; w.sy += y; w.yy += y * y; }
  w.yy += pr.wallWeight * pr.wallHu * pr.wallHu + pr.lumenWeight * pr.lumenHu * pr.lumenHu;
  sc.gen++;
  let best = Infinity, bestA = -1;
  for (let ia = ia0; ia <= ia1; ia += COARSE) {
    const v = bestOverB(w, ia);
    if (v < best) { best = v; bestA = ia; }
  }
  if (bestA < 0) return null;
  const c = bestA;
  for (let ia = Math.max(ia0, c - COARSE + 1); ia <= Math.min(ia1, c + COARSE - 1); ia++) {
    if (ia === c) continue;
    const v = bestOverB(w, ia);
    if (v < best) { best = v; bestA = ia; }
  }
  // between grid points: the vertex of the parabola through the best a and its two neighbours
  let frac = 0;
  if (bestA > ia0 && bestA < ia1 && sc.aGen[bestA - 1] === sc.gen && sc.aGen[bestA + 1] === sc.gen) {
    const v0 = sc.best[bestA - 1]!, v2 = sc.best[bestA + 1]!, den = v0 - 2 * best + v2;
    if (Number.isFinite(den) && den > 0) frac = Math.max(-0.5, Math.min(0.5, (0.5 * (v0 - v2)) / den));
  }
  return { aMm: (bestA + frac) * H_MM, sse: best, lumenHu: sc.lev[bestA]! };
}

/** coarse step of a, columns (0.1 mm) */
const COARSE = 4;
/** the layer's outer edge b beyond a, columns of H_MM: 0.1 to 1.3 mm, finer where a thin wall and the blur interact */
const B_OFFSETS = [4, 8, 12, 18, 24, 32, 40, 52];

interface FitWindow {
  readonly prof: Float64Array; readonly base: number; readonly m0: number; readonly m1: number;
  n: number; sy: number; yy: number;
  readonly t: DiskTable; readonly sc: FitScratch; readonly minStepHu: number; readonly pr: LevelPriors;
}

/** the per-column sums of the window (computed once per ray and column) */
function columnSums(w: FitWindow, i: number): void {
  const sc = w.sc;
  if (sc.colGen[i] === sc.gen) return;
  const t = w.t, c = i * t.samples, cols = t.cols, c1 = i * (t.samples + 1);
  let ya = 0;
  for (let m = w.m0; m <= w.m1; m++) ya += cols[c + m]! * w.prof[w.base + m]!;
  sc.sa[i] = t.cumA[c1 + w.m1 + 1]! - t.cumA[c1 + w.m0]!;
  sc.saa[i] = t.cumAA[c1 + w.m1 + 1]! - t.cumAA[c1 + w.m0]!;
  sc.sya[i] = ya; sc.colGen[i] = sc.gen;
}

/** the least residual over b of a lumen edge at column ia (Infinity when no b gives a lumen) */
function bestOverB(w: FitWindow, ia: number): number {
  const sc = w.sc, S1 = w.t.samples + 1, NB = B_OFFSETS.length, cumAB = w.t.cumAB, kW = w.pr.wallWeight, kL = w.pr.lumenWeight;
  columnSums(w, ia);
  const A = sc.sa[ia]!, AA = sc.saa[ia]!, YA = sc.sya[ia]!, n = w.n, sy = w.sy;
  let best = Infinity;
  for (let j = 0; j < NB; j++) {
    const ib = ia + B_OFFSETS[j]!;
    columnSums(w, ib);
    const B = sc.sa[ib]!, BB = sc.saa[ib]!, YB = sc.sya[ib]!, o = (ia * NB + j) * S1;
    const AB = cumAB[o + w.m1 + 1]! - cumAB[o + w.m0]!;
    // y ≈ F·(1 − Db) + W·(Db − Da) + L·Da, normal equations plus the priors' pseudo-samples
    const uu = n - 2 * B + BB, vv = BB - 2 * AB + AA + kW, ww = AA + kL;
    const uv = B - BB - A + AB, uw = A - AB, vw = AB - AA;
    const uy = sy - YB, vy = YB - YA + kW * w.pr.wallHu, wy = YA + kL * w.pr.lumenHu;
    // Cramer's rule, inlined (no allocation per trial)
    const k11 = vv * ww - vw * vw, k12 = uv * ww - vw * uw, k13 = uv * vw - vv * uw;
    const det = uu * k11 - uv * k12 + uw * k13;
    if (!(Math.abs(det) > 1e-9 * (Math.abs(uu * vv * ww) + 1e-12))) continue;
    const F = (uy * k11 - uv * (vy * ww - vw * wy) + uw * (vy * vw - vv * wy)) / det;
    const W = (uu * (vy * ww - vw * wy) - uy * k12 + uw * (uv * wy - vy * uw)) / det;
    const L = (uu * (vv * wy - vy * vw) - uv * (uv * wy - vy * uw) + uy * k13) / det;
    if (!(L - W > w.minStepHu)) continue;
    const sse = w.yy - (F * uy + W * vy + L * wy);
    if (sse < best) { best = sse; sc.lev[ia] = L; }
  }
  sc.best[ia] = best; sc.aGen[ia] = sc.gen;
  return best;
}

/** One plain fall to fit: its profile, the samples of its window and the rays' first edge. */
export interface FallRay {
  readonly prof: Float64Array;
  readonly base: number;
  readonly m0: number;
  readonly m1: number;
  readonly r0Mm: number;
}

/** σ grid searched, mm: FWHM 0.35–1.65 mm, beyond what CCTA spans on either side */
const SIGMA_LO = 0.15, SIGMA_HI = 0.7, SIGMA_STEP = 0.05;

/**
 * The blur σ of the image from plain falls: the σ whose best per-ray fits leave the least residual summed over all
 * the falls (coarse grid, then a parabola through the three best). NaN with fewer than `minRays` fits.
 */
export function jointFallSigmaMm(rays: readonly FallRay[], drMm: number, samples: number, minStepHu: number, pr: LevelPriors, minRays = 48): number {
  if (rays.length < minRays) return NaN;
  const maxR = Math.max(...rays.map((r) => r.r0Mm)) + A_OUT_MM + (B_OFFSETS[B_OFFSETS.length - 1]! + 3) * H_MM;
  const cache = new Map<number, number>();
  const total = (sigma: number): number => {
    const key = Math.round(sigma * 1e4);
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    const t = diskTable(sigma, drMm, samples, maxR);
    const sc = fitScratch(t);
    let acc = 0;
    for (const r of rays) {
      const f = fitRay(r.prof, r.base, r.m0, r.m1, r.r0Mm, t, sc, minStepHu, pr);
      // a ray this σ cannot fit contributes its variance about the mean (no edge explains it)
      acc += f ? f.sse : variance(r);
    }
    cache.set(key, acc);
    return acc;
  };
  // coarse grid every 2 steps, then single steps around its best until a minimum is bracketed, then a parabola
  let bestS = NaN, bestV = Infinity;
  for (let s = SIGMA_LO; s <= SIGMA_HI + 1e-9; s += 2 * SIGMA_STEP) {
    const v = total(s);
    if (v < bestV) { bestV = v; bestS = s; }
  }
  if (!Number.isFinite(bestS)) return NaN;
  for (let guard = 0; guard < 8; guard++) {
    const lo = bestS - SIGMA_STEP, hi = bestS + SIGMA_STEP;
    if (lo < SIGMA_LO - 1e-9 || hi > SIGMA_HI + 1e-9) return bestS;
    const vLo = total(lo), vHi = total(hi);
    if (vLo < bestV && vLo <= vHi) { bestS = lo; bestV = vLo; continue; }
    if (vHi < bestV) { bestS = hi; bestV = vHi; continue; }
    const den = vLo - 2 * bestV + vHi;
    return den > 0 ? bestS + (SIGMA_STEP * 0.5 * (vLo - vHi)) / den : bestS;
  }
  return bestS;
}

/** sum of squared deviations of a fall's window about its mean, HU² */
function variance(r: FallRay): number {
  let n = 0, s = 0, ss = 0;
  for (let m = r.m0; m <= r.m1; m++) { const y = r.prof[r.base + m]!; n++; s += y; ss += y * y; }
  return ss - (s * s) / n;
}
