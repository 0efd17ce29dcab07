/**
 * Tree skeleton of one component (TEASAR, Sato et al. 2000): from the root, the farthest voxel not yet
 * covered is joined back to the tree along a path that keeps to the middle of the lumen; the voxels
 * around each new path are covered, and the loop repeats until every voxel is covered.
 */
import type { Volume } from '../volume/volume.ts';
import { boxCoords, forNeighbours, stepLengthsMm, type Component } from './component.ts';
import { MinHeap } from './heap.ts';

export interface SkeletonBranch {
  /** component voxel ids from the junction on the parent (or the root) to the leaf */
  readonly ids: number[];
  /** index of the parent branch, −1 for the first (from the root) */
  readonly parent: number;
  /** arc length of the junction along the parent, mm */
  readonly junctionSMm: number;
  readonly lengthMm: number;
}

/** A covered voxel lies within this × the inscribed radius (+ COVER_PAD_MM) of a skeleton voxel. */
const COVER_SCALE = 1.6;
const COVER_PAD_MM = 1.0;

interface Paths { dist: Float64Array; parent: Int32Array }

/** Dijkstra from the root: geodesic distance (weight = step) and the centred tree (weight = step / dbf²). */
function shortestPaths(volume: Volume, c: Component, root: number, dbf: Float32Array, xyz: Int32Array, centred: boolean): Paths {
  const n = c.vox.length;
  const steps = stepLengthsMm(volume);
  const dist = new Float64Array(n).fill(Infinity);
  const parent = new Int32Array(n).fill(-1);
  const heap = new MinHeap(n);
  dist[root] = 0; heap.push(0, root);
  while (heap.size) {
    const id = heap.pop();
    const d0 = heap.lastKey;
    if (d0 > dist[id]!) continue;
    forNeighbours(c, xyz[3 * id]!, xyz[3 * id + 1]!, xyz[3 * id + 2]!, (nid, o) => {
      const r = dbf[nid]!;
      const d = d0 + (centred ? steps[o]! / (r * r * r) : steps[o]!);
      if (d < dist[nid]!) { dist[nid] = d; parent[nid] = id; heap.push(d, nid); }
    });
  }
  return { dist, parent };
}

function coordsOf(volume: Volume, c: Component): Int32Array {
  const n = c.vox.length;
  const xyz = new Int32Array(3 * n);
  for (let id = 0; id < n; id++) { const p = boxCoords(volume, c, id); xyz[3 * id] = p[0]; xyz[3 * id + 1] = p[1]; xyz[3 * id + 2] = p[2]; }
  return xyz;
}

/** Mark every component voxel within the cover radius of path voxel `id`. */
function cover(volume: Volume, c: Component, xyz: Int32Array, id: number, radiusMm: number, covered: Uint8Array): void {
  const [sx, sy, sz] = volume.spacingMm;
  const rx = Math.ceil(radiusMm / sx), ry = Math.ceil(radiusMm / sy), rz = Math.ceil(radiusMm / sz);
  const x = xyz[3 * id]!, y = xyz[3 * id + 1]!, z = xyz[3 * id + 2]!;
  const r2 = radiusMm * radiusMm;
  for (let e = Math.max(0, z - rz); e <= Math.min(c.bz - 1, z + rz); e++) {
    const dz2 = ((e - z) * sz) ** 2;
    for (let b = Math.max(0, y - ry); b <= Math.min(c.by - 1, y + ry); b++) {
      const dyz2 = dz2 + ((b - y) * sy) ** 2;
      if (dyz2 > r2) continue;
      const row = c.bx * (b + c.by * e);
      for (let a = Math.max(0, x - rx); a <= Math.min(c.bx - 1, x + rx); a++) {
        if (dyz2 + ((a - x) * sx) ** 2 > r2) continue;
        const nid = c.local[row + a]!;
        if (nid >= 0) covered[nid] = 1;
      }
    }
  }
}

/**
 * Branches of the skeleton; a branch shorter than minBranchMm beyond its parent's lumen (a bump, a noise
 * blob on the wall) is covered but not kept.
 */
export function teasar(volume: Volume, c: Component, dbf: Float32Array, root: number, minBranchMm: number): SkeletonBranch[] {
  const n = c.vox.length;
  const xyz = coordsOf(volume, c);
  const geo = shortestPaths(volume, c, root, dbf, xyz, false);
  const cen = shortestPaths(volume, c, root, dbf, xyz, true);
  const order = Int32Array.from({ length: n }, (_, q) => q).sort((a, b) => geo.dist[b]! - geo.dist[a]!);
  const covered = new Uint8Array(n);
  /** branch index + 1 of the skeleton voxel, 0 elsewhere; and its arc length on that branch */
  const owner = new Int32Array(n);
  const sOn = new Float64Array(n);
  const branches: SkeletonBranch[] = [];
  const [sx, sy, sz] = volume.spacingMm;
  const stepBetween = (a: number, b: number): number => Math.hypot((xyz[3 * a]! - xyz[3 * b]!) * sx, (xyz[3 * a + 1]! - xyz[3 * b + 1]!) * sy, (xyz[3 * a + 2]! - xyz[3 * b + 2]!) * sz);
  for (let p = 0; p < n; p++) {
    const leaf = order[p]!;
    if (covered[leaf] || !Number.isFinite(geo.dist[leaf]!)) continue;
    const path: number[] = [];
    let q = leaf;
    while (q >= 0 && owner[q] === 0) { path.push(q); q = q === root ? -1 : cen.parent[q]!; }
    const junction = q;
    if (junction >= 0) path.push(junction);
    path.reverse();
    let len = 0;
    for (let m = 1; m < path.length; m++) len += stepBetween(path[m - 1]!, path[m]!);
    const keep = junction < 0 || len - dbf[junction]! >= minBranchMm;
    for (const id of path) cover(volume, c, xyz, id, COVER_SCALE * dbf[id]! + COVER_PAD_MM, covered);
    covered[leaf] = 1;
    if (!keep) continue;
    const b = branches.length;
    const parent = junction < 0 ? -1 : owner[junction]! - 1;
    let s = 0;
    path.forEach((id, m) => {
      if (m > 0) s += stepBetween(path[m - 1]!, id);
      if (m > 0 || junction < 0) { owner[id] = b + 1; sOn[id] = s; }
    });
    branches.push({ ids: path, parent, junctionSMm: junction < 0 ? 0 : sOn[junction]!, lengthMm: len });
  }
  return branches;
}
