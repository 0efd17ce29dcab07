/**
 * Calcium the rays' threshold misses. Thin or faint calcium (a shell of 0.5 mm at 600–900 HU) blurred by the image
 * peaks barely above the lumen level, under the rays' calcium threshold (ray-calcium.ts calciumRiseHu, a margin for
 * the blurred peak), and its bloom is read as lumen: the lumen edge moves out to the calcium's outer flank. With the
 * blood level L known (the vessel's healthy sections nearby), a ray profile from the centre to its valley is
 * explained two ways, each blurred in the plane by the vessel's σ (blurredDisk, the 2-D blur of a disk):
 *   plain:   L·D(r; a) + W·(1 − D(r; a))
 *   calcium: L·D(r; a) + C·(D(r; b) − D(r; a)) + W·(1 − D(r; b)),  a < b
 * Blood is the brightest thing a lumen holds, so a rise above L is the sign of calcium; the calcium model is kept
 * when its two more parameters (C, b) lower the residual by more than noise would (DELTA_SIGMAS² noise variances per
 * independent noise cell) and its level C is calcium's, not blood's (C above L by the rays' calcium rise: the same
 * margin, now on the unblurred level). The lumen edge is then a: where the blood ends under the calcium, not where
 * the bloom begins. Levels are linear (closed form) for every (a, b) on the grid. Rays highest at their origin (a
 * centre the bloom of calcium elsewhere in the plane lifts) are fitted too: leaving them out (with a plaque layer
 * between lumen and calcium, or without) lost most of the gain on the randomized set.
 */
import { blurredDisk } from './disk-blur.ts';
import { calciumRiseHu } from './ray-calcium.ts';
import type { RayOptions, Section } from './rays.ts';

/** radius grid of the fit, mm */
const H_MM = 0.05;
/** the calcium model must lower the summed squared residual by this many noise SD (squared) per noise cell */
const DELTA_SIGMAS = 3;
/** calcium is at least this thick, mm (two grid steps: the blur cannot tell a thinner shell's thickness from its level) */
const MIN_THICK_MM = 0.1;
/** the calcium's outer edge lies within this of the rays' first edge, mm (its blurred flank is the first edge) */
const B_OUT_MM = 1.2;

/**
 * D(m·dr; k·H_MM) for every sample m of a ray and k up to kMax, rows added as asked (one vessel, one σ), with the running
 * sums over m (index m: samples < m) of D_k and of D_i·D_j (i ≤ j): a window from the ray's origin reads them at its end.
 */
export class HiddenDisks {
  private rows = new Float64Array(0);
  private cumD = new Float64Array(0);
  private cumDD = new Float64Array(0);
  private filled = 0;
  constructor(readonly sigmaMm: number, readonly drMm: number, readonly samples: number) {}
  table(kMax: number): Float64Array {
    const S = this.samples, S1 = S + 1;
    if (this.filled > kMax) return this.rows;
    // grown by half at least: a vessel's rays ask for rows a few at a time, and each growth copies the sums
    kMax = Math.max(kMax, Math.ceil(1.5 * this.filled));
    const t = new Float64Array((kMax + 1) * S), cd = new Float64Array((kMax + 1) * S1), cdd = new Float64Array(pairs(kMax + 1) * S1);
    t.set(this.rows); cd.set(this.cumD); cdd.set(this.cumDD);
    for (let k = this.filled; k <= kMax; k++) {
      for (let m = 0; m < S; m++) t[k * S + m] = blurredDisk((m * this.drMm) / this.sigmaMm, (k * H_MM) / this.sigmaMm);
      for (let m = 0; m < S; m++) cd[k * S1 + m + 1] = cd[k * S1 + m]! + t[k * S + m]!;
      for (let i = 0; i <= k; i++) {
        const o = pair(i, k) * S1;
        for (let m = 0; m < S; m++) cdd[o + m + 1] = cdd[o + m]! + t[i * S + m]! * t[k * S + m]!;
      }
    }
    this.rows = t; this.cumD = cd; this.cumDD = cdd; this.filled = kMax + 1;
    return t;
  }
  /** Σ_{m < n} D_k (the table must hold k) */
  sum(k: number, n: number): number { return this.cumD[k * (this.samples + 1) + n]!; }
  /** Σ_{m < n} D_i·D_j, i ≤ j (the table must hold j) */
  dot(i: number, j: number, n: number): number { return this.cumDD[pair(i, j) * (this.samples + 1) + n]!; }
}

/** index of the pair (i, j), i ≤ j, in the running sums: pairs with j < k come first, so rows added keep the layout */
function pair(i: number, j: number): number { return (j * (j + 1)) / 2 + i; }
/** number of pairs (i ≤ j < k) */
function pairs(k: number): number { return (k * (k + 1)) / 2; }

export interface HiddenCalciumRay {
  readonly prof: Float64Array;
  /** index of the ray's sample 0 in prof */
  readonly base: number;
  /** the window's last sample (the valley beyond the edge) */
  readonly m1: number;
  /** the rays' first edge, mm */
  readonly r0Mm: number;
  /** the blood level, HU; the image noise SD, HU; the calcium rise over the blood level, HU */
  readonly lumenHu: number;
  readonly noiseSdHu: number;
  readonly riseHu: number;
}

export interface HiddenCalcium {
  /** lumen edge, calcium outer edge, mm; calcium level, HU */
  readonly aMm: number;
  readonly bMm: number;
  readonly calciumHu: number;
}

/**
 * The calcium model of one plain ray when the image holds it (see the header), else null. Samples 0…m1 of the ray;
 * a searched over [0, r0], b over (a, r0 + B_OUT_MM].
 */
export function hiddenCalcium(x: HiddenCalciumRay, disks: HiddenDisks): HiddenCalcium | null {
  const { prof, base, m1, lumenHu: L } = x;
  const S = disks.samples, dr = disks.drMm, sg = disks.sigmaMm;
  const n = m1 + 1;
  if (n < 8) return null;
  // blood is the brightest thing a lumen holds: without a rise above L by 2 noise SD, nothing to explain
  let peak = -Infinity;
  for (let m = 0; m <= m1; m++) peak = Math.max(peak, prof[base + m]!);
  if (!(peak > L + 2 * x.noiseSdHu)) return null;
  const ia1 = Math.round(x.r0Mm / H_MM), K = Math.round((x.r0Mm + B_OUT_MM) / H_MM) + 1;
  const D = disks.table(K);
  // sums over the window: Σ D_k, Σ y·D_k, Σ D_i·D_j, Σ y, Σ y²
  const s = new Float64Array(K + 1), sy = new Float64Array(K + 1), g = new Float64Array((K + 1) * (K + 1));
  let ySum = 0, yy = 0;
  for (let m = 0; m < n; m++) { const y = prof[base + m]!; ySum += y; yy += y * y; }
  for (let i = 0; i <= K; i++) {
    let b = 0;
    for (let m = 0; m < n; m++) b += D[i * S + m]! * prof[base + m]!;
    s[i] = disks.sum(i, n); sy[i] = b;
    for (let j = i; j <= K; j++) { const c = disks.dot(i, j, n); g[i * (K + 1) + j] = c; g[j * (K + 1) + i] = c; }
  }
  const dot = (i: number, j: number): number => g[i * (K + 1) + j]!;
  // plain: z = y − L·D_a = W·(1 − D_a)
  let plain = Infinity;
  for (let ia = 0; ia <= K; ia++) {
    const zz = yy - 2 * L * sy[ia]! + L * L * dot(ia, ia);
    const f1 = n - 2 * s[ia]! + dot(ia, ia), zf = ySum - L * s[ia]! - (sy[ia]! - L * dot(ia, ia));
    const sse = f1 > 1e-9 ? zz - (zf * zf) / f1 : zz;
    if (sse < plain) plain = sse;
  }
  let best = Infinity, bestA = -1, bestB = -1, bestC = NaN;
  const minThick = Math.max(1, Math.round(MIN_THICK_MM / H_MM));
  for (let ia = 0; ia <= Math.min(ia1, K - minThick); ia++) {
    const zz = yy - 2 * L * sy[ia]! + L * L * dot(ia, ia);
    const zD = (k: number): number => sy[k]! - L * dot(ia, k);
    const zSum = ySum - L * s[ia]!;
    for (let ib = ia + minThick; ib <= K; ib++) {
      // basis f_C = D_b − D_a, f_W = 1 − D_b; C and W in closed form
      const Cc = dot(ib, ib) - 2 * dot(ia, ib) + dot(ia, ia), Ww = n - 2 * s[ib]! + dot(ib, ib), CW = s[ib]! - s[ia]! - dot(ib, ib) + dot(ia, ib);
      const zC = zD(ib) - zD(ia), zW = zSum - zD(ib);
      const det = Cc * Ww - CW * CW;
      if (!(Math.abs(det) > 1e-12)) continue;
      const C = (zC * Ww - zW * CW) / det, W = (Cc * zW - CW * zC) / det;
      if (!(C > L + x.riseHu) || !(C > W)) continue;
      const sse = zz - (C * zC + W * zW);
      if (sse < best) { best = sse; bestA = ia; bestB = ib; bestC = C; }
    }
  }
  // independent noise cells along the window: the blur correlates the noise over ≈ √(2π)·σ; the two more parameters
  // must lower the residual by DELTA_SIGMAS² noise variances of a cell
  const cells = Math.max(1, (n * dr) / (Math.sqrt(2 * Math.PI) * sg));
  const gain = DELTA_SIGMAS * DELTA_SIGMAS * x.noiseSdHu * x.noiseSdHu * (n / cells);
  if (bestA < 0 || !(plain - best > gain)) return null;
  return { aMm: bestA * H_MM, bMm: bestB * H_MM, calciumHu: bestC };
}

/**
 * Plain rays whose profile the lumen + calcium model explains better than the plain lumen (hiddenCalcium): their edge is
 * the lumen's under the calcium, and they are calcified rays from here on. `level`: the blood level near each section,
 * HU; the fit window runs from the ray's origin to its valley, at least 0.5 mm and at most 2 mm beyond its first edge.
 */
export function hiddenCalciumEdges(secs: Section[], o: RayOptions, profs: readonly Float64Array[], sigmaMm: number, level: Float64Array, noiseSdHu: number): void {
  const M = Math.round(o.rMaxMm / o.drMm), dr = o.drMm;
  const disks = new HiddenDisks(sigmaMm, dr, M + 1);
  secs.forEach((sec, k) => {
    const L = level[k]!;
    if (!sec.fallEdge || !Number.isFinite(L)) return;
    const rise = calciumRiseHu(L, noiseSdHu);
    for (let q = 0; q < o.rays; q++) {
      const r0 = sec.radiiMm[q]!;
      if (sec.calcified[q] || !sec.fallEdge[q] || !(r0 > 0)) continue;
      const m1 = Math.min(M, Math.round(Math.min(Math.max(sec.valleyMm[q]!, r0 + 0.5), r0 + 2) / dr));
      const f = hiddenCalcium({ prof: profs[k]!, base: q * (M + 1), m1, r0Mm: r0, lumenHu: L, noiseSdHu, riseHu: rise }, disks);
      if (!f) continue;
      sec.radiiMm[q] = f.aMm; sec.calcified[q] = 1; sec.valleyMm[q] = f.bMm; sec.valleyHu[q] = f.calciumHu;
      sec.fallEdge[q] = 0;
    }
  });
}
