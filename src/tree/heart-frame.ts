/**
 * Where a point lies over the heart, from what the tree itself shows: the long axis from the aortic root to the
 * apex (the LAD's far end), and the azimuth around it from the anterior interventricular groove (the LAD, 0°)
 * to the posterior groove (180°, where the PDA runs down from the crux). The aortic root and both
 * interventricular grooves lie in the septal plane, so the azimuth needs no other landmark.
 */
import type { Lps } from '../volume/volume.ts';

export interface HeartFrame {
  readonly rootLps: Lps;
  /** unit vector root → apex */
  readonly axis: Lps;
  readonly axisLengthMm: number;
  /** unit vector ⊥ axis towards the LAD */
  readonly anterior: Lps;
}

const sub = (a: Lps, b: Lps): Lps => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const dot = (a: Lps, b: Lps): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const scale = (a: Lps, k: number): Lps => [a[0] * k, a[1] * k, a[2] * k];

/**
 * The frame from the aortic root, the apex, the LAD's course and the points of the atrioventricular-groove
 * trunks (LCx, RCA); null when they do not span one. The axis runs from the centre of the AV ring (a circle
 * fitted to the shallower half of those points, seen along the root → apex line) to the apex; without a ring
 * it runs from the root, which sits in front of that centre.
 */
export function heartFrame(rootLps: Lps, apexLps: Lps, ladPts: readonly Lps[], ringPts: readonly Lps[] = []): HeartFrame | null {
  const base = ringCentre(rootLps, apexLps, ringPts) ?? rootLps;
  const d = sub(apexLps, base);
  const len = Math.hypot(...d);
  if (!(len > 0)) return null;
  const axis = scale(d, 1 / len);
  // the LAD's mean offset from the axis over its course between base and apex
  const acc: [number, number, number] = [0, 0, 0];
  for (const p of ladPts) {
    const r = sub(p, base);
    const t = dot(r, axis) / len;
    if (t < 0.2 || t > 0.8) continue;
    const perp = sub(r, scale(axis, dot(r, axis)));
    acc[0] += perp[0]; acc[1] += perp[1]; acc[2] += perp[2];
  }
  const l = Math.hypot(...acc);
  if (!(l > 0)) return null;
  return { rootLps: base, axis, axisLengthMm: len, anterior: scale(acc, 1 / l) };
}

/** Centre of the circle (least squares, Kåsa) through the shallower half of the ring points, in the plane ⊥ root → apex. */
function ringCentre(rootLps: Lps, apexLps: Lps, ringPts: readonly Lps[]): Lps | null {
  if (ringPts.length < 10) return null;
  const d = sub(apexLps, rootLps);
  const len = Math.hypot(...d);
  if (!(len > 0)) return null;
  const u = scale(d, 1 / len);
  const h: Lps = Math.abs(u[0]) < 0.9 ? [1, 0, 0] : [0, 1, 0];
  const e1 = (() => { const p = sub(h, scale(u, dot(h, u))); return scale(p, 1 / Math.hypot(...p)); })();
  const e2: Lps = [u[1] * e1[2] - u[2] * e1[1], u[2] * e1[0] - u[0] * e1[2], u[0] * e1[1] - u[1] * e1[0]];
  const rel = ringPts.map((p) => sub(p, rootLps)).sort((a, b) => dot(a, u) - dot(b, u));
  const use = rel.slice(0, Math.ceil(rel.length / 2));
  // normal equations of x² + y² + D x + E y + F = 0
  const m = [[0, 0, 0], [0, 0, 0], [0, 0, 0]], v = [0, 0, 0];
  let along = 0;
  for (const r of use) {
    const x = dot(r, e1), y = dot(r, e2), z = -(x * x + y * y);
    const row = [x, y, 1];
    for (let a = 0; a < 3; a++) { v[a]! += row[a]! * z; for (let b = 0; b < 3; b++) m[a]![b]! += row[a]! * row[b]!; }
    along += dot(r, u);
  }
  const sol = solve3(m, v);
  if (!sol) return null;
  const cx = -sol[0] / 2, cy = -sol[1] / 2;
  const radius = Math.sqrt(Math.max(0, cx * cx + cy * cy - sol[2]));
  // a ring wider than the heart is long is no ring (points on one side only)
  if (!(radius > 0) || radius > len) return null;
  const a = along / use.length;
  return [0, 1, 2].map((k) => rootLps[k]! + a * u[k]! + cx * e1[k]! + cy * e2[k]!) as unknown as Lps;
}

function solve3(m: number[][], v: number[]): [number, number, number] | null {
  const det = (a: number[][]): number => a[0]![0]! * (a[1]![1]! * a[2]![2]! - a[1]![2]! * a[2]![1]!) - a[0]![1]! * (a[1]![0]! * a[2]![2]! - a[1]![2]! * a[2]![0]!) + a[0]![2]! * (a[1]![0]! * a[2]![1]! - a[1]![1]! * a[2]![0]!);
  const D = det(m);
  if (Math.abs(D) < 1e-9) return null;
  const col = (c: number): number[][] => m.map((row, r) => row.map((x, k) => (k === c ? v[r]! : x)));
  return [det(col(0)) / D, det(col(1)) / D, det(col(2)) / D];
}

/**
 * Depth along the axis (0 at the root, 1 at the apex), azimuth from the LAD (degrees 0–180) and the signed
 * distance from the septal plane towards the patient's left (the left ventricle's side), mm.
 */
export function heartPolar(f: HeartFrame, p: Lps): { depth: number; azimuthDeg: number; lateralMm: number } {
  const r = sub(p, f.rootLps);
  const along = dot(r, f.axis);
  const perp = sub(r, scale(f.axis, along));
  const a = dot(perp, f.anterior);
  const side = sub(perp, scale(f.anterior, a));
  const lat: Lps = [f.axis[1] * f.anterior[2] - f.axis[2] * f.anterior[1], f.axis[2] * f.anterior[0] - f.axis[0] * f.anterior[2], f.axis[0] * f.anterior[1] - f.axis[1] * f.anterior[0]];
  const lateralMm = dot(side, lat) * (lat[0] >= 0 ? 1 : -1);
  return { depth: along / f.axisLengthMm, azimuthDeg: (Math.atan2(Math.hypot(...side), a) * 180) / Math.PI, lateralMm };
}

/**
 * The posterior interventricular groove is nearer 180° than the lateral wall's 90°: an artery running down it
 * (a PDA) keeps its distal half beyond the half-way azimuth and ends deeper (nearer the apex) than it starts.
 */
export const POSTERIOR_GROOVE_MIN_DEG = 135;

export function runsDownPosteriorGroove(f: HeartFrame, pts: readonly Lps[]): boolean {
  if (pts.length < 2) return false;
  const half = pts.slice(Math.floor(pts.length / 2));
  const mean = half.reduce((s, p) => s + heartPolar(f, p).azimuthDeg, 0) / half.length;
  return mean >= POSTERIOR_GROOVE_MIN_DEG && heartPolar(f, pts[pts.length - 1]!).depth > heartPolar(f, pts[0]!).depth;
}
