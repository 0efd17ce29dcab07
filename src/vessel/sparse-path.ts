/**
 * Minimal path (A*, binary heap with decrease-key, 26-connected) over a whole volume without a search
 * box: voxel state lives in a hash map of the voxels actually touched, and each voxel's cost is computed
 * once, lazily, when the search first reaches it. Memory and time follow the explored region (a
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
  /** voxels touched (hash-map entries) */
  readonly touched: number;
  /** stopped on maxNodes (not a proof that no path exists) */
  readonly exhausted: boolean;
}

/** Grow-on-demand node store: node id → voxel, g, f, parent node, heap position, cost. */
class Nodes {
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

/** Open-addressing voxel → node id map (linear probing, power-of-two capacity, load ≤ 1/2). */
class VoxelMap {
  keys = new Int32Array(1 << 15).fill(-1); vals = new Int32Array(1 << 15);
  count = 0;
  private slot(key: number): number {
    const mask = this.keys.length - 1;
    let h = Math.imul(key, 0x9e3779b1) >>> 0 & mask;
    while (this.keys[h] !== -1 && this.keys[h] !== key) h = (h + 1) & mask;
    return h;
  }
  get(key: number): number { const h = this.slot(key); return this.keys[h] === key ? this.vals[h]! : -1; }
  set(key: number, val: number): void {
    if (2 * (this.count + 1) > this.keys.length) this.rehash();
    const h = this.slot(key);
    if (this.keys[h] !== key) { this.keys[h] = key; this.count++; }
    this.vals[h] = val;
  }
  private rehash(): void {
    const ok = this.keys, ov = this.vals;
    this.keys = new Int32Array(ok.length * 2).fill(-1); this.vals = new Int32Array(ok.length * 2);
    this.count = 0;
    for (let q = 0; q < ok.length; q++) if (ok[q] !== -1) { const h = this.slot(ok[q]!); this.keys[h] = ok[q]!; this.vals[h] = ov[q]!; this.count++; }
  }
}

export function sparseMinimalPath(o: SparsePathOptions, start: number, goal: number): SparsePathResult {
  const [nx, ny, nz] = o.dims;
  const nxy = nx * ny;
  const [sx, sy, sz] = o.spacingMm;
  const offs = neighbourOffsets();
  const nOff = new Int32Array(26), stepMm = new Float64Array(26);
  for (let q = 0; q < 26; q++) {
    const di = offs[3 * q]!, dj = offs[3 * q + 1]!, dk = offs[3 * q + 2]!;
    nOff[q] = di + dj * nx + dk * nxy;
    stepMm[q] = Math.sqrt(di * di * sx * sx + dj * dj * sy * sy + dk * dk * sz * sz);
  }
  const maxCost = o.maxCost ?? Infinity, maxNodes = o.maxNodes ?? 4_000_000, hw = o.minCostPerMm;
  const gi = goal % nx, gj = ((goal / nx) | 0) % ny, gk = (goal / nxy) | 0;
  const N = new Nodes();
  const map = new VoxelMap();
  const costOf = (v: number): number => {
    const i = v % nx, j = ((v / nx) | 0) % ny, k = (v / nxy) | 0;
    if (i === 0 || j === 0 || k === 0 || i === nx - 1 || j === ny - 1 || k === nz - 1) return Infinity;
    return o.costAt(v, i, j, k);
  };
  const heur = (v: number): number => {
    const dx = ((v % nx) - gi) * sx, dy = ((((v / nx) | 0) % ny) - gj) * sy, dz = (((v / nxy) | 0) - gk) * sz;
    return hw * Math.sqrt(dx * dx + dy * dy + dz * dz);
  };
  const addNode = (v: number): number => {
    if (N.size === N.vox.length) N.grow();
    const id = N.size++;
    N.vox[id] = v; N.g[id] = Infinity; N.parent[id] = -1; N.heapPos[id] = -1; N.cost[id] = costOf(v);
    map.set(v, id);
    return id;
  };
  let hsize = 0;
  const up = (at: number): void => siftUp(N.heap, N.heapPos, N.f, at);
  const down = (at: number): void => siftDown(N.heap, N.heapPos, N.f, at, hsize);
  const s0 = addNode(start);
  N.g[s0] = 0; N.f[s0] = heur(start); N.heap[0] = s0; N.heapPos[s0] = 0; hsize = 1;
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
    for (let q = 0; q < 26; q++) {
      const v = uv + nOff[q]!;
      let id = map.get(v);
      if (id === -1) id = addNode(v);
      const hp = N.heapPos[id]!;
      if (hp === -2) continue;
      const cv = N.cost[id]!;
      if (!(cv < Infinity)) continue;
      const nd = gu + stepMm[q]! * 0.5 * (cu + cv);
      if (nd >= N.g[id]!) continue;
      N.g[id] = nd; N.parent[id] = u; N.f[id] = nd + heur(v);
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
