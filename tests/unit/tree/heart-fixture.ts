// Synthetic coronary trees on an ellipsoidal heart (LPS mm) for the naming tests: heart-local depth w (0 base →
// 1 apex) and signed azimuth φ (0 the anterior interventricular groove, +90 the lateral wall on the patient's
// left, −90 the acute margin, ±180 the posterior groove), as PHANTOM.md §2 lays the tree out. Geometry only:
// no image, no generator.
import type { Lps } from '../../../src/volume/volume.ts';
import type { TreeNode } from '../../../src/tree/segments.ts';
import type { TreeCandidate } from '../../../src/tree/find-tree.ts';

export const ROOT: Lps = [0, 0, 0];
const norm = (a: number[]): Lps => { const l = Math.hypot(a[0]!, a[1]!, a[2]!); return [a[0]! / l, a[1]! / l, a[2]! / l]; };
/** long axis base → apex: left, anterior, inferior (PHANTOM §1) */
const U = norm([0.58, -0.58, -0.58]);
const ANT = norm([-1 / 3, -2 / 3, 1 / 3]);
/** towards the patient's left, ⊥ U and ANT */
const LAT = norm([0.707, 0, 0.707]);
/** the AV ring's centre: the aortic root lies 20 mm in front of it, in the septal plane */
const BASE: Lps = [ROOT[0] - 20 * ANT[0], ROOT[1] - 20 * ANT[1], ROOT[2] - 20 * ANT[2]];
const LONG_MM = 90;
const RING_MM = 35;

export function surface(w: number, phiDeg: number): Lps {
  const r = RING_MM * Math.sqrt(Math.max(0, 1 - 0.95 * w * w)) + 2;
  const c = Math.cos((phiDeg * Math.PI) / 180), s = Math.sin((phiDeg * Math.PI) / 180);
  return [0, 1, 2].map((k) => BASE[k]! + U[k]! * w * LONG_MM + r * (c * ANT[k]! + s * LAT[k]!)) as unknown as Lps;
}

const dist = (a: Lps, b: Lps): number => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

/** Points every ~0.5 mm through the given points. */
function resample(dense: Lps[]): Lps[] {
  const out: Lps[] = [dense[0]!];
  let acc = 0;
  for (let q = 1; q < dense.length; q++) {
    acc += dist(dense[q]!, dense[q - 1]!);
    if (acc >= 0.5 || q === dense.length - 1) { out.push(dense[q]!); acc = 0; }
  }
  return out;
}

/** A vessel over the surface through (w, φ) control points, linear in (w, φ). */
export function onHeart(ctl: readonly [number, number][]): Lps[] {
  const dense: Lps[] = [];
  for (let q = 1; q < ctl.length; q++) {
    const [w0, p0] = ctl[q - 1]!, [w1, p1] = ctl[q]!;
    for (let t = q === 1 ? 0 : 1; t <= 400; t++) dense.push(surface(w0 + ((w1 - w0) * t) / 400, p0 + ((p1 - p0) * t) / 400));
  }
  return resample(dense);
}

/** A straight run through the given points (ostial segments off the aortic root). */
export function straight(...pts: Lps[]): Lps[] {
  const dense: Lps[] = [];
  for (let q = 1; q < pts.length; q++) {
    const a = pts[q - 1]!, b = pts[q]!;
    for (let t = q === 1 ? 0 : 1; t <= 200; t++) dense.push([a[0] + ((b[0] - a[0]) * t) / 200, a[1] + ((b[1] - a[1]) * t) / 200, a[2] + ((b[2] - a[2]) * t) / 200]);
  }
  return resample(dense);
}

export const join = (...parts: Lps[][]): Lps[] => parts.reduce((a, p) => (a.length ? [...a, ...p.slice(1)] : [...p]), [] as Lps[]);

/** A vessel and the branches leaving it (each branch's first point on it). */
export interface Vessel { readonly pts: Lps[]; readonly radiusMm: number; readonly branches?: readonly Vessel[] }

/** The vessel as a tree of nodes split at each branch's junction (the continuation the first child). */
export function toNode(v: Vessel): TreeNode {
  const at = (b: Vessel): number => {
    let best = 0;
    v.pts.forEach((p, q) => { if (dist(p, b.pts[0]!) < dist(v.pts[best]!, b.pts[0]!)) best = q; });
    return best;
  };
  const kids = (v.branches ?? []).map((b) => ({ b, i: at(b) })).sort((a, b) => a.i - b.i);
  const cuts = [...new Set(kids.map((k) => k.i))];
  const make = (from: number, c: number): TreeNode => {
    const to = c < cuts.length ? cuts[c]! : v.pts.length - 1;
    const pts = v.pts.slice(from, to + 1);
    const node: TreeNode = { points: pts, radiiMm: pts.map(() => v.radiusMm), children: [] };
    if (c < cuts.length) {
      if (to < v.pts.length - 1) node.children.push(make(to, c + 1));
      for (const k of kids.filter((k) => k.i === to)) node.children.push(toNode({ ...k.b, pts: [v.pts[to]!, ...k.b.pts.slice(1)] }));
    }
    return node;
  };
  return make(0, 0);
}

export function candidate(v: Vessel): TreeCandidate {
  const node = toNode(v);
  return { node, ostium: node.points[0]!, side: node.points[0]![0] - ROOT[0] };
}

/** Ostia on the aortic root wall (radius ≈ 14 mm): left-posterior sinus and anterior sinus. */
export const LEFT_OSTIUM: Lps = [10, 4, 3];
export const RIGHT_OSTIUM: Lps = [-10, -6, 2];

/** Right coronary (right dominance): AV groove to the crux, R-PDA down the posterior groove, R-PLB beyond. */
export function rightCoronary(): Vessel {
  const groove = join(straight(RIGHT_OSTIUM, surface(0, -30)), onHeart([[0, -30], [0, -90], [0, -180]]));
  return { pts: join(groove, onHeart([[0, -180], [0.05, 150]])), radiusMm: 1.6, branches: [{ pts: onHeart([[0, 180], [0.7, 180]]), radiusMm: 0.9 }] };
}

export const lad = (): Lps[] => onHeart([[0, 25], [0.1, 2], [1, 0]]);
export const d1 = (): Vessel => ({ pts: onHeart([[0.3, 0.5], [0.7, 45]]), radiusMm: 1 });
/** LCx along the left AV groove to φ, with OM1 and OM2 down the lateral wall */
export function lcx(fromPhi: number, toPhi: number): Vessel {
  return {
    pts: onHeart([[0, fromPhi], [0, toPhi]]), radiusMm: 1.4,
    branches: [{ pts: onHeart([[0, 70], [0.5, 85], [0.8, 90]]), radiusMm: 1 }, { pts: onHeart([[0, 110], [0.6, 125]]), radiusMm: 0.9 }],
  };
}
