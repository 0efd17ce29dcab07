/** Polyline helpers in LPS mm: arc length, resampling, smoothing, C2 spline, rotation-minimising frames. */

import type { Lps, Vec3 } from '../volume/volume.ts';

const copy = (p: Lps): Lps => [p[0], p[1], p[2]];

export function arcLengths(pts: readonly Lps[]): Float64Array {
  const s = new Float64Array(pts.length);
  for (let q = 1; q < pts.length; q++) {
    const a = pts[q - 1]!, b = pts[q]!;
    s[q] = s[q - 1]! + Math.hypot(b[0] - a[0], b[1] - a[1], b[2] - a[2]);
  }
  return s;
}

/** Linear resampling at a fixed arc-length step (first and last points kept). */
export function resampleLinear(pts: readonly Lps[], stepMm: number): Lps[] {
  if (pts.length < 2) return pts.map(copy);
  const s = arcLengths(pts);
  const total = s[s.length - 1]!;
  // never longer than stepMm (consumers rely on "step ≤ x mm")
  const count = Math.max(1, Math.ceil(total / stepMm - 1e-9));
  const out: Lps[] = [];
  let seg = 0;
  for (let m = 0; m <= count; m++) {
    const t = (total * m) / count;
    while (seg < pts.length - 2 && s[seg + 1]! < t) seg++;
    const a = pts[seg]!, b = pts[seg + 1]!;
    const len = s[seg + 1]! - s[seg]!;
    const u = len > 0 ? (t - s[seg]!) / len : 0;
    out.push([a[0] + (b[0] - a[0]) * u, a[1] + (b[1] - a[1]) * u, a[2] + (b[2] - a[2]) * u]);
  }
  return out;
}

/** Gaussian smoothing of an evenly sampled polyline (sigma in samples); end points kept fixed. */
export function smoothPolyline(pts: readonly Lps[], sigmaSamples: number, keepEnds = true): Lps[] {
  const n = pts.length;
  if (n < 3 || sigmaSamples <= 0) return pts.map(copy);
  const r = Math.ceil(3 * sigmaSamples);
  const w: number[] = [];
  for (let d = -r; d <= r; d++) w.push(Math.exp(-(d * d) / (2 * sigmaSamples * sigmaSamples)));
  const out: Lps[] = [];
  for (let q = 0; q < n; q++) {
    // shrink the window symmetrically near the ends so the ends do not get pulled inwards
    const rr = Math.min(r, q, n - 1 - q);
    let x = 0, y = 0, z = 0, ws = 0;
    for (let d = -rr; d <= rr; d++) {
      const p = pts[q + d]!, wd = w[d + r]!;
      x += wd * p[0]; y += wd * p[1]; z += wd * p[2]; ws += wd;
    }
    out.push([x / ws, y / ws, z / ws]);
  }
  if (keepEnds) { out[0] = copy(pts[0]!); out[n - 1] = copy(pts[n - 1]!); }
  return out;
}

/** Second derivatives of a natural cubic spline through (t, y). */
function splineSecond(t: Float64Array, y: Float64Array): Float64Array {
  const n = t.length;
  const m = new Float64Array(n);
  if (n < 3) return m;
  const c = new Float64Array(n), d = new Float64Array(n);
  for (let q = 1; q < n - 1; q++) {
    const h0 = t[q]! - t[q - 1]!, h1 = t[q + 1]! - t[q]!;
    const a = h0, b = 2 * (h0 + h1), cc = h1;
    const r = 6 * ((y[q + 1]! - y[q]!) / h1 - (y[q]! - y[q - 1]!) / h0);
    const denom = b - a * c[q - 1]!;
    c[q] = cc / denom;
    d[q] = (r - a * d[q - 1]!) / denom;
  }
  for (let q = n - 2; q >= 1; q--) m[q] = d[q]! - c[q]! * m[q + 1]!;
  return m;
}

/**
 * C2 curve: natural cubic spline through the points (chord-length parameter), sampled every
 * `stepMm` of its own arc length (evaluated densely then resampled). First/last points kept.
 */
export function splineResample(pts: readonly Lps[], stepMm: number): Lps[] {
  const n = pts.length;
  if (n < 3) return resampleLinear(pts, stepMm);
  const t = arcLengths(pts);
  const coords = [0, 1, 2].map((a) => Float64Array.from(pts, (p) => p[a]!));
  const second = coords.map((y) => splineSecond(t, y));
  const dense: Lps[] = [];
  const sub = 4;
  for (let q = 0; q < n - 1; q++) {
    const h = t[q + 1]! - t[q]!;
    for (let u = 0; u < sub; u++) {
      if (h <= 0) continue;
      const x = (u / sub) * h;
      const A = (h - x) / h, B = x / h;
      const p: number[] = [];
      for (let a = 0; a < 3; a++) {
        const y = coords[a]!, m = second[a]!;
        p.push(A * y[q]! + B * y[q + 1]! + ((A * A * A - A) * m[q]! + (B * B * B - B) * m[q + 1]!) * (h * h) / 6);
      }
      dense.push(p as [number, number, number]);
    }
  }
  dense.push(copy(pts[n - 1]!));
  return resampleLinear(dense, stepMm);
}

export function normalise(v: Vec3): Vec3 {
  const l = Math.hypot(v[0], v[1], v[2]) || 1;
  return [v[0] / l, v[1] / l, v[2] / l];
}

export function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

export function dot(a: readonly number[], b: readonly number[]): number {
  return a[0]! * b[0]! + a[1]! * b[1]! + a[2]! * b[2]!;
}

/** Unit tangents by central differences over ±`halfWindow` samples. */
export function tangents(pts: readonly Lps[], halfWindow = 2): Vec3[] {
  const n = pts.length;
  return pts.map((_, q) => {
    const a = pts[Math.max(0, q - halfWindow)]!, b = pts[Math.min(n - 1, q + halfWindow)]!;
    return normalise([b[0] - a[0], b[1] - a[1], b[2] - a[2]]);
  });
}

export interface Frames {
  readonly t: Vec3[];
  readonly n: Vec3[];
  readonly b: Vec3[];
}

/** Rotation-minimising frames (double reflection, Wang et al. 2008); initial normal t0 × z (or × y). */
export function rotationMinimisingFrames(pts: readonly Lps[], tan: readonly Vec3[]): Frames {
  const t0 = tan[0]!;
  let n0 = cross(t0, [0, 0, 1]);
  if (Math.hypot(...n0) < 1e-3) n0 = cross(t0, [0, 1, 0]);
  n0 = normalise(n0);
  const T: Vec3[] = [t0], N: Vec3[] = [n0], B: Vec3[] = [cross(t0, n0)];
  for (let q = 0; q < pts.length - 1; q++) {
    const x0 = pts[q]!, x1 = pts[q + 1]!, ti = T[q]!, ri = N[q]!, t1 = tan[q + 1]!;
    const v1: Vec3 = [x1[0] - x0[0], x1[1] - x0[1], x1[2] - x0[2]];
    const c1 = dot(v1, v1);
    let rL: Vec3 = ri, tL: Vec3 = ti;
    if (c1 > 1e-12) {
      rL = sub(ri, scale(v1, (2 / c1) * dot(v1, ri)));
      tL = sub(ti, scale(v1, (2 / c1) * dot(v1, ti)));
    }
    const v2: Vec3 = [t1[0] - tL[0], t1[1] - tL[1], t1[2] - tL[2]];
    const c2 = dot(v2, v2);
    let r1 = c2 > 1e-12 ? sub(rL, scale(v2, (2 / c2) * dot(v2, rL))) : rL;
    r1 = normalise(sub(r1, scale(t1, dot(r1, t1))));
    T.push(t1); N.push(r1); B.push(cross(t1, r1));
  }
  return { t: T, n: N, b: B };
}

function sub(a: Vec3, b: Vec3): Vec3 { return [a[0] - b[0], a[1] - b[1], a[2] - b[2]]; }
function scale(a: Vec3, k: number): Vec3 { return [a[0] * k, a[1] * k, a[2] * k]; }

/** Distance from a point to a polyline (mm). */
export function distanceToPolyline(p: readonly number[], line: readonly (readonly number[])[]): number {
  let best = Infinity;
  for (let q = 0; q < line.length - 1; q++) {
    const a = line[q]!, b = line[q + 1]!;
    const ab = [b[0]! - a[0]!, b[1]! - a[1]!, b[2]! - a[2]!];
    const ap = [p[0]! - a[0]!, p[1]! - a[1]!, p[2]! - a[2]!];
    const l2 = dot(ab, ab);
    const u = l2 > 0 ? Math.max(0, Math.min(1, dot(ab, ap) / l2)) : 0;
    const d = Math.hypot(ap[0]! - u * ab[0]!, ap[1]! - u * ab[1]!, ap[2]! - u * ab[2]!);
    if (d < best) best = d;
  }
  if (line.length === 1) best = Math.hypot(p[0]! - line[0]![0]!, p[1]! - line[0]![1]!, p[2]! - line[0]![2]!);
  return best;
}
