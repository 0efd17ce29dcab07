/**
 * Names from the anatomy: which ostium, where the first major division is (the end of the left main), which
 * way each trunk heads over the heart (the LAD to the front and the apex, the LCx back along the AV groove),
 * side branches in order along their trunk (D1, D2 on the LAD; OM1, OM2 on the LCx), and the RCA's last
 * division (the crux: R-PDA towards the apex, R-PLB along the left AV groove).
 */
import type { Lps } from '../volume/volume.ts';
import { arrivingDirection, leavingDirection, lengthMm, straightestChild, subtreeLengthMm, type TreeNode } from './segments.ts';

export interface NamedPath {
  readonly name: string;
  readonly parent: string | null;
  /** from the ostium or the junction on the parent */
  readonly points: Lps[];
  readonly radiiMm: number[];
}

/** A division whose smaller side carries less than this much vessel (mm) is a side branch, not the end of a trunk. */
const MAJOR_SUBTREE_MM = 20;

interface Walk { points: Lps[]; radiiMm: number[]; sides: { node: TreeNode; index: number }[]; end: TreeNode }

type Chooser = (incoming: Lps, children: readonly TreeNode[], at: Lps) => TreeNode;

const straightest: Chooser = (incoming, children) => straightestChild(incoming, children)!;

/**
 * An atrioventricular-groove trunk (LCx, RCA) circles the base of the heart: at a division it goes on with the
 * child heading least towards the apex (marginals run down the free wall towards it).
 */
function aroundTheBase(apexLps: Lps): Chooser {
  return (_incoming, children, at) => {
    const a: Lps = [apexLps[0] - at[0], apexLps[1] - at[1], apexLps[2] - at[2]];
    const l = Math.hypot(...a) || 1;
    let best = children[0]!, bestV = Infinity;
    for (const c of children) {
      const d = leavingDirection(c);
      const v = (d[0] * a[0] + d[1] * a[1] + d[2] * a[2]) / l;
      if (v < bestV) { bestV = v; best = c; }
    }
    return best;
  };
}

/** Follow the chosen child at each junction from `start`; the other children are side branches. */
function walk(start: TreeNode, stopAt?: (n: TreeNode) => boolean, choose: Chooser = straightest): Walk {
  const points: Lps[] = [...start.points];
  const radiiMm = [...start.radiiMm];
  const sides: Walk['sides'] = [];
  let cur = start;
  while (cur.children.length && !stopAt?.(cur)) {
    const next = cur.children.length === 1 ? cur.children[0]! : choose(arrivingDirection(points), cur.children, points[points.length - 1]!);
    for (const c of cur.children) if (c !== next) sides.push({ node: c, index: points.length - 1 });
    points.push(...next.points.slice(1));
    radiiMm.push(...next.radiiMm.slice(1));
    cur = next;
  }
  return { points, radiiMm, sides, end: cur };
}

function majorChildren(n: TreeNode): TreeNode[] {
  return n.children.filter((c) => subtreeLengthMm(c) >= MAJOR_SUBTREE_MM);
}

function meanY(pts: readonly Lps[], spanMm: number): number {
  let s = 0, acc = 0, cnt = 0;
  for (let q = 0; q < pts.length && s <= spanMm; q++) {
    if (q) s += Math.hypot(pts[q]![0] - pts[q - 1]![0], pts[q]![1] - pts[q - 1]![1], pts[q]![2] - pts[q - 1]![2]);
    acc += pts[q]![1]; cnt++;
  }
  return acc / Math.max(1, cnt);
}

/** Side branches of a walk named prefix1, prefix2, … in order from the ostium; their own side branches follow the same rule. */
function namedSides(w: Walk, prefix: string, parent: string, out: NamedPath[]): void {
  w.sides.sort((a, b) => a.index - b.index).forEach((s, q) => {
    const sw = walk(s.node);
    const name = `${prefix}${q + 1}`;
    out.push({ name, parent, points: sw.points, radiiMm: sw.radiiMm });
    namedSides(sw, `${name}-`, name, out);
  });
}

/** The apex is the LAD's point farthest from its start (the LAD may wrap 10–20 mm around the apex and come back up). */
export function apexFromLad(ladPts: readonly Lps[]): Lps {
  const o = ladPts[0]!;
  let best = o, bestD = -1;
  for (const p of ladPts) { const d = Math.hypot(p[0] - o[0], p[1] - o[1], p[2] - o[2]); if (d > bestD) { bestD = d; best = p; } }
  return best;
}

/** The left coronary tree from its ostium. */
export function labelLeft(root: TreeNode, out: NamedPath[]): void {
  // the left main runs until the first division into two (or three) major trunks
  const lm = walk(root, (n) => majorChildren(n).length >= 2);
  const trunks = majorChildren(lm.end);
  const minor = lm.sides;
  if (trunks.length < 2) {
    // no division: a single trunk (a separate LAD or LCx ostium) named by its course
    const whole = walk(root);
    const name = meanY(whole.points, 30) < whole.points[0]![1] ? 'LAD' : 'LCx';
    out.push({ name, parent: null, points: whole.points, radiiMm: whole.radiiMm });
    namedSides(whole, name === 'LAD' ? 'D' : 'OM', name, out);
    return;
  }
  out.push({ name: 'LM', parent: null, points: lm.points, radiiMm: lm.radiiMm });
  const walks = trunks.map((t) => walk(t)).sort((a, b) => meanY(a.points, 30) - meanY(b.points, 30));
  const lad = walks[0]!;
  const apex = apexFromLad(lad.points);
  const lcx = walk(trunks.find((t) => walks[walks.length - 1]!.points[1] === t.points[1])!, undefined, aroundTheBase(apex));
  out.push({ name: 'LAD', parent: 'LM', points: lad.points, radiiMm: lad.radiiMm });
  out.push({ name: 'LCx', parent: 'LM', points: lcx.points, radiiMm: lcx.radiiMm });
  if (walks.length === 3) out.push({ name: 'ramus', parent: 'LM', points: walks[1]!.points, radiiMm: walks[1]!.radiiMm });
  namedSides(lad, 'D', 'LAD', out);
  namedSides(lcx, 'OM', 'LCx', out);
  minor.forEach((s, q) => { const w = walk(s.node); out.push({ name: `LM-${q + 1}`, parent: 'LM', points: w.points, radiiMm: w.radiiMm }); });
}

/**
 * The right coronary tree: the RCA to its last major division (the crux), then the R-PDA (the branch that
 * ends nearer the apex) and the R-PLB.
 */
export function labelRight(root: TreeNode, apexLps: Lps | null, out: NamedPath[]): void {
  const whole = walk(root, undefined, apexLps ? aroundTheBase(apexLps) : straightest);
  const major = whole.sides.filter((s) => subtreeLengthMm(s.node) >= MAJOR_SUBTREE_MM);
  const crux = major[major.length - 1];
  if (!crux) {
    out.push({ name: 'RCA', parent: null, points: whole.points, radiiMm: whole.radiiMm });
    namedSides(whole, 'RCA-', 'RCA', out);
    return;
  }
  const rcaPts = whole.points.slice(0, crux.index + 1);
  out.push({ name: 'RCA', parent: null, points: rcaPts, radiiMm: whole.radiiMm.slice(0, crux.index + 1) });
  const on = { points: whole.points.slice(crux.index), radiiMm: whole.radiiMm.slice(crux.index) };
  const off = walk(crux.node);
  const endOf = (p: Lps[]): Lps => p[p.length - 1]!;
  const d = (a: Lps, b: Lps): number => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
  const offIsPda = apexLps ? d(endOf(off.points), apexLps) < d(endOf(on.points), apexLps) : endOf(off.points)[2] < endOf(on.points)[2];
  const pda = offIsPda ? off : on, plb = offIsPda ? on : off;
  out.push({ name: 'R-PDA', parent: 'RCA', points: pda.points, radiiMm: pda.radiiMm });
  out.push({ name: 'R-PLB', parent: 'RCA', points: plb.points, radiiMm: plb.radiiMm });
  const before: Walk = { ...whole, sides: whole.sides.filter((s) => s.index < crux.index) };
  namedSides(before, 'RCA-', 'RCA', out);
  if (offIsPda) namedSides(off, 'R-PDA-', 'R-PDA', out);
}

export { lengthMm };
