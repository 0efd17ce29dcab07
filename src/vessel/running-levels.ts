/**
 * Levels along a vessel from its sections: running quantiles over a window of sections (the healthy lumen level
 * nearby, the upper level of the lumens beside a lesion) and the section centres that hold contrast.
 */
import { TISSUE_HU, type Section } from './rays.ts';

/**
 * Running quantile (fraction `at` of the sorted finite values in a ±halfWindow window): the window is kept
 * sorted as it slides (binary-search insert and remove) instead of sorted anew at every section.
 */
export function runningQuantile(values: Float64Array, halfWindow: number, at: number): Float64Array {
  const N = values.length;
  const out = new Float64Array(N);
  const w = new Float64Array(2 * halfWindow + 1);
  let n = 0;
  const lowerBound = (x: number): number => {
    let lo = 0, hi = n;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (w[mid]! < x) lo = mid + 1; else hi = mid; }
    return lo;
  };
  const add = (x: number): void => { if (!Number.isFinite(x)) return; const k = lowerBound(x); w.copyWithin(k + 1, k, n); w[k] = x; n++; };
  const remove = (x: number): void => { if (!Number.isFinite(x)) return; const k = lowerBound(x); w.copyWithin(k, k + 1, n); n--; };
  for (let m = 0; m <= Math.min(N - 1, halfWindow); m++) add(values[m]!);
  for (let q = 0; q < N; q++) {
    if (q > 0) {
      if (q - halfWindow - 1 >= 0) remove(values[q - halfWindow - 1]!);
      if (q + halfWindow < N) add(values[q + halfWindow]!);
    }
    out[q] = n ? w[at === 0.5 ? n >> 1 : Math.floor(at * (n - 1))]! : NaN;
  }
  return out;
}
export const runningMedian = (values: Float64Array, halfWindow: number): Float64Array => runningQuantile(values, halfWindow, 0.5);

/** Median of the finite values (NaN when none). */
export function medianFinite(values: Float64Array): number {
  const sorted = values.filter(Number.isFinite).sort();
  return sorted.length ? sorted[sorted.length >> 1]! : NaN;
}

/** Median of the finite values, the mean of the two middle ones for an even count (NaN when none). */
export function midMedianFinite(values: ArrayLike<number>): number {
  const f = Float64Array.from(values).filter((x) => Number.isFinite(x)).sort();
  return f.length ? (f.length % 2 ? f[f.length >> 1]! : 0.5 * (f[(f.length >> 1) - 1]! + f[f.length >> 1]!)) : NaN;
}

/**
 * Section centres with contrast (the others NaN, left out of the running level): a centre less than a quarter of the
 * vessel's lumen contrast above soft tissue holds no lumen to set the level on — an occlusion's plaque, which over
 * a long occlusion would otherwise pull the level down to its own and make the lumens beside it read as calcium.
 * The vessel's level is its sections' median: a traced vessel is lumen over most of its length.
 */
export function contrastCentres(centreHu: Float64Array): Float64Array {
  const vesselHu = medianFinite(centreHu);
  if (!Number.isFinite(vesselHu)) return centreHu;
  const floorHu = TISSUE_HU + 0.25 * (vesselHu - TISSUE_HU);
  return centreHu.map((v) => (v >= floorHu ? v : NaN));
}
export const runningUpperLevel = (values: Float64Array, halfWindow: number): Float64Array => runningQuantile(values, halfWindow, 0.8);

/** the finite values of `f` over the sections, sorted (numeric) */
export function finiteSorted(secs: readonly Section[], f: (x: Section) => number): Float64Array {
  const v = new Float64Array(secs.length);
  let n = 0;
  for (let q = 0; q < secs.length; q++) { const x = f(secs[q]!); if (Number.isFinite(x)) v[n++] = x; }
  return v.subarray(0, n).sort();
}
