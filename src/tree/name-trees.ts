/**
 * The trees found from the aortic root, named: which one is the right coronary, whether the left coronary
 * starts with a left main (one left ostium) or not (separate LAD and LCx ostia, or an LCx from the right
 * coronary), then each trunk and branch (labels.ts) and the dominance.
 */
import type { Lps } from '../volume/volume.ts';
import type { Dominance, TreeCandidate, TreeResult } from './find-tree.ts';
import { heartPolar, POSTERIOR_GROOVE_MIN_DEG, type HeartFrame } from './heart-frame.ts';
import {
  apexFromLad, aroundTheBase, circumflex, heartFrame, largest, lcxFromRight, leftTrunks, nameLeft, nameRight, rightWalk, walk,
  type LeftTrunks, type NamedPath,
} from './labels.ts';
import { subtreeLengthMm, type TreeNode } from './segments.ts';

/** A tree carrying less vessel than this (mm) is no coronary trunk (20 mm of vessel: the shortest named segment). */
const MIN_TRUNK_TREE_MM = 20;

const dist = (a: Lps, b: Lps): number => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

/** Farthest distance from `o` over a subtree, memoised per node. */
function reachMm(n: TreeNode, o: Lps, memo: Map<TreeNode, number>): number {
  const hit = memo.get(n);
  if (hit !== undefined) return hit;
  let best = 0;
  for (const p of n.points) best = Math.max(best, dist(p, o));
  for (const c of n.children) best = Math.max(best, reachMm(c, o, memo));
  memo.set(n, best);
  return best;
}

/**
 * The path from a tree's ostium to its point farthest from the aortic root: in a left coronary tree, the LAD
 * to the apex (the apex is the heart's point farthest from its base, and the LAD reaches it).
 */
function pathToFarthest(root: TreeNode, rootLps: Lps): Lps[] {
  const memo = new Map<TreeNode, number>();
  return walk(root, undefined, (_in, children) => children.reduce((a, c) => (reachMm(c, rootLps, memo) > reachMm(a, rootLps, memo) ? c : a))).points;
}

/** A path from a tree's ostium without its run through the mouth into the aorta (no part of the heart's surface). */
function outOfAorta(trees: readonly TreeCandidate[], pts: readonly Lps[]): Lps[] {
  const mouthMm = trees.find((t) => t.ostium === pts[0])?.mouthMm ?? 0;
  let s = 0, q = 1;
  for (; q < pts.length && s < mouthMm; q++) s += dist(pts[q]!, pts[q - 1]!);
  return mouthMm > 0 ? pts.slice(q - 1) : [...pts];
}

function allPoints(n: TreeNode): Lps[] {
  return [...n.points, ...n.children.flatMap(allPoints)];
}

/** Mean x (LPS, + = patient's left) of a tree's points relative to the aortic root, weighted by length. */
function meanSideMm(root: TreeNode, rootLps: Lps): number {
  let acc = 0, w = 0;
  const visit = (n: TreeNode): void => {
    for (let q = 1; q < n.points.length; q++) {
      const l = dist(n.points[q]!, n.points[q - 1]!);
      acc += (n.points[q]![0] - rootLps[0]) * l; w += l;
    }
    n.children.forEach(visit);
  };
  visit(root);
  return w ? acc / w : 0;
}

/**
 * The right coronary is the tree lying farthest to the patient's right of the aortic root over its course (its
 * AV groove is right of the root, the left coronary's territory left of it); a single tree is the right one when
 * it lies right of the root.
 */
function sortSides(trees: readonly TreeCandidate[], rootLps: Lps): { right: TreeCandidate | undefined; lefts: TreeCandidate[] } {
  const big = trees.filter((t) => subtreeLengthMm(t.node) >= MIN_TRUNK_TREE_MM);
  const sided = big.map((t) => ({ t, x: meanSideMm(t.node, rootLps) })).sort((a, b) => a.x - b.x);
  const right = sided.length > 1 || (sided[0] && sided[0].x <= 0) ? sided[0]!.t : undefined;
  return { right, lefts: sided.filter((s) => s.t !== right).map((s) => s.t) };
}

/**
 * The left coronary's trunks. One left tree beside no LCx from the right starts with a left main; two left
 * trees are separate LAD and LCx ostia (the LAD the one reaching the apex); a left tree beside an LCx from
 * the right is the LAD alone.
 */
function leftOf(lefts: readonly TreeCandidate[], lcxElsewhere: boolean, apex: Lps | null, rootLps: Lps): LeftTrunks | null {
  if (!lefts.length) return null;
  if (lefts.length === 1) return leftTrunks(lefts[0]!.node, !lcxElsewhere);
  const byReach = lefts.slice().sort((a, b) => reachMm(b.node, rootLps, new Map()) - reachMm(a.node, rootLps, new Map()));
  const ladTree = byReach[0]!;
  const lcxTree = lefts.filter((t) => t !== ladTree).sort((a, b) => subtreeLengthMm(b.node) - subtreeLengthMm(a.node))[0]!;
  const apexLps = apex ?? pathToFarthest(ladTree.node, rootLps).at(-1)!;
  return { lm: null, lad: walk(ladTree.node, undefined, largest), lcx: walk(lcxTree.node, undefined, aroundTheBase(apexLps)), ramus: null, minor: [] };
}

export function nameTrees(trees: readonly TreeCandidate[], rootLps: Lps): { paths: NamedPath[]; ostia: TreeResult['ostia']; dominance: Dominance | null } {
  const out: NamedPath[] = [];
  const { right, lefts } = sortSides(trees, rootLps);
  // a first frame from the left tree alone (its farthest point the apex, its path there the LAD's course): where
  // the right coronary's branches run, before any left name is given
  const ladTree = lefts.slice().sort((a, b) => reachMm(b.node, rootLps, new Map()) - reachMm(a.node, rootLps, new Map()))[0];
  const guide = ladTree ? pathToFarthest(ladTree.node, rootLps) : null;
  const apex0 = guide ? guide[guide.length - 1]! : null;
  // the ring from every tree's shallower half: the AV-groove trunks and the proximal vessels circle the base
  const frame0 = guide && apex0 ? heartFrame(rootLps, apex0, guide, trees.flatMap((t) => outOfAorta(trees, allPoints(t.node)))) : null;
  let rca = right ? rightWalk(right.node, apex0, frame0) : null;
  // an LCx leaving the right coronary (anomalous origin, behind the aorta): the left tree then has no left main
  const anomalous = rca && frame0 && apex0 ? lcxFromRight(rca, frame0, apex0) : null;
  if (anomalous) rca = anomalous.rca;
  const lt = leftOf(lefts, anomalous !== null, apex0, rootLps);
  const apex = lt?.lad ? apexFromLad(lt.lad.points) : apex0;
  // the atrioventricular ring: the LCx and the RCA circle the base
  const lcx = lt?.lcx ?? anomalous?.lcx ?? null;
  const ring = [...outOfAorta(trees, lcx?.points ?? []), ...outOfAorta(trees, rca?.points ?? [])];
  const frame: HeartFrame | null = lt?.lad && apex ? heartFrame(rootLps, apex, lt.lad.points, ring) : null;
  if (lt) nameLeft(lt, frame, out);
  if (anomalous) circumflex(anomalous.lcx, frame, 'RCA', out);
  if (rca) nameRight(rca, frame, apex, out);
  // dominance: which artery gives the PDA; when none is seen (faded or occluded), the trunk reaching nearer the
  // crux, past the half-way azimuth
  const reach = (name: string): number => {
    const pts = out.find((p) => p.name === name)?.points;
    return frame && pts ? Math.max(0, ...pts.map((p) => heartPolar(frame, p).azimuthDeg)) : 0;
  };
  const anyPda = out.some((p) => p.name === 'R-PDA' || p.name === 'L-PDA');
  const [rcaReach, lcxReach] = [reach('RCA'), reach('LCx')];
  const rpda = anyPda ? out.some((p) => p.name === 'R-PDA') : rcaReach >= POSTERIOR_GROOVE_MIN_DEG && rcaReach > lcxReach;
  const lpda = anyPda ? out.some((p) => p.name === 'L-PDA') : lcxReach >= POSTERIOR_GROOVE_MIN_DEG && lcxReach > rcaReach;
  const dominance: Dominance | null = rpda && lpda ? 'co' : rpda ? 'right' : lpda ? 'left' : null;
  return { paths: out, ostia: { left: ladTree?.ostium ?? null, right: right?.ostium ?? null }, dominance };
}

