/**
 * Minimal path (A*, binary heap with decrease-key, 26-connected) over a whole volume without a search
 * box: voxel state lives in nodes of the voxels actually touched (found through a paged map), and each
 * voxel's cost is computed once, lazily, when the search first reaches it. Memory and time follow the explored region (a
 * coronary lumen and a thin shell around it), not the box spanned by the seeds — a vessel that bulges
 * 30 mm out of its seeds' box (the LAD around the apex) costs no more than a straight one.
 *
 * Same edge cost and heuristic as the boxed twin (min-path.ts): step length (mm) × mean of the two voxel
 * costs; Euclidean distance (mm) × minCostPerMm. Voxels on the volume border are walls.
 */
import type { PathResult } from './min-path.ts';
import { neighbourOffsets } from './min-path.ts';
import { siftDown, siftUp } from './index-heap.ts';

export interface SparsePathOptions {
  readonly dims: readonly [number, number, number];
  readonly spacingMm: readonly [number, number, number];
  /** cost per mm of voxel `idx` (linear index i + j·nx + k·nx·ny), ≥ minCostPerMm; non-finite = wall */
  readonly costAt: (idx: number, i: number, j: number, k: number) => number;
  readonly minCostPerMm: number;
  /** give up once every remaining path would cost more than this (default ∞) */
  readonly maxCost?: number;
  /** give up once this many voxels have been touched (default 4 M) */
  readonly maxNodes?: number;
}

export interface SparsePathResult extends PathResult {
  /** cost per mm of each path voxel */
  readonly pathCost: Float32Array;
  /** voxels touched (nodes created) */
  readonly touched: number;
  /** stopped on maxNodes (not a proof that no path exists) */
  readonly exhausted: boolean;
}

/** Grow-on-demand node store: node id → voxel, g, f, parent node, heap position, cost. */
export class Nodes {
  vox = new Int32Array(1 << 14); g = new Float64Array(1 << 14); f = new Float64Array(1 << 14);
  parent = new Int32Array(1 << 14); heapPos = new Int32Array(1 << 14); cost = new Float32Array(1 << 14);
  heap = new Int32Array(1 << 14);
  size = 0;
  grow(): void {
    const c = this.vox.length * 2;
    const up = <T extends Int32Array | Float64Array | Float32Array>(a: T, make: (n: number) => T): T => { const b = make(c); b.set(a); return b; };
    this.vox = up(this.vox, (n) => new Int32Array(n)); this.g = up(this.g, (n) => new Float64Array(n)); this.f = up(this.f, (n) => new Float64Array(n));
    this.parent = up(this.parent, (n) => new Int32Array(n)); this.heapPos = up(this.heapPos, (n) => new Int32Array(n));
    this.cost = up(this.cost, (n) => new Float32Array(n)); this.heap = up(this.heap, (n) => new Int32Array(n));
  }
}

/** bits of a voxel index addressing inside one page of the voxel → node map (4096 consecutive voxels) */
const PAGE_BITS = 12;

/**
 * Voxel → node id map in pages of 4096 consecutive voxels, allocated when first written: two array reads per
 * lookup, no hashing, and memory that follows the explored region (a page per few rows of a slice).
 */
export class VoxelMap {
  private readonly pages: (Int32Array | null)[];
  constructor(voxels: number) { this.pages = new Array<Int32Array | null>((voxels >>> PAGE_BITS) + 1).fill(null); }
  get(key: number): number { const p = this.pages[key >>> PAGE_BITS]; return p ? p[key & ((1 << PAGE_BITS) - 1)]! : -1; }
  set(key: number, val: number): void {
    let p = this.pages[key >>> PAGE_BITS];
    if (!p) { p = new Int32Array(1 << PAGE_BITS).fill(-1); this.pages[key >>> PAGE_BITS] = p; }
    p[key & ((1 << PAGE_BITS) - 1)] = val;
  }
}

/** The 26 neighbours of a voxel: (di, dj, dk) triples, index offsets in a volume of `dims`, step lengths in mm. */
export function neighbourSteps(dims: readonly [number, number, number], spacingMm: readonly [number, number, number]): { offs: Int8Array; nOff: Int32Array; stepMm: Float64Array } {
  const [nx, ny] = dims, nxy = nx * ny;
  const [sx, sy, sz] = spacingMm;
  const offs = neighbourOffsets();
  const nOff = new Int32Array(26), stepMm = new Float64Array(26);
  for (let q = 0; q < 26; q++) {
    const di = offs[3 * q]!, dj = offs[3 * q + 1]!, dk = offs[3 * q + 2]!;
    nOff[q] = di + dj * nx + dk * nxy;
    stepMm[q] = Math.sqrt(di * di * sx * sx + dj * dj * sy * sy + dk * dk * sz * sz);
  }
  return { offs, nOff, stepMm };
}

export function sparseMinimalPath(o: SparsePathOptions, start: number, goal: number): SparsePathResult {
  const [nx, ny, nz] = o.dims;
  const nxy = nx * ny;
  const [sx, sy, sz] = o.spacingMm;
  const { offs, nOff, stepMm } = neighbourSteps(o.dims, o.spacingMm);
  const maxCost = o.maxCost ?? Infinity, maxNodes = o.maxNodes ?? 4_000_000, hw = o.minCostPerMm;
  const gi = goal % nx, gj = ((goal / nx) | 0) % ny, gk = (goal / nxy) | 0;
  const N = new Nodes();
  const map = new VoxelMap(nxy * nz);
  const costOf = (v: number, i: number, j: number, k: number): number => {
    if (i === 0 || j === 0 || k === 0 || i === nx - 1 || j === ny - 1 || k === nz - 1) return Infinity;
    return o.costAt(v, i, j, k);
  };
  const heur = (i: number, j: number, k: number): number => {
    const dx = (i - gi) * sx, dy = (j - gj) * sy, dz = (k - gk) * sz;
    return hw * Math.sqrt(dx * dx + dy * dy + dz * dz);
  };
  const addNode = (v: number, i: number, j: number, k: number): number => {
    if (N.size === N.vox.length) N.grow();
    const id = N.size++;
    N.vox[id] = v; N.g[id] = Infinity; N.parent[id] = -1; N.heapPos[id] = -1; N.cost[id] = costOf(v, i, j, k);
    map.set(v, id);
    return id;
  };
  let hsize = 0;
  const up = (at: number): void => siftUp(N.heap, N.heapPos, N.f, at);
  const down = (at: number): void => siftDown(N.heap, N.heapPos, N.f, at, hsize);
  const si = start % nx, sj = ((start / nx) | 0) % ny, sk = (start / nxy) | 0;
  const s0 = addNode(start, si, sj, sk);
  N.g[s0] = 0; N.f[s0] = heur(si, sj, sk); N.heap[0] = s0; N.heapPos[s0] = 0; hsize = 1;
  let settled = 0, goalId = -1, exhausted = false;
  while (hsize > 0) {
    const u = N.heap[0]!;
    if (N.f[u]! > maxCost) break;
    hsize--;
    if (hsize > 0) { N.heap[0] = N.heap[hsize]!; down(0); }
    N.heapPos[u] = -2;
    settled++;
    const uv = N.vox[u]!;
    if (uv === goal) { goalId = u; break; }
    if (N.size > maxNodes) { exhausted = true; break; }
    const gu = N.g[u]!, cu = N.cost[u]!;
    // a neighbour's grid coordinates are the settled voxel's plus the offset, except from a border voxel (only
    // the start can be one) whose offsets wrap around rows: there they come from the linear index
    const ui = uv % nx, uj = ((uv / nx) | 0) % ny, uk = (uv / nxy) | 0;
    const wraps = ui === 0 || uj === 0 || uk === 0 || ui === nx - 1 || uj === ny - 1 || uk === nz - 1;
    for (let q = 0; q < 26; q++) {
      const v = uv + nOff[q]!;
      const vi = wraps ? v % nx : ui + offs[3 * q]!, vj = wraps ? ((v / nx) | 0) % ny : uj + offs[3 * q + 1]!, vk = wraps ? (v / nxy) | 0 : uk + offs[3 * q + 2]!;
      let id = map.get(v);
      if (id === -1) id = addNode(v, vi, vj, vk);
      const hp = N.heapPos[id]!;
      if (hp === -2) continue;
      const cv = N.cost[id]!;
      if (!(cv < Infinity)) continue;
      const nd = gu + stepMm[q]! * 0.5 * (cu + cv);
      if (nd >= N.g[id]!) continue;
      N.g[id] = nd; N.parent[id] = u; N.f[id] = nd + heur(vi, vj, vk);
      if (hp === -1) { N.heap[hsize] = id; hsize++; up(hsize - 1); } else up(hp);
    }
  }
  if (goalId < 0) return { indices: new Int32Array(0), totalCost: Infinity, settled, pathCost: new Float32Array(0), touched: N.size, exhausted };
  const rev: number[] = [];
  for (let id = goalId; id !== -1; id = N.parent[id]!) rev.push(id);
  rev.reverse();
  return {
    indices: Int32Array.from(rev, (id) => N.vox[id]!), pathCost: Float32Array.from(rev, (id) => N.cost[id]!),
    totalCost: N.g[goalId]!, settled, touched: N.size, exhausted,
  };
}
