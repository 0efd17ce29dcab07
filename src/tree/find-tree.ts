/**
 * One call, the whole coronary tree: aorta → blood and tissue levels → chambers (opening) → ostia → one
 * skeleton per ostium → names → centrelines recentred on the lumen as a traced vessel's are. Pure, no DOM.
 */
import type { Lps, Volume } from '../volume/volume.ts';
import { findAorta, type Aorta } from './aorta.ts';
import { lumenThresholdHu, tissueHu } from './levels.ts';
import { bigStructureMask, coarseIndex, OPENING_MARGIN_MM, type BigMask } from './masks.ts';
import { aortaCircleAt, ostiumContacts } from './ostia.ts';
import { bitGet, bitSet, buildComponent, collectComponent, distanceToBorder, makeBitset, type Component } from './component.ts';
import { teasar, type SkeletonBranch } from './skeleton.ts';
import { ABRUPT_END_RADIUS_MM, bridgeFrom, type Bridge, type DimContext, type Leaf } from './bridge.ts';
import { ijkToLps, insideIjk, lpsToIjk } from '../volume/volume.ts';
import { branchesToTree } from './build-nodes.ts';
import { nameTrees } from './name-trees.ts';
import { refineCentreline } from './refine.ts';
import { arrivingDirection, trunkPoints, type TreeNode } from './segments.ts';
import { smoothNoiseSdHu, trackFromLeaf, type TrackContext } from './track.ts';
import type { RayProfiler } from '../vessel/rays.ts';

export type Dominance = 'right' | 'left' | 'co';

export interface FoundVessel {
  readonly name: string;
  readonly parent: string | null;
  /** LPS mm, step ≤ 0.5 mm, from the ostium side */
  readonly pointsLps: Lps[];
  readonly lengthMm: number;
}

export interface TreeResult {
  readonly aorta: { readonly bloodHu: number; readonly noiseSdHu: number; readonly rootLps: Lps } | null;
  readonly ostia: { readonly left: Lps | null; readonly right: Lps | null };
  readonly dominance: Dominance | null;
  readonly vessels: FoundVessel[];
  /** why nothing (or less) was found, in English; `code` gives the UI its FR/EN text */
  readonly notes: { readonly code: TreeNoteCode; readonly text: string }[];
}

export type TreeNoteCode = 'no-aorta' | 'coarse-voxels' | 'no-ostium' | 'leak';

export interface FindTreeOptions {
  readonly onProgress?: (stage: TreeStage, fraction: number) => void;
  /** ray sampler for the recentring (the WASM kernel; default the TS reference) */
  readonly profiler?: RayProfiler;
}
export type TreeStage = 'aorta' | 'chambers' | 'ostia' | 'skeleton' | 'labels' | 'centrelines';

/**
 * Coronaries are traced only on voxels this fine (mm, largest side): CAD-RADS grades vessels from 1.5 mm, which
 * needs at least two samples across (Nyquist).
 */
export const MAX_VOXEL_MM = 0.75;
/**
 * A tree is at least this wide somewhere (inscribed radius, mm): the smallest graded vessel (1.5 mm). An ostium is
 * ≥ 2.5 mm wide, but the lumen threshold lies above the half-level between lumen and epicardial fat, so under a
 * ~1 mm PSF a small (2.5–3 mm) ostium of a left-dominant RCA reads an inscribed radius under 1 mm.
 */
const MIN_OSTIAL_RADIUS_MM = 0.75;
/** A side branch shorter than this beyond its parent's lumen is a bump on the wall, not a vessel. */
const MIN_BRANCH_MM = 5;
/** The largest coronary tree, mm³ (whole left tree of a large heart ≈ 5 cm³): more means a leak into a chamber. */
const MAX_TREE_MM3 = 40000;
/** The smallest tree worth naming, mm³: 20 mm of a 1.5 mm vessel (the smallest CAD-RADS grades). */
const MIN_TREE_MM3 = 20 * Math.PI * 0.75 * 0.75;

export function findCoronaryTree(volume: Volume, opts: FindTreeOptions = {}): TreeResult {
  const search = searchTrees(volume, opts);
  return 'vessels' in search ? search : nameAndRecentre(volume, search, opts);
}

/** One tree per ostium, before any name: what the labels start from. */
export interface TreeCandidate {
  readonly node: TreeNode; readonly ostium: Lps; /** mm towards the patient's left of the aortic axis */ readonly side: number;
  /** the trunk's first mm, laid straight along its axis through the mouth into the aorta: kept as they are (no lumen contour there) */
  readonly mouthMm?: number;
}

/** The search's outcome: the trees found from the aortic root, with the levels the recentring needs. */
export interface TreeSearch {
  readonly aorta: NonNullable<TreeResult['aorta']>;
  readonly trees: TreeCandidate[];
  readonly levels: { readonly lowHu: number; readonly highHu: number };
  readonly notes: TreeResult['notes'][number][];
}

/** Aorta, levels, chambers, ostia and one skeleton per ostium; a TreeResult when the search stops early. */
export function searchTrees(volume: Volume, opts: FindTreeOptions = {}): TreeSearch | TreeResult {
  const say = opts.onProgress ?? (() => {});
  say('aorta', 0);
  const aorta = findAorta(volume);
  if (!aorta) return { aorta: null, ostia: { left: null, right: null }, dominance: null, vessels: [], notes: [{ code: 'no-aorta', text: 'no contrast-filled ascending aorta found in the upper slices' }] };
  const root = aorta.sections[aorta.sections.length - 1]!;
  const aortaOut = { bloodHu: aorta.bloodHu, noiseSdHu: aorta.noiseSdHu, rootLps: root.centreLps };
  const maxVoxelMm = Math.max(...volume.spacingMm);
  if (maxVoxelMm > MAX_VOXEL_MM) {
    return { aorta: aortaOut, ostia: { left: null, right: null }, dominance: null, vessels: [], notes: [{ code: 'coarse-voxels', text: `voxels of ${maxVoxelMm.toFixed(2)} mm are too coarse for coronaries (at most ${MAX_VOXEL_MM} mm): aorta only` }] };
  }
  const tissue = tissueHu(volume, aorta);
  const thresholdHu = lumenThresholdHu(aorta.bloodHu, tissue);
  say('chambers', 0.1);
  const mask = bigStructureMask(volume, thresholdHu);
  const [nx, ny] = volume.dimensions;
  const nxy = nx * ny;
  const vox = volume.voxels;
  const isThin = (q: number): boolean => {
    if (vox[q]! < thresholdHu) return false;
    const i = q % nx, j = ((q - i) / nx) % ny;
    return mask.big[coarseIndex(mask.grid, i, j, Math.floor(q / nxy))] === 0;
  };
  say('ostia', 0.4);
  const contacts = ostiumContacts(volume, aorta, mask, isThin);
  const visited = makeBitset(vox.length);
  const voxelMm3 = volume.spacingMm[0] * volume.spacingMm[1] * volume.spacingMm[2];
  const trees: TreeCandidate[] = [];
  const notes: TreeResult['notes'][number][] = [];
  say('skeleton', 0.5);
  const comps: Component[] = [];
  for (const s of contacts) {
    const comp = collectComponent(volume, isThin, [s], visited, MAX_TREE_MM3 / voxelMm3);
    if (comp === null) { notes.push({ code: 'leak', text: 'a bright structure beside the aorta is too large for a coronary tree: left out' }); continue; }
    if (comp.vox.length * voxelMm3 >= MIN_TREE_MM3) comps.push(comp);
  }
  // every tree is collected before any bridge looks ahead, so a bridge never takes another tree's vessel
  const dim: DimContext = {
    tissueHu: tissue, thresholdHu, noiseSdHu: aorta.noiseSdHu,
    isBig: (q) => { const i = q % nx, j = ((q - i) / nx) % ny; return mask.big[coarseIndex(mask.grid, i, j, Math.floor(q / nxy))] === 1; },
  };
  const grow: Grow = (leaf) => bridgeFrom(volume, leaf, isThin, visited, MAX_TREE_MM3 / voxelMm3, (c) => Math.max(...distanceToBorder(volume, c)), dim);
  const track: TrackContext = {
    smoothNoiseSdHu: smoothNoiseSdHu(volume, bloodPoints(aorta)), tissueHu: tissue, isBig: dim.isBig,
    isTaken: (q) => bitGet(visited, q),
  };
  for (const comp of comps) {
    const tree = treeOf(volume, aorta, mask, comp, contacts, grow);
    if (!tree) continue;
    if (Number.isFinite(track.smoothNoiseSdHu)) extendLeaves(volume, tree.node, track, visited);
    trees.push(tree);
  }
  if (!trees.length) notes.push({ code: 'no-ostium', text: 'no coronary leaves the aortic root in this image' });
  return { aorta: aortaOut, trees, levels: { lowHu: thresholdHu, highHu: aorta.bloodHu }, notes };
}

/** Names from the anatomy, then each named centreline recentred on the lumen as a traced vessel's is. */
export function nameAndRecentre(volume: Volume, search: TreeSearch, opts: FindTreeOptions = {}): TreeResult {
  const say = opts.onProgress ?? (() => {});
  say('labels', 0.8);
  const named = nameTrees(search.trees, search.aorta.rootLps);
  say('centrelines', 0.85);
  const mouthOf = (p: Lps): number => search.trees.find((t) => t.ostium === p)?.mouthMm ?? 0;
  const vessels = named.paths.map((p) => {
    const pts = refineCentreline(volume, p.points, search.levels, opts.profiler, mouthOf(p.points[0]!));
    return { name: p.name, parent: p.parent, pointsLps: pts, lengthMm: polyLength(pts) };
  });
  say('centrelines', 1);
  // the ostia as the recentred trunks start
  const startOf = (side: 'left' | 'right'): Lps | null => {
    if (!named.ostia[side]) return null;
    const trunk = vessels.find((v) => v.parent === null && (side === 'right' ? v.name === 'RCA' : v.name !== 'RCA'));
    return trunk?.pointsLps[0] ?? named.ostia[side];
  };
  return { aorta: search.aorta, ostia: { left: startOf('left'), right: startOf('right') }, dominance: named.dominance, vessels, notes: search.notes };
}

/** Points well inside the ascending aorta's lumen (half its radius out from the centre), a few mm apart. */
function bloodPoints(aorta: Aorta): Lps[] {
  const out: Lps[] = [];
  const every = Math.max(1, Math.floor(aorta.sections.length / 24));
  for (let q = 0; q < aorta.sections.length; q += every) {
    const s = aorta.sections[q]!;
    for (let m = 0; m < 4; m++) {
      const a = (m * Math.PI) / 2 + q;
      out.push([s.centreLps[0] + (s.radiusMm / 2) * Math.cos(a), s.centreLps[1] + (s.radiusMm / 2) * Math.sin(a), s.centreLps[2]]);
    }
  }
  return out;
}

/** Every leaf of the tree followed on past the threshold's end (track.ts); the voxels it passes join the taken ones. */
function extendLeaves(volume: Volume, node: TreeNode, ctx: TrackContext, taken: Uint32Array): void {
  if (node.children.length) { for (const c of node.children) extendLeaves(volume, c, ctx, taken); return; }
  if (node.points.length < 2) return;
  const t = trackFromLeaf(volume, ctx, node.points[node.points.length - 1]!, arrivingDirection(node.points, 5));
  const [nx, ny] = volume.dimensions;
  for (const p of t.pointsLps) {
    const ijk = lpsToIjk(volume, p).map(Math.round) as [number, number, number];
    if (insideIjk(volume, ijk)) bitSet(taken, ijk[0] + nx * (ijk[1] + ny * ijk[2]));
  }
  node.points.push(...t.pointsLps);
  node.radiiMm.push(...t.radiiMm);
}

function polyLength(p: readonly Lps[]): number {
  let s = 0;
  for (let q = 1; q < p.length; q++) s += Math.hypot(p[q]![0] - p[q - 1]![0], p[q]![1] - p[q - 1]![1], p[q]![2] - p[q - 1]![2]);
  return s;
}

/** Skeleton and tree of one component, its first point carried back to the aortic wall; null when it is no coronary. */
function treeOf(volume: Volume, aorta: Aorta, mask: BigMask, first: Component, contacts: readonly number[], grow: Grow): TreeCandidate | null {
  let comp = first;
  let dbf = distanceToBorder(volume, comp);
  const idOf = new Map<number, number>();
  comp.vox.forEach((q, id) => idOf.set(q, id));
  let root = -1;
  for (const q of contacts) { const id = idOf.get(q); if (id !== undefined && (root < 0 || dbf[id]! > dbf[root]!)) root = id; }
  if (root < 0) return null;
  let maxR = 0;
  for (const d of dbf) maxR = Math.max(maxR, d);
  if (maxR < MIN_OSTIAL_RADIUS_MM) return null;
  const rootQ = comp.vox[root]!;
  let branches = teasar(volume, comp, dbf, root, MIN_BRANCH_MM);
  const tried = new Set<number>();
  for (let round = 0; round < MAX_BRIDGE_ROUNDS; round++) {
    const added: number[] = [];
    for (const leaf of abruptLeaves(volume, comp, dbf, branches)) {
      if (tried.has(leaf.q)) continue;
      tried.add(leaf.q);
      const b = grow(leaf);
      if (b) added.push(...b.voxels);
    }
    if (!added.length) break;
    comp = buildComponent(volume, Int32Array.from(new Set([...comp.vox, ...added])));
    dbf = distanceToBorder(volume, comp);
    branches = teasar(volume, comp, dbf, comp.vox.indexOf(rootQ), MIN_BRANCH_MM);
  }
  const node = branchesToTree(volume, comp, dbf, branches);
  if (!node) return null;
  const { ostium, mouthMm } = extendToAorta(volume, mask, node);
  const k = Math.round((ostium[2] - volume.originLps[2]) / (volume.spacingMm[2] * volume.directions[2][2]));
  const circ = aortaCircleAt(volume, aorta, k) ?? { ci: aorta.sections.at(-1)!.centreIj[0], cj: 0, radiusMm: 0 };
  const cx = volume.originLps[0] + circ.ci * volume.spacingMm[0] * volume.directions[0][0];
  return { node, ostium, side: ostium[0] - cx, mouthMm };
}

type Grow = (leaf: Leaf) => Bridge | null;
/** Bridging rounds per tree (a vessel cut twice, and its branches beyond). */
const MAX_BRIDGE_ROUNDS = 4;

/** Leaves whose vessel is still wide 5–10 mm upstream: ends cut by a stenosis or an occlusion. */
function abruptLeaves(volume: Volume, comp: Component, dbf: Float32Array, branches: readonly SkeletonBranch[]): Leaf[] {
  const out: Leaf[] = [];
  const [nx, ny] = volume.dimensions;
  const lps = (id: number): number[] => { const q = comp.vox[id]!; const i = q % nx, j = ((q - i) / nx) % ny, k = Math.floor(q / (nx * ny)); return [...ijkToLps(volume, [i, j, k])]; };
  for (const b of branches) {
    const ids = b.ids;
    const end = lps(ids[ids.length - 1]!);
    let acc = 0, cnt = 0, back = end, near = end;
    // the direction from 12 to 3 mm before the end: the last millimetres bend where the lumen fades
    for (let m = ids.length - 1; m >= 0; m--) {
      const p = lps(ids[m]!);
      const d = Math.hypot(p[0]! - end[0]!, p[1]! - end[1]!, p[2]! - end[2]!);
      if (d >= 5 && d <= 10) { acc += dbf[ids[m]!]!; cnt++; }
      if (d <= 3) near = p;
      if (d <= 12) back = p;
      else break;
    }
    if (!cnt || acc / cnt < ABRUPT_END_RADIUS_MM) continue;
    const u = [near[0]! - back[0]!, near[1]! - back[1]!, near[2]! - back[2]!];
    const l = Math.hypot(...u) || 1;
    out.push({ q: comp.vox[ids[ids.length - 1]!]!, dir: [u[0]! / l, u[1]! / l, u[2]! / l] });
  }
  return out;
}

/**
 * The skeleton starts outside the opened aorta, skewed where the mask's border cuts the vessel obliquely: the
 * trunk's axis is read on its straight stretch beyond that (a diameter on), then continued back into the aorta's
 * mask, the mask's margin further (the mask is grown by that much past the lumen) to the aortic wall, then the
 * vessel's own lumen radius into the aorta, at most 8 mm in all. A coronary centreline starts in the aorta (the
 * CAT08 definition): its mouth is as wide as the vessel, so its first lumen centre lies a radius inside the wall.
 */
function extendToAorta(volume: Volume, mask: BigMask, node: TreeNode): { ostium: Lps; mouthMm: number } {
  const pts = node.points;
  const lead = trunkPoints(node, MAX_LEAD_MM);
  // the trunk's widest inscribed radius over its first millimetres (the mouth widens into the aorta: an upper bound)
  const rMouthMm = Math.max(0, ...node.radiiMm.slice(0, Math.min(pts.length, lead.length)));
  const axis = straightAxis(lead, 2 * rMouthMm, rMouthMm / 2);
  // the skewed first points give way to the axis when they belong to the root node itself
  const from = axis.start < pts.length - 1 ? axis.start : 0;
  // the lumen radius at the ostium: the median inscribed radius along the straight stretch past the mouth
  const rOstiumMm = median(node.radiiMm.slice(from, Math.max(from + 1, Math.min(axis.end + 1, pts.length))));
  const a = pts[from]!, b = axis.end > from ? lead[axis.end]! : lead[Math.min(lead.length - 1, from + 1)]!;
  const d: Lps = [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
  const l = Math.hypot(...d) || 1;
  const u: Lps = [d[0] / l, d[1] / l, d[2] / l];
  const added: Lps[] = [];
  let inside = -1;
  for (let t = 0.25; t <= 8; t += 0.25) {
    const p: Lps = [a[0] + u[0] * t, a[1] + u[1] * t, a[2] + u[2] * t];
    const ijk = lpsToIjk(volume, p).map(Math.round) as [number, number, number];
    if (!insideIjk(volume, ijk)) break;
    if (inside < 0 && mask.big[coarseIndex(mask.grid, ijk[0], ijk[1], ijk[2])]) inside = t;
    if (inside >= 0 && t > inside + OPENING_MARGIN_MM + rOstiumMm) break;
    added.push(p);
  }
  if (inside < 0) return { ostium: pts[0]!, mouthMm: 0 };
  pts.splice(0, from, ...added.slice().reverse());
  node.radiiMm.splice(0, from, ...added.map(() => node.radiiMm[from]!));
  return { ostium: pts[0]!, mouthMm: 0.25 * added.length };
}

/** The trunk's axis at the ostium is read over at most this much of it (mm): a left main is 10.5 ± 5.3 mm long. */
const MAX_LEAD_MM = 8;

/**
 * The longest straight stretch of the lead from arc `skipMm` on (within MAX_LEAD_MM): the points between its
 * ends all lie within `toleranceMm` of its chord. Indices into the lead; start = end when the lead is too short.
 */
function straightAxis(lead: readonly Lps[], skipMm: number, toleranceMm: number): { start: number; end: number } {
  const arc: number[] = [0];
  for (let q = 1; q < lead.length; q++) arc.push(arc[q - 1]! + Math.hypot(lead[q]![0] - lead[q - 1]![0], lead[q]![1] - lead[q - 1]![1], lead[q]![2] - lead[q - 1]![2]));
  let start = arc.findIndex((s) => s >= Math.min(skipMm, MAX_LEAD_MM / 2));
  if (start < 0) start = 0;
  let end = start;
  for (let e = start + 1; e < lead.length && arc[e]! <= MAX_LEAD_MM; e++) {
    const a = lead[start]!, c: Lps = [lead[e]![0] - a[0], lead[e]![1] - a[1], lead[e]![2] - a[2]];
    const cl = Math.hypot(...c) || 1;
    let dev = 0;
    for (let m = start + 1; m < e; m++) {
      const r: Lps = [lead[m]![0] - a[0], lead[m]![1] - a[1], lead[m]![2] - a[2]];
      const t = (r[0] * c[0] + r[1] * c[1] + r[2] * c[2]) / cl;
      dev = Math.max(dev, Math.sqrt(Math.max(0, r[0] ** 2 + r[1] ** 2 + r[2] ** 2 - t * t)));
    }
    if (dev > toleranceMm) break;
    end = e;
  }
  return { start, end };
}

function median(xs: readonly number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : 0;
}
