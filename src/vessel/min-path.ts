/**
 * Minimal path (A*, binary heap with decrease-key) on a 26-connected voxel grid — the TS twin of
 * wasm/assembly/centreline.ts (same algorithm, same tie-breaking, used as reference in tests).
 *
 * Grid: `cost` per voxel (per mm, ≥ `minCostPerMm`), linear index i + j·nx + k·nx·ny; voxels with a
 * non-finite cost are walls (the caller puts a one-voxel wall around the grid so no bounds checks
 * are needed). Edge cost = step length (mm) × mean of the two voxel costs. Heuristic = Euclidean
 * distance (mm) to the goal × minCostPerMm (admissible).
 */
import { siftDown, siftUp } from './index-heap.ts';

export interface PathGrid {
  readonly dims: readonly [number, number, number];
  readonly spacingMm: readonly [number, number, number];
  readonly cost: Float32Array;
  readonly minCostPerMm: number;
  /** give up (unreachable) once every remaining path would cost more than this (default ∞) */
  readonly maxCost?: number;
}

export interface PathResult {
  /** voxel linear indices from start to goal (empty when unreachable) */
  readonly indices: Int32Array;
  readonly totalCost: number;
  /** number of voxels settled (work done) */
  readonly settled: number;
}

/** The 26 neighbour offsets (di, dj, dk) in a fixed order shared with the WASM kernel. */
export function neighbourOffsets(): Int8Array {
  const out: number[] = [];
  for (let dk = -1; dk <= 1; dk++)
    for (let dj = -1; dj <= 1; dj++) for (let di = -1; di <= 1; di++) if (di || dj || dk) out.push(di, dj, dk);
  return Int8Array.from(out);
}

/** Neighbour index offsets and step lengths (mm) of a grid, shared by both twins. */
export function neighbourTables(grid: PathGrid): { offs: Int8Array; nOff: Int32Array; stepMm: Float64Array } {
  const [nx, ny] = grid.dims;
  const [sx, sy, sz] = grid.spacingMm;
  const offs = neighbourOffsets();
  const nOff = new Int32Array(26);
  const stepMm = new Float64Array(26);
  for (let q = 0; q < 26; q++) {
    const di = offs[3 * q]!, dj = offs[3 * q + 1]!, dk = offs[3 * q + 2]!;
    nOff[q] = di + dj * nx + dk * nx * ny;
    stepMm[q] = Math.sqrt(di * di * sx * sx + dj * dj * sy * sy + dk * dk * sz * sz);
  }
  return { offs, nOff, stepMm };
}

/** Path from the parent links (start … goal). */
export function tracePath(parent: Int32Array, goal: number): Int32Array {
  const rev: number[] = [];
  for (let v = goal; v !== -1; v = parent[v]!) rev.push(v);
  rev.reverse();
  return Int32Array.from(rev);
}

export function minimalPathTs(grid: PathGrid, start: number, goal: number): PathResult {
  const [nx, ny, nz] = grid.dims;
  const n = nx * ny * nz;
  const nxy = nx * ny;
  const [sx, sy, sz] = grid.spacingMm;
  const cost = grid.cost;
  const { nOff, stepMm } = neighbourTables(grid);
  const g = new Float64Array(n).fill(Infinity);
  const parent = new Int32Array(n).fill(-1);
  const heapPos = new Int32Array(n).fill(-1); // -1: never pushed, -2: settled
  const heapArr = new Int32Array(n);
  const fKey = new Float64Array(n);
  let size = 0;
  const gk = goal % nx, gj = ((goal / nx) | 0) % ny, gkk = (goal / nxy) | 0;
  const hw = grid.minCostPerMm;
  const heur = (idx: number): number => {
    const i = idx % nx, j = ((idx / nx) | 0) % ny, k = (idx / nxy) | 0;
    const dx = (i - gk) * sx, dy = (j - gj) * sy, dz = (k - gkk) * sz;
    return hw * Math.sqrt(dx * dx + dy * dy + dz * dz);
  };
  const up = (at: number): void => siftUp(heapArr, heapPos, fKey, at);
  const down = (at: number): void => siftDown(heapArr, heapPos, fKey, at, size);
  g[start] = 0;
  fKey[start] = heur(start);
  heapArr[0] = start; heapPos[start] = 0; size = 1;
  let settled = 0;
  const maxCost = grid.maxCost ?? Infinity;
  while (size > 0) {
    const u: number = heapArr[0]!;
    if (fKey[u]! > maxCost) break;
    size--;
    if (size > 0) { heapArr[0] = heapArr[size]!; down(0); }
    heapPos[u] = -2;
    settled++;
    if (u === goal) break;
    const gu = g[u]!, cu = cost[u]!;
    for (let q = 0; q < 26; q++) {
      const v = u + nOff[q]!;
      const hp = heapPos[v]!;
      if (hp === -2) continue;
      const cv = cost[v]!;
      if (!(cv < Infinity)) continue;
      const nd = gu + stepMm[q]! * 0.5 * (cu + cv);
      if (nd >= g[v]!) continue;
      g[v] = nd;
      parent[v] = u;
      if (hp === -1) {
        fKey[v] = nd + heur(v);
        heapArr[size] = v; size++;
        up(size - 1);
      } else {
        fKey[v] = nd + heur(v);
        up(hp);
      }
    }
  }
  if (heapPos[goal] !== -2) return { indices: new Int32Array(0), totalCost: Infinity, settled };
  return { indices: tracePath(parent, goal), totalCost: g[goal]!, settled };
}
