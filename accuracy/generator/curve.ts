/**
 * Vessel paths: curves on a sphere (the heart's surface seen from outside) with a smooth random geodesic
 * curvature, sampled every STEP_MM with a parallel-transported frame, and the projection of a point onto
 * such a polyline (local coordinates for rasterising and for scoring a measured centreline).
 */
import { add, axpy, cross, dot, norm, scale, sub, unit, type V3 } from './vec.ts';

export const STEP_MM = 0.1;

export interface Curve {
  /** arc length of sample 0 (negative: the path starts before the proximal seed) */
  readonly s0Mm: number;
  readonly stepMm: number;
  readonly pointsLps: Float64Array; // 3 per sample
  readonly tangents: Float64Array;
  /** frame vector 1 (perpendicular to the tangent; parallel-transported) */
  readonly normals: Float64Array;
  readonly binormals: Float64Array;
  readonly count: number;
}

/** Geodesic curvature (1/mm) along the path: a sum of sinusoids, bounded by the caller's amplitude choice. */
export interface CurvatureWave { readonly amplitude: number; readonly wavelengthMm: number; readonly phase: number }

export interface SphereCurveSpec {
  readonly centreLps: V3;
  readonly radiusMm: number;
  /** first point (projected onto the sphere) and the initial heading (projected onto its tangent plane) */
  readonly startLps: V3;
  readonly headingLps: V3;
  readonly s0Mm: number;
  readonly s1Mm: number;
  readonly waves: readonly CurvatureWave[];
}

export function geodesicCurvature(waves: readonly CurvatureWave[], sMm: number): number {
  let k = 0;
  for (const w of waves) k += w.amplitude * Math.sin((2 * Math.PI * sMm) / w.wavelengthMm + w.phase);
  return k;
}

export function sphereCurve(spec: SphereCurveSpec): Curve {
  const count = Math.max(2, Math.round((spec.s1Mm - spec.s0Mm) / STEP_MM) + 1);
  const pts = new Float64Array(3 * count), tan = new Float64Array(3 * count);
  const R = spec.radiusMm, O = spec.centreLps;
  let p = add(O, scale(unit(sub(spec.startLps, O)), R));
  let n = unit(sub(p, O));
  let t = unit(axpy(spec.headingLps, -dot(spec.headingLps, n), n));
  const sub4 = 4, h = STEP_MM / sub4;
  for (let q = 0; q < count; q++) {
    pts.set(p, 3 * q);
    tan.set(t, 3 * q);
    for (let r = 0; r < sub4; r++) {
      const sMm = spec.s0Mm + q * STEP_MM + r * h;
      const kg = geodesicCurvature(spec.waves, sMm);
      const b = cross(n, t);
      // dt/ds = kg·b − n/R keeps the path on the sphere while turning by kg within its tangent plane
      t = unit(add(t, add(scale(b, kg * h), scale(n, -h / R))));
      p = axpy(p, h, t);
      p = add(O, scale(unit(sub(p, O)), R));
      n = unit(sub(p, O));
      t = unit(axpy(t, -dot(t, n), n));
    }
  }
  return withFrames(spec.s0Mm, pts, tan, count);
}

/** A straight segment (tests and hand-checkable truth). */
export function straightCurve(startLps: V3, directionLps: V3, s0Mm: number, s1Mm: number): Curve {
  const count = Math.max(2, Math.round((s1Mm - s0Mm) / STEP_MM) + 1);
  const d = unit(directionLps);
  const pts = new Float64Array(3 * count), tan = new Float64Array(3 * count);
  for (let q = 0; q < count; q++) {
    pts.set(axpy(startLps, s0Mm + q * STEP_MM, d), 3 * q);
    tan.set(d, 3 * q);
  }
  return withFrames(s0Mm, pts, tan, count);
}

function withFrames(s0Mm: number, pts: Float64Array, tan: Float64Array, count: number): Curve {
  const nor = new Float64Array(3 * count), bin = new Float64Array(3 * count);
  const t0: V3 = [tan[0]!, tan[1]!, tan[2]!];
  const ax = Math.abs(t0[0]) < 0.9 ? ([1, 0, 0] as V3) : ([0, 1, 0] as V3);
  let u = unit(cross(t0, ax));
  for (let q = 0; q < count; q++) {
    const t: V3 = [tan[3 * q]!, tan[3 * q + 1]!, tan[3 * q + 2]!];
    u = unit(axpy(u, -dot(u, t), t));
    nor.set(u, 3 * q);
    bin.set(cross(t, u), 3 * q);
  }
  return { s0Mm, stepMm: STEP_MM, pointsLps: pts, tangents: tan, normals: nor, binormals: bin, count };
}

export function pointAt(c: Curve, q: number): V3 {
  return [c.pointsLps[3 * q]!, c.pointsLps[3 * q + 1]!, c.pointsLps[3 * q + 2]!];
}
export function tangentAt(c: Curve, q: number): V3 {
  return [c.tangents[3 * q]!, c.tangents[3 * q + 1]!, c.tangents[3 * q + 2]!];
}
export function sampleIndex(c: Curve, sMm: number): number {
  return Math.min(c.count - 1, Math.max(0, Math.round((sMm - c.s0Mm) / c.stepMm)));
}

/** Local coordinates of a point: arc length, offset along the frame (x on normals, y on binormals), distance. */
export interface LocalPoint { sMm: number; xMm: number; yMm: number; index: number; inside: boolean }

/**
 * Project p onto the curve starting from sample q0 (a nearby sample): three fixed-point steps along the
 * tangent converge while the point is closer to the path than its curvature radius (≥ 10 mm here).
 * `inside` is false when the projection falls beyond either end.
 */
export function project(c: Curve, px: number, py: number, pz: number, q0: number, out: LocalPoint): LocalPoint {
  const P = c.pointsLps, T = c.tangents;
  let q = q0;
  let along = 0;
  for (let it = 0; it < 3; it++) {
    const dx = px - P[3 * q]!, dy = py - P[3 * q + 1]!, dz = pz - P[3 * q + 2]!;
    along = dx * T[3 * q]! + dy * T[3 * q + 1]! + dz * T[3 * q + 2]!;
    const step = Math.round(along / c.stepMm);
    if (step === 0) break;
    const nq = Math.min(c.count - 1, Math.max(0, q + step));
    if (nq === q) break;
    q = nq;
  }
  const dx = px - P[3 * q]!, dy = py - P[3 * q + 1]!, dz = pz - P[3 * q + 2]!;
  along = dx * T[3 * q]! + dy * T[3 * q + 1]! + dz * T[3 * q + 2]!;
  const N = c.normals, B = c.binormals;
  out.index = q;
  out.sMm = c.s0Mm + q * c.stepMm + along;
  out.xMm = dx * N[3 * q]! + dy * N[3 * q + 1]! + dz * N[3 * q + 2]!;
  out.yMm = dx * B[3 * q]! + dy * B[3 * q + 1]! + dz * B[3 * q + 2]!;
  out.inside = !((q === 0 && along < -c.stepMm / 2) || (q === c.count - 1 && along > c.stepMm / 2));
  return out;
}

/** Brute-force nearest sample (scoring and seeding the projection). */
export function nearestSample(c: Curve, p: readonly number[]): { index: number; distanceMm: number } {
  let best = 0, bd = Infinity;
  for (let q = 0; q < c.count; q++) {
    const d = (p[0]! - c.pointsLps[3 * q]!) ** 2 + (p[1]! - c.pointsLps[3 * q + 1]!) ** 2 + (p[2]! - c.pointsLps[3 * q + 2]!) ** 2;
    if (d < bd) { bd = d; best = q; }
  }
  return { index: best, distanceMm: Math.sqrt(bd) };
}

export function curveLengthMm(c: Curve): number {
  let l = 0;
  for (let q = 1; q < c.count; q++) l += norm(sub(pointAt(c, q), pointAt(c, q - 1)));
  return l;
}
