// Coronary centrelines: right-dominant tree drawn on the smoothed ventricular surface in heart-local
// (w, φ) coordinates (PHANTOM §2 recipe), smoothed and resampled every 0.25 mm, with reference
// radius (SCCT segment table), segment numbers and outward normals.
import type { VesselName } from '../truth';
import { sdVentricles, toLocal, toLps, ventricleNormalLocal, localDirToLps, type Anatomy } from './heart';
import { cross, dot, madd, norm, normalize, sub, type V3 } from './vec';

export const STEP_MM = 0.25;
const SURF_K = 8;

export interface VesselPath {
  name: VesselName;
  parent: VesselName | null;
  branchSMm: number | null;
  n: number;
  /** xyz per point, LPS mm */
  pos: Float64Array;
  tan: Float64Array;
  /** n1: outward (epicardial) normal ⊥ tangent; n2 = tan × n1 */
  n1: Float64Array;
  n2: Float64Array;
  refRadiusMm: Float64Array;
  segment: Uint8Array;
  /** arc length from the aortic ostium of the tree, for the HU fall-off */
  sFromAortaMm: Float64Array;
  lengthMm: number;
}

type Ctl = { lps: V3 } | { w: number; phiDeg: number };

/** Point on the smoothed ventricular surface near local (w, φ), pushed out by offsetMm along the normal. */
export function surfacePoint(an: Anatomy, w: number, phiDeg: number, offsetMm: number): V3 {
  const phi = (phiDeg * Math.PI) / 180;
  let q: V3 = [w, 38 * Math.cos(phi), 38 * Math.sin(phi)];
  for (let it = 0; it < 8; it++) {
    const d = sdVentricles(an, q[0], q[1], q[2], SURF_K);
    const nrm = ventricleNormalLocal(an, q[0], q[1], q[2], SURF_K);
    q = madd(q, nrm, -d);
  }
  const nrm = ventricleNormalLocal(an, q[0], q[1], q[2], SURF_K);
  q = madd(q, nrm, offsetMm);
  return toLps(an.frame, q[0], q[1], q[2]);
}

function ctlLps(an: Anatomy, c: Ctl, offsetMm: number): V3 {
  return 'lps' in c ? c.lps : surfacePoint(an, c.w, c.phiDeg, offsetMm);
}

/** Dense path through control points: (w, φ) interpolated and projected every ~1 mm. */
function densePath(an: Anatomy, ctl: Ctl[], offsetMm: number): V3[] {
  const out: V3[] = [];
  for (let c = 0; c + 1 < ctl.length; c++) {
    const A = ctl[c]!;
    const B = ctl[c + 1]!;
    const pa = ctlLps(an, A, offsetMm);
    const pb = ctlLps(an, B, offsetMm);
    const nSteps = Math.max(2, Math.ceil(norm(sub(pb, pa)) / 1));
    for (let s = 0; s < nSteps; s++) {
      const t = s / nSteps;
      if ('lps' in A || 'lps' in B) out.push(madd(pa, sub(pb, pa), t));
      else out.push(surfacePoint(an, A.w + (B.w - A.w) * t, A.phiDeg + (B.phiDeg - A.phiDeg) * t, offsetMm));
    }
  }
  out.push(ctlLps(an, ctl[ctl.length - 1]!, offsetMm));
  return out;
}

/** Resample a polyline at a fixed arc-length step. */
function resample(pts: V3[], step: number): V3[] {
  const cum = [0];
  for (let i = 1; i < pts.length; i++) cum.push(cum[i - 1]! + norm(sub(pts[i]!, pts[i - 1]!)));
  const total = cum[cum.length - 1]!;
  const n = Math.floor(total / step + 1e-9) + 1;
  const out: V3[] = [];
  let seg = 0;
  for (let k = 0; k < n; k++) {
    const s = k * step;
    while (seg < pts.length - 2 && cum[seg + 1]! < s) seg++;
    const len = cum[seg + 1]! - cum[seg]!;
    const t = len > 0 ? (s - cum[seg]!) / len : 0;
    out.push(madd(pts[seg]!, sub(pts[seg + 1]!, pts[seg]!), t));
  }
  return out;
}

/** Moving average with a window shrinking at both ends (end points stay exact). */
function smooth(pts: V3[], halfWindow: number): V3[] {
  const n = pts.length;
  return pts.map((_, i) => {
    const h = Math.min(halfWindow, i, n - 1 - i);
    const acc: V3 = [0, 0, 0];
    for (let k = i - h; k <= i + h; k++) {
      acc[0] += pts[k]![0];
      acc[1] += pts[k]![1];
      acc[2] += pts[k]![2];
    }
    return [acc[0] / (2 * h + 1), acc[1] / (2 * h + 1), acc[2] / (2 * h + 1)];
  });
}

export interface VesselPlan {
  name: VesselName;
  parent: VesselName | null;
  branchSMm: number | null;
  ctl: Ctl[];
  meanRadiusMm: number;
}

/** Build the path geometry (positions, tangents, normals) of one vessel. */
export function buildPath(an: Anatomy, plan: VesselPlan): VesselPath {
  const dense = densePath(an, plan.ctl, 1.5 + plan.meanRadiusMm);
  const pts = resample(smooth(resample(smooth(resample(dense, 0.5), 6), 0.5), 4), STEP_MM);
  const n = pts.length;
  const pos = new Float64Array(3 * n);
  pts.forEach((p, i) => pos.set(p, 3 * i));
  const tan = new Float64Array(3 * n);
  const n1 = new Float64Array(3 * n);
  const n2 = new Float64Array(3 * n);
  const rawN: V3[] = [];
  for (let i = 0; i < n; i++) {
    const a = pts[Math.max(0, i - 1)]!;
    const b = pts[Math.min(n - 1, i + 1)]!;
    tan.set(normalize(sub(b, a)), 3 * i);
    const loc = toLocal(an.frame, pts[i]![0], pts[i]![1], pts[i]![2]);
    const nl = ventricleNormalLocal(an, loc[0], loc[1], loc[2], SURF_K);
    rawN.push(localDirToLps(an.frame, nl[0], nl[1], nl[2]));
  }
  const sm = smooth(rawN, 12);
  for (let i = 0; i < n; i++) {
    const t: V3 = [tan[3 * i]!, tan[3 * i + 1]!, tan[3 * i + 2]!];
    let m = sm[i]!;
    m = madd(m, t, -dot(m, t));
    if (norm(m) < 1e-6) m = cross(t, [0, 0, 1]);
    const u1 = normalize(m);
    n1.set(u1, 3 * i);
    n2.set(cross(t, u1), 3 * i);
  }
  return {
    name: plan.name, parent: plan.parent, branchSMm: plan.branchSMm, n, pos, tan, n1, n2,
    refRadiusMm: new Float64Array(n), segment: new Uint8Array(n), sFromAortaMm: new Float64Array(n),
    lengthMm: (n - 1) * STEP_MM,
  };
}

export function pointOf(v: VesselPath, i: number): V3 {
  return [v.pos[3 * i]!, v.pos[3 * i + 1]!, v.pos[3 * i + 2]!];
}

/** Index of the point at arc length s (clamped). */
export function indexAt(v: VesselPath, sMm: number): number {
  return Math.max(0, Math.min(v.n - 1, Math.round(sMm / STEP_MM)));
}

/** Azimuth φ (degrees, heart frame) and w of a path point. */
export function localPolar(an: Anatomy, p: V3): { w: number; phiDeg: number } {
  const l = toLocal(an.frame, p[0], p[1], p[2]);
  return { w: l[0], phiDeg: (Math.atan2(l[2], l[1]) * 180) / Math.PI };
}
