/**
 * The skeleton as a rooted tree of polylines between junctions, with the walks the labels need: the trunk
 * through a junction (the straightest way on), subtree lengths, directions near a junction.
 */
import type { Lps, Vec3 } from '../volume/volume.ts';

export interface TreeNode {
  /** LPS mm, from the junction with the parent (its first point) to the leaf or the next junction */
  readonly points: Lps[];
  /** inscribed radius at each point, mm */
  readonly radiiMm: number[];
  readonly children: TreeNode[];
}

export function lengthMm(pts: readonly Lps[]): number {
  let s = 0;
  for (let q = 1; q < pts.length; q++) s += Math.hypot(pts[q]![0] - pts[q - 1]![0], pts[q]![1] - pts[q - 1]![1], pts[q]![2] - pts[q - 1]![2]);
  return s;
}

export function subtreeLengthMm(n: TreeNode): number {
  return lengthMm(n.points) + n.children.reduce((a, c) => a + subtreeLengthMm(c), 0);
}

/** Point at arc length s from the start (clamped), and its index. */
function indexAt(pts: readonly Lps[], sMm: number): number {
  let s = 0;
  for (let q = 1; q < pts.length; q++) {
    s += Math.hypot(pts[q]![0] - pts[q - 1]![0], pts[q]![1] - pts[q - 1]![1], pts[q]![2] - pts[q - 1]![2]);
    if (s >= sMm) return q;
  }
  return pts.length - 1;
}

function unit(a: Lps, b: Lps): Vec3 {
  const d: Vec3 = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
  const l = Math.hypot(...d) || 1;
  return [d[0] / l, d[1] / l, d[2] / l];
}

/** Direction leaving the start of a polyline, between fromMm and toMm along it (walking into a child's trunk when short). */
export function leavingDirection(n: TreeNode, fromMm = 2, toMm = 10): Vec3 {
  const pts = trunkPoints(n, toMm + 1);
  return unit(pts[indexAt(pts, fromMm)]!, pts[indexAt(pts, toMm)]!);
}

/** Direction arriving at the end of a polyline (over its last spanMm). */
export function arrivingDirection(pts: readonly Lps[], spanMm = 8): Vec3 {
  const rev = pts.slice().reverse();
  return unit(rev[indexAt(rev, spanMm)]!, rev[0]!);
}

const dot = (a: Vec3, b: Vec3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];

/** The child that continues the vessel arriving along `incoming`: the straightest one on. */
export function straightestChild(incoming: Vec3, children: readonly TreeNode[]): TreeNode | null {
  let best: TreeNode | null = null, bestCos = -Infinity;
  for (const c of children) {
    const cos = dot(incoming, leavingDirection(c));
    if (cos > bestCos) { bestCos = cos; best = c; }
  }
  return best;
}

/** Points of the trunk from the start of n (the straightest child at each junction), up to maxMm. */
export function trunkPoints(n: TreeNode, maxMm = Infinity): Lps[] {
  const out: Lps[] = [...n.points];
  let cur = n;
  while (cur.children.length && lengthMm(out) < maxMm) {
    const next = straightestChildShallow(arrivingDirection(out), cur.children);
    out.push(...next.points.slice(1));
    cur = next;
  }
  return out;
}

/** straightestChild without recursing into trunks (directions from the child's own points only). */
function straightestChildShallow(incoming: Vec3, children: readonly TreeNode[]): TreeNode {
  let best = children[0]!, bestCos = -Infinity;
  for (const c of children) {
    const pts = c.points;
    const cos = dot(incoming, unit(pts[indexAt(pts, Math.min(2, lengthMm(pts) / 4))]!, pts[indexAt(pts, 10)]!));
    if (cos > bestCos) { bestCos = cos; best = c; }
  }
  return best;
}
