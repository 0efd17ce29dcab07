/**
 * Where a lesion starts and ends as a reader measures its length: from where the lumen leaves the reference to
 * where it returns to it. Pure: reads the lumen profile (equivalent diameters, reference diameters) only; the
 * lesion's %DS, MLA and position are not touched.
 *
 * The lumen is taken as back on the reference once its diameter stenosis falls to the noise of the profile: twice
 * the robust standard deviation of the %DS of the sections outside every lesion (measured on the vessel at
 * hand). Below that nothing can tell a narrowing from noise, so the last millimetres of a smooth onset are
 * recovered from its shape: a smooth narrowing leaves the reference with zero slope (the image's blur alone makes
 * every edge smooth), so near its start the %DS grows as the square of the distance; the points where it crosses
 * θ and k·θ then lie at √1 and √k times the distance from the start, which gives the start. A steep (linear)
 * onset makes this overshoot by at most twice the distance between the start and the θ crossing, which is short
 * on a steep onset.
 */

import { smoothedDiameters, stenosisNoisePct } from './stenosis.ts';

export interface ExtentSample {
  readonly sMm: number;
  readonly hasLumen: boolean;
  readonly equivalentDiameterMm: number;
  readonly referenceDiameterMm: number;
}

export interface ExtentLesion {
  readonly startIndex: number;
  readonly endIndex: number;
  readonly mlaIndex: number;
}

export interface LesionExtent {
  /** where the lumen leaves the reference, arc length mm */
  readonly startSMm: number;
  /** where it is back on the reference, arc length mm */
  readonly endSMm: number;
  readonly lengthMm: number;
}

/** %DS of each section against its reference, from 3-section mean diameters (the smoothing of the lesion search). */
export function stenosisProfilePct(samples: readonly ExtentSample[]): Float64Array {
  const d = smoothedDiameters(samples);
  return d.map((dq, q) => {
    const ref = samples[q]!.referenceDiameterMm;
    return !samples[q]!.hasLumen ? 100 : Number.isFinite(ref) && ref > 0 ? 100 * (1 - dq / ref) : NaN;
  });
}

/** Robust SD of the %DS of the sections outside every lesion (the lesion search's own noise measure). */
export { stenosisNoisePct };

/** the %DS levels θ and k·θ whose crossings give the onset (k = 4: the second crossing at twice the first's distance) */
const ONSET_RATIO = 4;

/**
 * Arc length where the %DS, walking from `from` by `dir` (−1 proximal, +1 distal), first falls to `levelPct`
 * (linear between the two sections), and the index of the last section at or above it; undefined when it never
 * does before `limit` (exclusive index).
 */
function crossing(s: readonly ExtentSample[], ds: Float64Array, from: number, dir: -1 | 1, levelPct: number, limit: number): { sMm: number; inside: number } | undefined {
  for (let q = from; q + dir !== limit; q += dir) {
    const next = q + dir;
    if (ds[next]! > levelPct) continue;
    const a = ds[q]!, b = ds[next]!;
    const t = Number.isFinite(a) && a > b ? (a - levelPct) / (a - b) : 0;
    return { sMm: s[q]!.sMm + t * (s[next]!.sMm - s[q]!.sMm), inside: q };
  }
  return undefined;
}

/**
 * The lesion's outermost section on one side at its peak %DS: the MLA section of a stenosis, the first or last
 * lumen-less section of an occlusion (whose sections between may read calcium's bloom as lumen).
 */
function peakEdge(ds: Float64Array, l: ExtentLesion, dir: -1 | 1): { index: number; peakPct: number } {
  let peak = ds[l.mlaIndex]!;
  for (let q = l.startIndex; q <= l.endIndex; q++) if (ds[q]! > peak) peak = ds[q]!;
  let index = l.mlaIndex;
  for (let q = l.startIndex; q <= l.endIndex; q++) if (ds[q]! >= peak && (dir < 0 ? q < index : q > index)) index = q;
  return { index, peakPct: peak };
}

/** One end of the lesion: the θ crossing moved outward by the onset's width (see the file comment). */
function lesionEnd(s: readonly ExtentSample[], ds: Float64Array, l: ExtentLesion, dir: -1 | 1, thetaPct: number, limit: number): number {
  const edge = dir < 0 ? s[Math.max(0, limit + 1)]!.sMm : s[Math.min(s.length - 1, limit - 1)]!.sMm;
  const { index: from, peakPct: peak } = peakEdge(ds, l, dir);
  const low = crossing(s, ds, from, dir, thetaPct, limit);
  if (!low) return edge;
  // a noise-free profile (θ = 0) is back on the reference exactly where it crosses it
  const k = thetaPct > 0 ? Math.min(ONSET_RATIO, peak / (2 * thetaPct)) : 1;
  if (!(k > 1.5)) return low.sMm;
  // the outermost crossing of k·θ: walk back from the θ crossing to the last section at or above k·θ
  let q = low.inside;
  while (q !== from && !(ds[q]! >= k * thetaPct)) q -= dir;
  const high = crossing(s, ds, q, dir, k * thetaPct, low.inside + dir);
  const highSMm = high ? high.sMm : s[q]!.sMm;
  const width = Math.abs(low.sMm - highSMm) / (Math.sqrt(k) - 1);
  const out = low.sMm + dir * width;
  return dir < 0 ? Math.max(edge, out) : Math.min(edge, out);
}

/**
 * Extent of each lesion (same order). Neighbouring lesions bound each other at the middle of the gap between their
 * cores; the vessel's ends bound the first and last.
 */
export function lesionExtents(samples: readonly ExtentSample[], lesions: readonly ExtentLesion[]): LesionExtent[] {
  const ds = stenosisProfilePct(samples);
  const noise = stenosisNoisePct(ds, lesions);
  // without enough healthy sections to measure the noise, the lesion search's own extension level (10 %) stands
  const theta = Number.isFinite(noise) ? 2 * noise : 10;
  const byStart = [...lesions].sort((a, b) => a.startIndex - b.startIndex);
  return lesions.map((l) => {
    const k = byStart.indexOf(l);
    const prev = byStart[k - 1], next = byStart[k + 1];
    const lo = prev ? (prev.endIndex + l.startIndex) >> 1 : -1;
    const hi = next ? ((l.endIndex + next.startIndex + 1) >> 1) : samples.length;
    const startSMm = lesionEnd(samples, ds, l, -1, theta, lo);
    const endSMm = lesionEnd(samples, ds, l, 1, theta, hi);
    return { startSMm, endSMm, lengthMm: endSMm - startSMm };
  });
}
