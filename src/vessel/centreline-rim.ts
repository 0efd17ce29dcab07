/**
 * Recentring guard against a lumen-bright rim of the vessel wall: a calcified crescent blurred (e.g. by
 * cardiac motion) down to the lumen level. The lumen-likelihood cost and the contour centroid cannot
 * tell it from lumen by its HU; its shape can. In the cross-section such a rim is a thin curved ridge:
 * across it the HU falls steeply (fat right outside, plaque inside), along it hardly at all — a
 * plate-like in-plane Hessian — whereas a lumen, even a narrow eccentric one, is a round blob (both
 * curvatures alike) or flat-topped. Where the centre sits on such a ridge at the outer wall, the centre
 * of the vessel outline (its border with the epicardial fat) is taken instead: the residual lumen lies
 * on the rim's concave side, inside that outline. Levels come from the data (seeds' lumen level).
 */
import type { RayOptions } from './rays.ts';

/** fat / soft-tissue border, HU */
const FAT_HU = -15;
/** the ridge hugs the outer wall: fat within this distance on some ray, mm */
const RIM_FAT_MM = 1.2;
/** lumen-level brightness at the centre (fraction of the seeds' lumen level) */
const BRIGHT_FRACTION = 0.85;
/** scale of the in-plane second derivatives, mm */
const HESSIAN_MM = 0.5;
/** a sharp ridge: strongest curvature below −this × lumen level per mm² */
const RIDGE_CURVATURE = 1.5;
/** plate-like: weaker / stronger curvature ratio below this (a round blob is ≈ 1) */
const MAX_CURVATURE_RATIO = 0.45;
/** move only when the outline centre is at least this far, mm */
const MIN_SHIFT_MM = 0.4;

/** Mean of each section's profiles with its ±half neighbours (rotation-minimising frames: rays align). */
export function averageProfiles(profs: readonly Float64Array[], half: number): Float64Array[] {
  return profs.map((_, q) => {
    const lo = Math.max(0, q - half), hi = Math.min(profs.length - 1, q + half);
    const out = new Float64Array(profs[q]!.length);
    for (let k = lo; k <= hi; k++) { const p = profs[k]!; for (let m = 0; m < out.length; m++) out[m] = out[m]! + p[m]!; }
    for (let m = 0; m < out.length; m++) out[m] = out[m]! / (hi - lo + 1);
    return out;
  });
}

/** In-plane Hessian eigenvalues at the centre (λ1 ≤ λ2, HU/mm²) from second differences along the ray diameters. */
export function centreCurvatures(prof: Float64Array, o: RayOptions, hMm = HESSIAN_MM): [number, number] {
  const M = Math.round(o.rMaxMm / o.drMm), mh = Math.round(hMm / o.drMm), h = mh * o.drMm;
  const half = o.rays >> 1;
  // least squares for (Hxx, Hxy, Hyy) from d2(θ) = Hxx cos² + 2 Hxy cos sin + Hyy sin²
  const N = [0, 0, 0, 0, 0, 0, 0, 0, 0], y = [0, 0, 0];
  for (let q = 0; q < half; q++) {
    const th = (2 * Math.PI * q) / o.rays, c = Math.cos(th), s = Math.sin(th);
    const d2 = (prof[q * (M + 1) + mh]! + prof[(q + half) * (M + 1) + mh]! - 2 * prof[0]!) / (h * h);
    const row = [c * c, 2 * c * s, s * s];
    for (let i = 0; i < 3; i++) { y[i]! += row[i]! * d2; for (let j = 0; j < 3; j++) N[3 * i + j]! += row[i]! * row[j]!; }
  }
  const det3 = (m: number[]): number => m[0]! * (m[4]! * m[8]! - m[5]! * m[7]!) - m[1]! * (m[3]! * m[8]! - m[5]! * m[6]!) + m[2]! * (m[3]! * m[7]! - m[4]! * m[6]!);
  const D = det3(N);
  const sol = [0, 1, 2].map((k) => det3(N.map((x, idx) => (idx % 3 === k ? y[(idx / 3) | 0]! : x))) / D);
  const [hxx, hxy, hyy] = sol as [number, number, number];
  const mid = 0.5 * (hxx + hyy), dd = Math.hypot(0.5 * (hxx - hyy), hxy);
  return [mid - dd, mid + dd];
}

/** Centroid of the star-shaped outline where each ray first reaches fat (missing rays: the median). */
export function fatOutlineCentroid(prof: Float64Array, o: RayOptions): { centroid: [number, number]; minFatMm: number; found: number } {
  const M = Math.round(o.rMaxMm / o.drMm);
  const r = new Float64Array(o.rays).fill(NaN);
  for (let q = 0; q < o.rays; q++) {
    const b = q * (M + 1);
    for (let m = 1; m < M; m++) if (prof[b + m]! <= FAT_HU && prof[b + m + 1]! <= FAT_HU) { r[q] = m * o.drMm; break; }
  }
  const fin = Array.from(r).filter(Number.isFinite).sort((a, b) => a - b);
  const med = fin.length ? fin[fin.length >> 1]! : 0;
  const dth = (2 * Math.PI) / o.rays;
  let area = 0, cx = 0, cy = 0;
  for (let q = 0; q < o.rays; q++) {
    const r0 = Number.isFinite(r[q]!) ? r[q]! : med, r1 = Number.isFinite(r[(q + 1) % o.rays]!) ? r[(q + 1) % o.rays]! : med;
    const x0 = r0 * Math.cos(q * dth), y0 = r0 * Math.sin(q * dth), x1 = r1 * Math.cos((q + 1) * dth), y1 = r1 * Math.sin((q + 1) * dth);
    const cr = x0 * y1 - x1 * y0;
    area += cr; cx += (x0 + x1) * cr; cy += (y0 + y1) * cr;
  }
  return { centroid: Math.abs(area) > 1e-9 ? [cx / (3 * area), cy / (3 * area)] : [0, 0], minFatMm: fin.length ? fin[0]! : Infinity, found: fin.length };
}

/**
 * Shift (mm, in the ray plane) from a centre on a lumen-bright rim of the wall to the centre of the
 * vessel outline; null when the centre is not on such a rim. `prof`: the section's ray profiles
 * (averaged over neighbouring sections), `centreHu` its lumen level at the centre, `lumenRefHu` the
 * seeds' lumen level; `brightFraction` of it the least centre brightness (default: lumen-bright), `rimFatMm`
 * how close the fat must come (default RIM_FAT_MM).
 */
export function rimShift(prof: Float64Array, o: RayOptions, centreHu: number, lumenRefHu: number, brightFraction = BRIGHT_FRACTION, rimFatMm = RIM_FAT_MM): [number, number] | null {
  if (!(centreHu >= brightFraction * lumenRefHu)) return null;
  const [l1, l2] = centreCurvatures(prof, o);
  if (!isPlate(l1, l2, lumenRefHu)) return null;
  const out = fatOutlineCentroid(prof, o);
  if (out.found < o.rays / 2 || !(out.minFatMm <= rimFatMm)) return null;
  return Math.hypot(out.centroid[0], out.centroid[1]) >= MIN_SHIFT_MM ? out.centroid : null;
}

/** Curvatures l1 ≤ l2 (HU/mm²) of a plate-like ridge: sharp across, flattish along (a round blob has l2/l1 ≈ 1). */
export function isPlate(l1: number, l2: number, lumenRefHu: number): boolean {
  return l1 < -RIDGE_CURVATURE * lumenRefHu && l2 / l1 < MAX_CURVATURE_RATIO;
}

/** The centre sits on a plate-like ridge (a crescent seen end-on), whatever its brightness. */
export function onPlate(prof: Float64Array, o: RayOptions, lumenRefHu: number): boolean {
  const [l1, l2] = centreCurvatures(prof, o);
  return isPlate(l1, l2, lumenRefHu);
}
