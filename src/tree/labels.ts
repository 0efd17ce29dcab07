/**
 * Names from the anatomy: which ostium, where the first major division is (the end of the left main), which
 * way each trunk heads over the heart (the LAD to the front and the apex, the LCx back along the AV groove),
 * side branches in order along their trunk (D1, D2 on the LAD; OM1, OM2 on the LCx), and the RCA's last
 * division (the crux: R-PDA towards the apex, R-PLB along the left AV groove).
 */
import type { Lps } from '../volume/volume.ts';
import { arrivingDirection, leavingDirection, lengthMm, straightestChild, subtreeLengthMm, trunkPoints, type TreeNode } from './segments.ts';
import { heartFrame, heartPolar, POSTERIOR_GROOVE_MIN_DEG, runsDownPosteriorGroove, type HeartFrame } from './heart-frame.ts';
import { joinOriginStubs } from './side-stubs.ts';

export interface NamedPath {
  readonly name: string;
  readonly parent: string | null;
  /** from the ostium or the junction on the parent */
  readonly points: Lps[];
  readonly radiiMm: number[];
}

/** A division whose smaller side carries less than this much vessel (mm) is a side branch, not the end of a trunk. */
const MAJOR_SUBTREE_MM = 20;

export interface Walk { points: Lps[]; radiiMm: number[]; sides: { node: TreeNode; index: number }[]; end: TreeNode }

export type Chooser = (incoming: Lps, children: readonly TreeNode[], at: Lps) => TreeNode;

const straightest: Chooser = (incoming, children) => straightestChild(incoming, children)!;
/** A branch runs on into a child long enough to name (a stub ends short of that), the straightest of them. */
const runsOn: Chooser = (incoming, children, at) =>
  straightest(incoming, children.some((c) => subtreeLengthMm(c) >= MAJOR_SUBTREE_MM) ? children.filter((c) => subtreeLengthMm(c) >= MAJOR_SUBTREE_MM) : children, at);
export const largest: Chooser = (_incoming, children) => children.reduce((a, c) => (subtreeLengthMm(c) > subtreeLengthMm(a) ? c : a));

/** Arc over which a trunk's heading is judged, mm: past the bend at its origin, within the AV groove's stretch. */
const HEADING_SPAN_MM = 30;

/**
 * An atrioventricular-groove trunk (LCx, RCA) circles the base of the heart: at a division it goes on with the
 * child closing least on the apex per mm over its first HEADING_SPAN_MM (marginals and a PDA run down
 * towards it; over a few mm two children leaving side by side look alike).
 */
export function aroundTheBase(apexLps: Lps, everyChild = false): Chooser {
  const d = (p: Lps): number => Math.hypot(apexLps[0] - p[0], apexLps[1] - p[1], apexLps[2] - p[2]);
  return (_incoming, children, at) => {
    // a stub too short to show its heading (half the span) competes only when every child is that short
    const judged = children.filter((c) => subtreeLengthMm(c) >= HEADING_SPAN_MM / 2);
    let best = children[0]!, bestV = Infinity;
    for (const c of everyChild || !judged.length ? children : judged) {
      const all = trunkPoints(c, HEADING_SPAN_MM);
      const arc = Math.min(HEADING_SPAN_MM, lengthMm(all));
      let v: number;
      if (arc >= HEADING_SPAN_MM / 2) v = (d(all[0]!) - d(pointAlong(all, arc))) / arc;
      else {
        const u = leavingDirection(c);
        const a: Lps = [apexLps[0] - at[0], apexLps[1] - at[1], apexLps[2] - at[2]];
        v = (u[0] * a[0] + u[1] * a[1] + u[2] * a[2]) / (Math.hypot(...a) || 1);
      }
      if (v < bestV) { bestV = v; best = c; }
    }
    return best;
  };
}

/** Follow the chosen child at each junction from `start`; the other children are side branches (origin stubs joined: side-stubs.ts). */
export function walk(start: TreeNode, stopAt?: (n: TreeNode) => boolean, choose: Chooser = straightest): Walk {
  const w = walkAsSkeleton(start, stopAt, choose);
  return { ...w, sides: joinOriginStubs(w, w.sides, MAJOR_SUBTREE_MM, (n) => walkAsSkeleton(n)) };
}

function walkAsSkeleton(start: TreeNode, stopAt?: (n: TreeNode) => boolean, choose: Chooser = straightest): Walk {
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
    const sw = walk(s.node, undefined, runsOn);
    const name = `${prefix}${q + 1}`;
    out.push({ name, parent, points: sw.points, radiiMm: sw.radiiMm });
    namedSides(sw, `${name}-`, name, out);
  });
}

/** The point sMm along a polyline (its end when shorter). */
function pointAlong(pts: readonly Lps[], sMm: number): Lps {
  let s = 0;
  for (let q = 1; q < pts.length; q++) {
    s += Math.hypot(pts[q]![0] - pts[q - 1]![0], pts[q]![1] - pts[q - 1]![1], pts[q]![2] - pts[q - 1]![2]);
    if (s >= sMm) return pts[q]!;
  }
  return pts[pts.length - 1]!;
}

/** The apex is the LAD's point farthest from its start (the LAD may wrap 10–20 mm around the apex and come back up). */
export function apexFromLad(ladPts: readonly Lps[]): Lps {
  const o = ladPts[0]!;
  let best = o, bestD = -1;
  for (const p of ladPts) { const d = Math.hypot(p[0] - o[0], p[1] - o[1], p[2] - o[2]); if (d > bestD) { bestD = d; best = p; } }
  return best;
}

/** The left tree's trunks: the left main to its first major division, and the LAD, LCx and ramus beyond. */
export interface LeftTrunks {
  readonly lm: Walk | null;
  readonly lad: Walk | null;
  readonly lcx: Walk | null;
  readonly ramus: Walk | null;
  /** small branches of the left main */
  readonly minor: Walk['sides'];
}

/**
 * The left coronary tree from its ostium: its trunks, before any name depends on the heart's frame. With a left
 * main (`hasLm`: the only left ostium, no LCx elsewhere) the first major division ends it: the most anterior
 * trunk is the LAD, the most posterior the LCx when it circles the base, a trunk between (or a posterior one
 * running towards the apex, the LCx occluded or absent) the ramus. Without, the tree is one trunk named by its
 * course.
 */
export function leftTrunks(root: TreeNode, hasLm = true): LeftTrunks {
  const single = (): LeftTrunks => {
    // no left main: a single trunk (a separate LAD or LCx ostium) named by its course
    const whole = walk(root);
    const isLad = meanY(whole.points, 30) < whole.points[0]![1];
    return isLad ? { lm: null, lad: walk(root, undefined, largest), lcx: null, ramus: null, minor: [] } : { lm: null, lad: null, lcx: whole, ramus: null, minor: [] };
  };
  if (!hasLm) return single();
  // the left main runs until the first division into two (or three) major trunks
  const lm = walk(root, (n) => majorChildren(n).length >= 2);
  const trunks = lmTrunks(lm);
  if (trunks.length < 2) return single();
  const w = (t: Trunk, choose?: Chooser): Walk => withLead(t.lead, walk(t.node, undefined, choose));
  const walks = trunks.map((t) => ({ t, w: w(t) })).sort((a, b) => meanY(a.w.points, 30) - meanY(b.w.points, 30));
  // the LAD goes on through each division with the larger run of vessel (a diagonal carries less of it)
  const lad = w(walks[0]!.t, largest);
  const apex = apexFromLad(lad.points);
  const back = walks[walks.length - 1]!;
  const lcxWalk = w(back.t, aroundTheBase(apex));
  const lcx = circlesTheBase(lcxWalk.points, apexFarthest(root)) ? lcxWalk : null;
  const middle = walks.slice(1, lcx ? -1 : undefined);
  const ramus = middle[0] ? w(middle[0].t, largest) : null;
  const minor = [...lm.sides, ...middle.slice(1).map((m) => ({ node: m.t.node, index: lm.points.length - 1 }))];
  return { lm, lad, lcx, ramus, minor };
}

interface Trunk { readonly node: TreeNode; /** the short stretch from the left main's end to a split trifurcation's second division */ readonly lead: TreeNode | null }

/**
 * The trunks at the left main's end. A skeleton splits one trifurcation into two divisions within the carina
 * (the left main's lumen and the trunk's own, end to end: both diameters): such a trunk's own major children
 * count as trunks (a ramus between the LAD and the LCx), each from the left main's end.
 */
function lmTrunks(lm: Walk): Trunk[] {
  const rEnd = lm.radiiMm[lm.radiiMm.length - 1] ?? 0;
  return majorChildren(lm.end).flatMap((t): Trunk[] => (lengthMm(t.points) < 2 * (rEnd + (t.radiiMm[t.radiiMm.length - 1] ?? 0)) && majorChildren(t).length >= 2
    ? majorChildren(t).map((c) => ({ node: c, lead: t }))
    : [{ node: t, lead: null }]));
}

/** A walk preceded by the lead node's points (its sides' indices shifted along). */
function withLead(lead: TreeNode | null, w: Walk): Walk {
  if (!lead) return w;
  const n = lead.points.length - 1;
  return { points: [...lead.points.slice(0, n), ...w.points], radiiMm: [...lead.radiiMm.slice(0, n), ...w.radiiMm], sides: w.sides.map((s) => ({ ...s, index: s.index + n })), end: w.end };
}

/**
 * An AV-groove trunk runs around the base, at a steady distance from the apex; a branch towards the apex closes
 * on it as fast as it runs. Half-way (closing at half its arc length) tells them apart.
 */
function circlesTheBase(pts: readonly Lps[], apexLps: Lps): boolean {
  const d = (p: Lps): number => Math.hypot(p[0] - apexLps[0], p[1] - apexLps[1], p[2] - apexLps[2]);
  let s = 0, q = 1;
  for (; q < pts.length && s < HEADING_SPAN_MM; q++) s += Math.hypot(pts[q]![0] - pts[q - 1]![0], pts[q]![1] - pts[q - 1]![1], pts[q]![2] - pts[q - 1]![2]);
  if (s <= 0) return false;
  return (d(pts[0]!) - d(pts[q - 1]!)) / s < 0.5;
}

/** The tree's point farthest from its root: the apex, where the LAD ends. */
function apexFarthest(root: TreeNode): Lps {
  const o = root.points[0]!;
  let best = o, bestD = -1;
  const visit = (n: TreeNode): void => {
    for (const p of n.points) { const d = Math.hypot(p[0] - o[0], p[1] - o[1], p[2] - o[2]); if (d > bestD) { bestD = d; best = p; } }
    n.children.forEach(visit);
  };
  visit(root);
  return best;
}

/**
 * An LCx from the right coronary (an anomalous origin, behind the aorta): the RCA's major side branch leaving
 * before the crux (a posterolateral branch beyond it runs left too) that runs in the left AV groove's territory.
 * Null when there is none.
 */
export function lcxFromRight(rca: Walk, f: HeartFrame, apexLps: Lps): { lcx: Walk; rca: Walk } | null {
  for (const s of rca.sides) {
    if (subtreeLengthMm(s.node) < MAJOR_SUBTREE_MM || heartPolar(f, rca.points[s.index]!).azimuthDeg >= POSTERIOR_GROOVE_MIN_DEG) continue;
    const w = walk(s.node, undefined, aroundTheBase(apexLps));
    if (!runsLeftBehind(f, w.points)) continue;
    return { lcx: w, rca: { ...rca, sides: rca.sides.filter((x) => x !== s) } };
  }
  return null;
}

/**
 * A vessel whose far half lies on the left ventricle's side of the septal plane and nearer the lateral wall
 * (90°) than the anterior groove (0°): the left AV groove's course, not a conus or right-ventricular branch.
 */
function runsLeftBehind(f: HeartFrame, pts: readonly Lps[]): boolean {
  const far = pts.slice(Math.floor(pts.length / 2));
  if (!far.length) return false;
  const lateral = far.reduce((a, p) => a + heartPolar(f, p).lateralMm, 0) / far.length;
  const azimuth = far.reduce((a, p) => a + heartPolar(f, p).azimuthDeg, 0) / far.length;
  return lateral > 0 && azimuth >= 45;
}

/** Names of the left tree, the LCx's end from the heart's frame (the crux, when it reaches it). */
export function nameLeft(t: LeftTrunks, frame: HeartFrame | null, out: NamedPath[]): void {
  const parent = t.lm ? 'LM' : null;
  if (t.lm) out.push({ name: 'LM', parent: null, points: t.lm.points, radiiMm: t.lm.radiiMm });
  if (t.lad) {
    out.push({ name: 'LAD', parent, points: t.lad.points, radiiMm: t.lad.radiiMm });
    namedSides(t.lad, 'D', 'LAD', out);
  }
  if (t.ramus) out.push({ name: 'ramus', parent, points: t.ramus.points, radiiMm: t.ramus.radiiMm });
  if (t.lcx) circumflex(t.lcx, frame, parent, out);
  t.minor.forEach((s, q) => { const w = walk(s.node); out.push({ name: `LM-${q + 1}`, parent: 'LM', points: w.points, radiiMm: w.radiiMm }); });
}

/**
 * The LCx to the crux when it reaches the posterior interventricular groove (left or co-dominance): beyond, the
 * L-PDA; its side branches leaving beyond the half-way azimuth are posterolateral (L-PLB), the others marginals.
 */
export function circumflex(lcx: Walk, frame: HeartFrame | null, parent: string | null, out: NamedPath[]): void {
  const crux = frame ? cruxOf(lcx, frame) : null;
  if (!crux) {
    out.push({ name: 'LCx', parent, points: lcx.points, radiiMm: lcx.radiiMm });
    namedSides(lcx, 'OM', 'LCx', out);
    return;
  }
  out.push({ name: 'LCx', parent, points: crux.trunk.points, radiiMm: crux.trunk.radiiMm });
  out.push({ name: 'L-PDA', parent: 'LCx', points: crux.pda.points, radiiMm: crux.pda.radiiMm });
  if (crux.plb) out.push({ name: 'L-PLB', parent: 'LCx', points: crux.plb.points, radiiMm: crux.plb.radiiMm });
  const posterolateral = (s: Walk['sides'][number]): boolean => heartPolar(frame!, crux.trunk.points[s.index]!).azimuthDeg >= POSTERIOR_GROOVE_MIN_DEG;
  const plbs = crux.trunk.sides.filter(posterolateral);
  if (!crux.plb && plbs.length) {
    const w = walk(plbs[0]!.node);
    out.push({ name: 'L-PLB', parent: 'LCx', points: w.points, radiiMm: w.radiiMm });
  }
  namedSides({ ...crux.trunk, sides: crux.trunk.sides.filter((s) => !posterolateral(s)) }, 'OM', 'LCx', out);
}

interface Crux { trunk: Walk; pda: Walk; plb: Walk | null }

/**
 * Where an atrioventricular-groove trunk (RCA, LCx) meets the posterior interventricular groove: its last major
 * division when one side runs down the groove (the other, along the AV groove, is the PLB), or the point where
 * the trunk itself turns down the groove. Null when it never reaches it.
 */
function cruxOf(w: Walk, f: HeartFrame): Crux | null {
  // the crux lies on the posterior groove: a division before it (an OM, a marginal) is no crux
  const major = w.sides.filter((s) => subtreeLengthMm(s.node) >= MAJOR_SUBTREE_MM && heartPolar(f, w.points[s.index]!).azimuthDeg >= POSTERIOR_GROOVE_MIN_DEG);
  const last = major[major.length - 1];
  const before = (i: number): Walk => ({ points: w.points.slice(0, i + 1), radiiMm: w.radiiMm.slice(0, i + 1), sides: w.sides.filter((s) => s.index < i), end: w.end });
  const after = (i: number): Walk => ({ points: w.points.slice(i), radiiMm: w.radiiMm.slice(i), sides: w.sides.filter((s) => s.index > i).map((s) => ({ ...s, index: s.index - i })), end: w.end });
  if (last) {
    const off = walk(last.node), on = after(last.index);
    const offPda = runsDownPosteriorGroove(f, off.points), onPda = runsDownPosteriorGroove(f, on.points);
    const pdaIsOff = offPda && (!onPda || heartPolar(f, off.points.at(-1)!).depth > heartPolar(f, on.points.at(-1)!).depth);
    const [pda, plb] = pdaIsOff ? [off, on] : [on, off];
    // a division before the point where the trunk itself leaves the base for the groove is a marginal's, not the crux
    const turn = pdaIsOff ? -1 : turnDownGroove(w, f);
    if ((offPda || onPda) && turn <= last.index) return { trunk: before(last.index), pda, plb };
  }
  const turn = turnDownGroove(w, f);
  if (turn < 0 || !runsDownPosteriorGroove(f, w.points.slice(turn))) return null;
  return { trunk: before(turn), pda: after(turn), plb: null };
}

/**
 * No division there: the trunk turns down the groove itself. Beyond the half-way azimuth it runs along the base
 * (the AV groove, its depth changing slowly: the groove sinks a few mm towards the crux) then down the posterior
 * groove, closing on the apex nearly as fast as it runs. The turn is the knee (the point farthest from the chord)
 * of the first stretch of TURN_SPAN_MM that descends by at least half its arc length, as circlesTheBase tells a
 * trunk from a branch. −1 when it never gets there.
 */
function turnDownGroove(w: Walk, f: HeartFrame): number {
  const len = f.axisLengthMm;
  const depthMm = w.points.map((p) => heartPolar(f, p).depth * len);
  const arc: number[] = [0];
  for (let q = 1; q < w.points.length; q++) arc.push(arc[q - 1]! + lengthMm([w.points[q - 1]!, w.points[q]!]));
  const total = arc[arc.length - 1]!;
  for (let i = 0, j = 0; i < w.points.length; i++) {
    if (total - arc[i]! < MAJOR_SUBTREE_MM || heartPolar(f, w.points[i]!).azimuthDeg < POSTERIOR_GROOVE_MIN_DEG) continue;
    j = Math.max(j, i);
    while (j < w.points.length - 1 && arc[j]! - arc[i]! < TURN_SPAN_MM) j++;
    const run = arc[j]! - arc[i]!;
    if (run <= 0 || (depthMm[j]! - depthMm[i]!) / run < 0.5) continue;
    return kneeOf(w.points, i, j);
  }
  return -1;
}

/** Stretch over which a turn down the posterior groove is judged, mm: half the heading span. */
const TURN_SPAN_MM = HEADING_SPAN_MM / 2;

/** Index in [i, j] of the point farthest from the chord from point i to point j. */
function kneeOf(pts: readonly Lps[], i: number, j: number): number {
  const a = pts[i]!, b = pts[j]!;
  const c: Lps = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
  const cl = Math.hypot(...c) || 1;
  let best = i, bestD = -1;
  for (let m = i; m <= j; m++) {
    const r: Lps = [pts[m]![0] - a[0], pts[m]![1] - a[1], pts[m]![2] - a[2]];
    const t = (r[0] * c[0] + r[1] * c[1] + r[2] * c[2]) / cl;
    const d = Math.sqrt(Math.max(0, r[0] ** 2 + r[1] ** 2 + r[2] ** 2 - t * t));
    if (d > bestD) { bestD = d; best = m; }
  }
  return best;
}

/**
 * The right coronary tree's trunk walk: around the base of the heart (away from the apex) at each division; before
 * the crux, never into a branch crossing to the left AV groove (an LCx from the right coronary circles the base too).
 */
export function rightWalk(root: TreeNode, apexLps: Lps | null, f: HeartFrame | null = null): Walk {
  if (!apexLps) return walk(root);
  // beyond the crux the right coronary goes on as its PLB, however short: every child competes
  const base = aroundTheBase(apexLps, true);
  if (!f) return walk(root, undefined, base);
  return walk(root, undefined, (incoming, children, at) => {
    if (heartPolar(f, at).azimuthDeg >= POSTERIOR_GROOVE_MIN_DEG) return base(incoming, children, at);
    const right = children.filter((c) => subtreeLengthMm(c) < MAJOR_SUBTREE_MM || !crossesLeft(f, c));
    return base(incoming, right.length ? right : children, at);
  });
}

/** A branch on the left ventricle's side of the septal plane HEADING_SPAN_MM along its trunk (it passed behind the aorta). */
function crossesLeft(f: HeartFrame, n: TreeNode): boolean {
  return heartPolar(f, pointAlong(trunkPoints(n, HEADING_SPAN_MM), HEADING_SPAN_MM)).lateralMm > 0;
}

/**
 * The right coronary tree: the RCA to the crux when it reaches the posterior interventricular groove (right or
 * co-dominance), then the R-PDA down the groove and the R-PLB along the left AV groove; without a frame (no LAD
 * found) its last major division, the R-PDA the branch ending nearer the apex.
 */
export function nameRight(whole: Walk, frame: HeartFrame | null, apexLps: Lps | null, out: NamedPath[]): void {
  const crux = frame ? cruxOf(whole, frame) : legacyCrux(whole, apexLps);
  if (!crux) {
    out.push({ name: 'RCA', parent: null, points: whole.points, radiiMm: whole.radiiMm });
    namedSides(whole, 'RCA-', 'RCA', out);
    return;
  }
  out.push({ name: 'RCA', parent: null, points: crux.trunk.points, radiiMm: crux.trunk.radiiMm });
  out.push({ name: 'R-PDA', parent: 'RCA', points: crux.pda.points, radiiMm: crux.pda.radiiMm });
  if (crux.plb) out.push({ name: 'R-PLB', parent: 'RCA', points: crux.plb.points, radiiMm: crux.plb.radiiMm });
  namedSides(crux.trunk, 'RCA-', 'RCA', out);
  namedSides(crux.pda, 'R-PDA-', 'R-PDA', out);
}

function legacyCrux(whole: Walk, apexLps: Lps | null): Crux | null {
  const major = whole.sides.filter((s) => subtreeLengthMm(s.node) >= MAJOR_SUBTREE_MM);
  const crux = major[major.length - 1];
  if (!crux) return null;
  const on: Walk = { points: whole.points.slice(crux.index), radiiMm: whole.radiiMm.slice(crux.index), sides: [], end: whole.end };
  const off = walk(crux.node);
  const endOf = (p: Lps[]): Lps => p[p.length - 1]!;
  const d = (a: Lps, b: Lps): number => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
  const offIsPda = apexLps ? d(endOf(off.points), apexLps) < d(endOf(on.points), apexLps) : endOf(off.points)[2] < endOf(on.points)[2];
  const trunk: Walk = { points: whole.points.slice(0, crux.index + 1), radiiMm: whole.radiiMm.slice(0, crux.index + 1), sides: whole.sides.filter((s) => s.index < crux.index), end: whole.end };
  return { trunk, pda: offIsPda ? off : on, plb: offIsPda ? on : off };
}

export { heartFrame };
export { lengthMm };
