/**
 * The centreline across a stretch without contrast (an occlusion): no lumen there to recentre on, and the minimal
 * path through the occluded vessel's uniform plaque cuts its bends or drifts to one side of it. A vessel continues
 * through its occluded part, so the axis across the stretch is first the cubic Hermite curve that leaves the lumen
 * before it along its direction and reaches the lumen after it along its direction, both read on the recentred
 * centreline (least-squares quadratics over the lumen beside the stretch); then each of its points moves onto the
 * centre of the occluded vessel's soft-tissue tube where its outline against fat shows.
 */
import type { Lps, Volume } from '../volume/volume.ts';
import { ijkAffine, pointToIjk } from '../kernels/geometry.ts';
import { DEFAULT_FILL_HU, trilinearIjk } from '../kernels/sample.ts';
import { arcLengths, rotationMinimisingFrames, smoothPolyline, tangents } from './curve.ts';
import { sampleSections } from './rays.ts';

/**
 * a stretch without contrast shorter than this (mm) stays as recentred: a focal stenosis's tightest part, whose
 * lumen — narrower than the blur, often eccentric — the recentring follows through its faint sections (pin-holes)
 * from the lumen a few mm away on both sides; over an occlusion (≥ ~5 mm of plaque) the path has nothing to follow
 */
export const MIN_AXIS_RUN_MM = 5;
/** dark points this far apart (mm) or less make one stretch: a noise peak in an occlusion's plaque (≤ 2 samples) */
export const MERGE_MM = 1;
/**
 * the curve is replaced this far (mm) beyond the stretch's ends: the lumen tapers into an occlusion, and the path
 * leaves the axis before its centre goes dark — the minimal path cuts a bend from about a lumen diameter before
 */
const END_MARGIN_MM = 2;
/** lumen (mm) on each side over which the position and direction are fitted: a few lumen diameters */
const FIT_MM = 4;
/**
 * a centre below this fraction of the lumen level holds no lumen the recentring can centre on (its own rule), over
 * ±SMOOTH_MM of centreline (the noise of an occlusion's plaque, 30–90 HU, kept off the lumen level)
 */
const DARK_FRACTION = 0.5;
const SMOOTH_MM = 1;

/**
 * Stretches [first, last] (point indices) of `pts` whose centre HU (trilinear, averaged over ±SMOOTH_MM) is below
 * DARK_FRACTION of the lumen level, at least MIN_AXIS_RUN_MM long.
 */
export function darkStretches(volume: Volume, pts: readonly Lps[], lumenHu: number): [number, number][] {
  const aff = ijkAffine(volume), o = new Float64Array(3);
  const s = arcLengths(pts);
  const hu = pts.map((p) => {
    pointToIjk(aff, p[0], p[1], p[2], o, 0);
    return trilinearIjk(volume, o[0]!, o[1]!, o[2]!, DEFAULT_FILL_HU);
  });
  let lo = 0, hi = 0, sum = 0;
  const dark = hu.map((_, q) => {
    while (hi < hu.length && s[hi]! <= s[q]! + SMOOTH_MM) sum += hu[hi++]!;
    while (s[lo]! < s[q]! - SMOOTH_MM) sum -= hu[lo++]!;
    return sum / (hi - lo) < DARK_FRACTION * lumenHu;
  });
  const out: [number, number][] = [];
  let a = -1, b = -1;
  const close = (): void => { if (a >= 0 && s[b]! - s[a]! >= MIN_AXIS_RUN_MM) out.push([a, b]); };
  dark.forEach((d, q) => {
    if (!d) return;
    if (a >= 0 && s[q]! - s[b]! <= MERGE_MM) { b = q; return; }
    close();
    a = q; b = q;
  });
  close();
  return out;
}

/** Solve A X = B (3×3, three right-hand sides) by Gaussian elimination with pivoting; null when singular. */
function solve3(A0: number[][], B0: number[][]): number[][] | null {
  const A = A0.map((r) => [...r]), B = B0.map((r) => [...r]);
  for (let c = 0; c < 3; c++) {
    let piv = c;
    for (let r = c + 1; r < 3; r++) if (Math.abs(A[r]![c]!) > Math.abs(A[piv]![c]!)) piv = r;
    if (Math.abs(A[piv]![c]!) < 1e-12) return null;
    [A[c], A[piv]] = [A[piv]!, A[c]!];
    [B[c], B[piv]] = [B[piv]!, B[c]!];
    for (let r = 0; r < 3; r++) {
      if (r === c) continue;
      const k = A[r]![c]! / A[c]![c]!;
      for (let q = 0; q < 3; q++) { A[r]![q]! -= k * A[c]![q]!; B[r]![q]! -= k * B[c]![q]!; }
    }
  }
  return B.map((row, r) => row.map((x) => x / A[r]![r]!));
}

/**
 * Position and unit direction at arc length s0 of a quadratic x(s) fitted by least squares to the points with s in
 * [lo, hi] (null with fewer than 4 points).
 */
export function quadraticEnd(pts: readonly Lps[], s: Float64Array, lo: number, hi: number, s0: number): { p: Lps; t: Lps } | null {
  const A = [[0, 0, 0], [0, 0, 0], [0, 0, 0]], B = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
  let count = 0;
  s.forEach((v, q) => {
    if (v < lo || v > hi) return;
    count++;
    // normal equations of [1, u, u²] with u = s − s0
    const u = v - s0, f = [1, u, u * u];
    for (let r = 0; r < 3; r++) {
      for (let c = 0; c < 3; c++) A[r]![c]! += f[r]! * f[c]!;
      for (let d = 0; d < 3; d++) B[r]![d]! += f[r]! * pts[q]![d]!;
    }
  });
  if (count < 4) return null;
  const coef = solve3(A, B);
  if (!coef) return null;
  const t = coef[1]!, l = Math.hypot(t[0]!, t[1]!, t[2]!);
  if (!(l > 0)) return null;
  return { p: [coef[0]![0]!, coef[0]![1]!, coef[0]![2]!], t: [t[0]! / l, t[1]! / l, t[2]! / l] };
}

/**
 * Points every ≤ stepMm strictly between p0 and p1 on the cubic Hermite curve with unit end tangents t0, t1; the
 * tangents' length is a circular arc's (chord × 2 tan(θ/4) / sin(θ/2) for a turn θ between them: the cubic then
 * follows an arc of constant curvature to ~1e-3 of its radius, the chord alone flattens a bend).
 */
export function hermite(p0: Lps, t0: Lps, p1: Lps, t1: Lps, stepMm: number): Lps[] {
  const chord = Math.hypot(p1[0] - p0[0], p1[1] - p0[1], p1[2] - p0[2]);
  const theta = Math.acos(Math.min(1, Math.max(-1, t0[0] * t1[0] + t0[1] * t1[1] + t0[2] * t1[2])));
  const L = theta > 1e-3 && theta < 0.9 * Math.PI ? (chord * 2 * Math.tan(theta / 4)) / Math.sin(theta / 2) : chord;
  const n = Math.max(1, Math.ceil(chord / stepMm));
  const out: Lps[] = [];
  for (let q = 1; q < n; q++) {
    const u = q / n, u2 = u * u, u3 = u2 * u;
    const h00 = 2 * u3 - 3 * u2 + 1, h10 = u3 - 2 * u2 + u, h01 = -2 * u3 + 3 * u2, h11 = u3 - u2;
    out.push([0, 1, 2].map((c) => h00 * p0[c]! + h10 * L * t0[c]! + h01 * p1[c]! + h11 * L * t1[c]!) as [number, number, number]);
  }
  return out;
}


/** a section edge of the occluded vessel: its plaque (≈ 30–90 HU) falls this far to fat (≈ −100 HU): half that step */
const SOFT_STEP_HU = 60;
/** ray reach, mm: an occluded vessel's outer radius (lumen ≤ ~2.5 mm + wall) and the blur */
const TUBE_REACH_MM = 3.5;
/** at most this shift (mm) onto the tube's centre per section: the Hermite axis is within about a lumen radius */
const TUBE_MAX_SHIFT_MM = 1;

/**
 * Points of an occlusion's stretch moved onto the centre of its soft-tissue tube: in each section, the rays from the
 * point to the first fall to fat; opposite rays that both reach fat give the offset along their direction (least
 * squares over them; rays into the myocardium or other tissue reach no fat and do not count).
 */
function onTissueTube(volume: Volume, pts: Lps[], a: number, b: number): Lps[] {
  const o = { rays: 16, rMaxMm: TUBE_REACH_MM, drMm: 0.1 };
  const fr = rotationMinimisingFrames(pts, tangents(pts, 2));
  const idx = Array.from({ length: b - a + 1 }, (_, k) => a + k);
  const profs = sampleSections(volume, idx.map((q) => pts[q]!), idx.map((q) => fr.n[q]!), idx.map((q) => fr.b[q]!), o);
  const M = Math.round(o.rMaxMm / o.drMm), half = o.rays / 2;
  const shifts = profs.map((prof): [number, number] => {
    // the plaque's level: the median over the central 0.5 mm of every ray
    const centre: number[] = [];
    for (let q = 0; q < o.rays; q++) for (let m = 0; m <= 5; m++) centre.push(prof[q * (M + 1) + m]!);
    centre.sort((x, y) => x - y);
    const edgeHu = centre[centre.length >> 1]! - SOFT_STEP_HU;
    const r = Array.from({ length: o.rays }, (_, q) => {
      for (let m = 1; m <= M; m++) if (prof[q * (M + 1) + m]! < edgeHu) return m * o.drMm;
      return NaN;
    });
    // r_q − r_opposite = 2 (u cos θ + v sin θ) for a round tube centred at (u, v)
    let cc = 0, cs = 0, ss = 0, bc = 0, bs = 0;
    for (let q = 0; q < half; q++) {
      const d = r[q]! - r[q + half]!;
      if (!Number.isFinite(d)) continue;
      const th = (2 * Math.PI * q) / o.rays, c = Math.cos(th), s = Math.sin(th);
      cc += c * c; cs += c * s; ss += s * s; bc += (d / 2) * c; bs += (d / 2) * s;
    }
    const det = cc * ss - cs * cs;
    if (!(det > 0.5)) return [0, 0];
    let u = (bc * ss - bs * cs) / det, v = (bs * cc - bc * cs) / det;
    const l = Math.hypot(u, v);
    if (l > TUBE_MAX_SHIFT_MM) { u *= TUBE_MAX_SHIFT_MM / l; v *= TUBE_MAX_SHIFT_MM / l; }
    return [u, v];
  });
  const moved = idx.map((q, k) => {
    const [u, v] = shifts[k]!, n = fr.n[q]!, bb = fr.b[q]!, p = pts[q]!;
    return [p[0] + u * n[0] + v * bb[0], p[1] + u * n[1] + v * bb[1], p[2] + u * n[2] + v * bb[2]] as Lps;
  });
  const sm = smoothPolyline(moved, 2);
  return [...pts.slice(0, a), ...sm, ...pts.slice(b + 1)];
}

/** A stretch of the raw path without contrast, by its end points (LPS mm). */
export interface GapRun { readonly fromLps: Lps; readonly toLps: Lps }

/** Index of the point of `pts` nearest to p. */
export function nearestIndex(pts: readonly Lps[], p: Lps): number {
  let best = Infinity, bi = 0;
  pts.forEach((x, q) => {
    const d = (x[0] - p[0]) ** 2 + (x[1] - p[1]) ** 2 + (x[2] - p[2]) ** 2;
    if (d < best) { best = d; bi = q; }
  });
  return bi;
}

/**
 * `pts` with each dark stretch (darkStretches) that the raw path also crossed without contrast over at least
 * MIN_AXIS_RUN_MM (an occlusion to the path search too; a faint residual lumen the path and the recentring followed
 * through a long calcified stenosis stays as recentred), widened by END_MARGIN_MM, replaced by the Hermite axis
 * (points ≤ stepMm apart) between the lumen on both sides and moved onto the occluded tube; a stretch without FIT_MM
 * of centreline on either side (at a seed) is left as it is.
 */
export function axisAcrossDarkStretches(volume: Volume, pts: readonly Lps[], lumenHu: number, gaps: readonly GapRun[], stepMm: number): Lps[] {
  let out = pts.slice();
  const s = arcLengths(pts);
  // the raw path's own runs without contrast, on the recentred curve
  const runs = gaps.map((g) => [nearestIndex(pts, g.fromLps), nearestIndex(pts, g.toLps)].sort((x, y) => x - y) as [number, number])
    .filter(([a, b]) => s[b]! - s[a]! >= MIN_AXIS_RUN_MM);
  const stretches = darkStretches(volume, pts, lumenHu).filter(([a, b]) => runs.some(([c, d]) => c <= b && d >= a));
  // from the distal end: the indices of the stretches before stay valid
  for (const [a, b] of stretches.reverse()) {
    const so = arcLengths(out);
    const s0 = so[a]! - END_MARGIN_MM, s1 = so[b]! + END_MARGIN_MM;
    if (s0 - FIT_MM < 0 || s1 + FIT_MM > so[so.length - 1]!) continue;
    const e0 = quadraticEnd(out, so, s0 - FIT_MM, s0, s0), e1 = quadraticEnd(out, so, s1, s1 + FIT_MM, s1);
    if (!e0 || !e1) continue;
    const before = out.filter((_, q) => so[q]! < s0), after = out.filter((_, q) => so[q]! > s1);
    const axis = hermite(e0.p, e0.t, e1.p, e1.t, stepMm);
    out = [...before, e0.p, ...axis, e1.p, ...after];
    // the axis's bends come from the image where the occluded vessel shows: onto its soft-tissue tube (twice:
    // each move is capped)
    if (axis.length > 2) for (let it = 0; it < 2; it++) out = onTissueTube(volume, out, before.length + 1, before.length + axis.length);
  }
  return out;
}
