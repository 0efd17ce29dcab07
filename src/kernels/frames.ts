/**
 * Rotation-minimising frames along a centreline polyline (LPS mm), by the double-reflection method
 * (Wang, Jüttler, Zheng, Liu 2008, "Computation of rotation minimizing frames", ACM TOG 27(1)).
 * Initial normal: t0 × z (z = +S axis of LPS; falls back to t0 × y when the vessel starts along z).
 * Frames are computed once on the polyline vertices; `frameAt` interpolates at any arc length so the
 * cross-section at s and the CPR row at s use the same frame at every resolution.
 */

export interface CentrelineFrames {
  readonly count: number;
  /** cumulative arc length at each vertex, mm (arcMm[0] = 0) */
  readonly arcMm: Float64Array;
  readonly lengthMm: number;
  /** 3·count each: position (LPS mm), unit tangent T, unit normal N, unit binormal B = T × N */
  readonly positionLps: Float64Array;
  readonly tangent: Float64Array;
  readonly normal: Float64Array;
  readonly binormal: Float64Array;
}

/** One frame, written by `frameAt` into caller-owned storage (no allocation in loops). */
export interface Frame {
  positionLps: [number, number, number];
  tangent: [number, number, number];
  normal: [number, number, number];
  binormal: [number, number, number];
}

export function newFrame(): Frame {
  return { positionLps: [0, 0, 0], tangent: [0, 0, 0], normal: [0, 0, 0], binormal: [0, 0, 0] };
}

/** `pointsLps`: flat x,y,z,… in LPS mm (≥ 2 distinct points). Coincident consecutive points are dropped. */
export function rotationMinimisingFrames(pointsLps: ArrayLike<number>): CentrelineFrames {
  if (pointsLps.length % 3 !== 0) throw new Error(`centrelineLps length must be a multiple of 3, got ${pointsLps.length}`);
  const pts: number[] = [];
  for (let i = 0; i < pointsLps.length; i += 3) {
    const x = pointsLps[i]!, y = pointsLps[i + 1]!, z = pointsLps[i + 2]!;
    if (!Number.isFinite(x) || !Number.isFinite(y) || !Number.isFinite(z)) throw new Error(`centrelineLps point ${i / 3} is not finite`);
    const n = pts.length;
    if (n >= 3 && Math.hypot(x - pts[n - 3]!, y - pts[n - 2]!, z - pts[n - 1]!) < 1e-9) continue;
    pts.push(x, y, z);
  }
  const count = pts.length / 3;
  if (count < 2) throw new Error(`centrelineLps needs at least 2 distinct points, got ${count}`);
  const positionLps = Float64Array.from(pts);
  const arcMm = new Float64Array(count);
  for (let i = 1; i < count; i++) {
    arcMm[i] = arcMm[i - 1]! + Math.hypot(pts[3 * i]! - pts[3 * i - 3]!, pts[3 * i + 1]! - pts[3 * i - 2]!, pts[3 * i + 2]! - pts[3 * i - 1]!);
  }
  const tangent = new Float64Array(3 * count);
  for (let i = 0; i < count; i++) {
    const a = Math.max(0, i - 1), b = Math.min(count - 1, i + 1);
    let tx = pts[3 * b]! - pts[3 * a]!, ty = pts[3 * b + 1]! - pts[3 * a + 1]!, tz = pts[3 * b + 2]! - pts[3 * a + 2]!;
    const n = Math.hypot(tx, ty, tz);
    tx /= n; ty /= n; tz /= n;
    tangent[3 * i] = tx; tangent[3 * i + 1] = ty; tangent[3 * i + 2] = tz;
  }
  const normal = new Float64Array(3 * count);
  const binormal = new Float64Array(3 * count);
  initialNormal(tangent, normal);
  for (let i = 0; i + 1 < count; i++) reflectStep(positionLps, tangent, normal, i);
  for (let i = 0; i < count; i++) {
    const o = 3 * i;
    const tx = tangent[o]!, ty = tangent[o + 1]!, tz = tangent[o + 2]!;
    const nx = normal[o]!, ny = normal[o + 1]!, nz = normal[o + 2]!;
    binormal[o] = ty * nz - tz * ny; binormal[o + 1] = tz * nx - tx * nz; binormal[o + 2] = tx * ny - ty * nx;
  }
  return { count, arcMm, lengthMm: arcMm[count - 1]!, positionLps, tangent, normal, binormal };
}

function initialNormal(t: Float64Array, n: Float64Array): void {
  const tx = t[0]!, ty = t[1]!, tz = t[2]!;
  // t0 × z = (ty, −tx, 0); when t0 ∥ z use t0 × y = (−tz, 0, tx).
  let nx = ty, ny = -tx, nz = 0;
  if (Math.hypot(nx, ny) < 1e-6) { nx = -tz; ny = 0; nz = tx; }
  const l = Math.hypot(nx, ny, nz);
  n[0] = nx / l; n[1] = ny / l; n[2] = nz / l;
}

/** Double reflection from vertex i to i + 1; writes normal[i+1] (orthonormal to tangent[i+1]). */
function reflectStep(x: Float64Array, t: Float64Array, r: Float64Array, i: number): void {
  const o = 3 * i, p = o + 3;
  const v1x = x[p]! - x[o]!, v1y = x[p + 1]! - x[o + 1]!, v1z = x[p + 2]! - x[o + 2]!;
  const c1 = v1x * v1x + v1y * v1y + v1z * v1z;
  const k1r = (2 / c1) * (v1x * r[o]! + v1y * r[o + 1]! + v1z * r[o + 2]!);
  const rlx = r[o]! - k1r * v1x, rly = r[o + 1]! - k1r * v1y, rlz = r[o + 2]! - k1r * v1z;
  const k1t = (2 / c1) * (v1x * t[o]! + v1y * t[o + 1]! + v1z * t[o + 2]!);
  const tlx = t[o]! - k1t * v1x, tly = t[o + 1]! - k1t * v1y, tlz = t[o + 2]! - k1t * v1z;
  const v2x = t[p]! - tlx, v2y = t[p + 1]! - tly, v2z = t[p + 2]! - tlz;
  const c2 = v2x * v2x + v2y * v2y + v2z * v2z;
  const k2 = c2 > 1e-30 ? (2 / c2) * (v2x * rlx + v2y * rly + v2z * rlz) : 0;
  let nx = rlx - k2 * v2x, ny = rly - k2 * v2y, nz = rlz - k2 * v2z;
  // re-orthonormalise against t[i+1] (guards round-off drift over thousands of steps)
  const d = nx * t[p]! + ny * t[p + 1]! + nz * t[p + 2]!;
  nx -= d * t[p]!; ny -= d * t[p + 1]!; nz -= d * t[p + 2]!;
  const l = Math.hypot(nx, ny, nz);
  r[p] = nx / l; r[p + 1] = ny / l; r[p + 2] = nz / l;
}

/** Index of the segment [arc[i], arc[i+1]] holding s (clamped). */
export function segmentAt(arcMm: Float64Array, sMm: number): number {
  let lo = 0, hi = arcMm.length - 2;
  if (sMm <= arcMm[0]!) return 0;
  if (sMm >= arcMm[hi]!) return hi;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (arcMm[mid]! <= sMm) lo = mid; else hi = mid - 1;
  }
  return lo;
}

/**
 * Frame at arc length s (mm, clamped to [0, length]), rotated by `angleRad` about the tangent:
 * N' = cos·N + sin·B, B' = T × N'. Linear interpolation between vertices, re-orthonormalised.
 */
export function frameAt(f: CentrelineFrames, sMm: number, angleRad: number, out: Frame): Frame {
  const i = segmentAt(f.arcMm, sMm);
  const a0 = f.arcMm[i]!, a1 = f.arcMm[i + 1]!;
  const w = Math.min(1, Math.max(0, (sMm - a0) / (a1 - a0)));
  const o = 3 * i;
  const P = f.positionLps, T = f.tangent, N = f.normal;
  let tx = 0, ty = 0, tz = 0, nx = 0, ny = 0, nz = 0;
  for (let c = 0; c < 3; c++) out.positionLps[c] = P[o + c]! + w * (P[o + 3 + c]! - P[o + c]!);
  tx = T[o]! + w * (T[o + 3]! - T[o]!); ty = T[o + 1]! + w * (T[o + 4]! - T[o + 1]!); tz = T[o + 2]! + w * (T[o + 5]! - T[o + 2]!);
  let l = Math.hypot(tx, ty, tz);
  tx /= l; ty /= l; tz /= l;
  nx = N[o]! + w * (N[o + 3]! - N[o]!); ny = N[o + 1]! + w * (N[o + 4]! - N[o + 1]!); nz = N[o + 2]! + w * (N[o + 5]! - N[o + 2]!);
  const d = nx * tx + ny * ty + nz * tz;
  nx -= d * tx; ny -= d * ty; nz -= d * tz;
  l = Math.hypot(nx, ny, nz);
  nx /= l; ny /= l; nz /= l;
  let bx = ty * nz - tz * ny, by = tz * nx - tx * nz, bz = tx * ny - ty * nx;
  if (angleRad !== 0) {
    const c = Math.cos(angleRad), s = Math.sin(angleRad);
    const rx = c * nx + s * bx, ry = c * ny + s * by, rz = c * nz + s * bz;
    nx = rx; ny = ry; nz = rz;
    bx = ty * nz - tz * ny; by = tz * nx - tx * nz; bz = tx * ny - ty * nx;
  }
  out.tangent[0] = tx; out.tangent[1] = ty; out.tangent[2] = tz;
  out.normal[0] = nx; out.normal[1] = ny; out.normal[2] = nz;
  out.binormal[0] = bx; out.binormal[1] = by; out.binormal[2] = bz;
  return out;
}
