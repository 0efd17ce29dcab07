/**
 * One 26-connected component of thin bright voxels (a coronary tree), kept as a voxel list with a local index
 * over its bounding box, and the distance from each voxel to the component's border (an inscribed radius).
 */
import type { Volume } from '../volume/volume.ts';
import { squaredEdt } from './edt.ts';

export interface Component {
  /** fine linear indices, BFS order from the seeds */
  readonly vox: Int32Array;
  /** bounding box origin and size, fine voxels */
  readonly i0: number; readonly j0: number; readonly k0: number;
  readonly bx: number; readonly by: number; readonly bz: number;
  /** bounding-box index → component id, −1 outside */
  readonly local: Int32Array;
}

/** Set bits, one per fine voxel. */
export function makeBitset(n: number): Uint32Array { return new Uint32Array((n + 31) >>> 5); }
export function bitGet(b: Uint32Array, q: number): boolean { return (b[q >>> 5]! & (1 << (q & 31))) !== 0; }
export function bitSet(b: Uint32Array, q: number): void { b[q >>> 5] = b[q >>> 5]! | (1 << (q & 31)); }

/** The 26 neighbour offsets (di, dj, dk). */
export const N26: readonly (readonly [number, number, number])[] = (() => {
  const o: [number, number, number][] = [];
  for (let dk = -1; dk <= 1; dk++) for (let dj = -1; dj <= 1; dj++) for (let di = -1; di <= 1; di++) if (di || dj || dk) o.push([di, dj, dk]);
  return o;
})();

/**
 * BFS over thin voxels from the seeds (26-connected); `visited` is shared between calls so components never
 * overlap. Returns null past maxVoxels (the component leaked into something that is not a coronary).
 */
export function collectComponent(volume: Volume, isThin: (q: number) => boolean, seeds: readonly number[], visited: Uint32Array, maxVoxels: number): Component | null {
  const [nx, ny, nz] = volume.dimensions;
  const nxy = nx * ny;
  const list: number[] = [];
  for (const s of seeds) if (!bitGet(visited, s) && isThin(s)) { bitSet(visited, s); list.push(s); }
  for (let h = 0; h < list.length; h++) {
    if (list.length > maxVoxels) return null;
    const q = list[h]!;
    const i = q % nx, j = ((q - i) / nx) % ny, k = Math.floor(q / nxy);
    for (const [di, dj, dk] of N26) {
      const a = i + di, b = j + dj, c = k + dk;
      if (a < 0 || b < 0 || c < 0 || a >= nx || b >= ny || c >= nz) continue;
      const r = a + b * nx + c * nxy;
      if (!bitGet(visited, r) && isThin(r)) { bitSet(visited, r); list.push(r); }
    }
  }
  return buildComponent(volume, Int32Array.from(list));
}

export function buildComponent(volume: Volume, vox: Int32Array): Component {
  const [nx, ny] = volume.dimensions;
  const nxy = nx * ny;
  let i0 = Infinity, j0 = Infinity, k0 = Infinity, i1 = -1, j1 = -1, k1 = -1;
  for (const q of vox) {
    const i = q % nx, j = ((q - i) / nx) % ny, k = Math.floor(q / nxy);
    i0 = Math.min(i0, i); i1 = Math.max(i1, i); j0 = Math.min(j0, j); j1 = Math.max(j1, j); k0 = Math.min(k0, k); k1 = Math.max(k1, k);
  }
  const bx = i1 - i0 + 1, by = j1 - j0 + 1, bz = k1 - k0 + 1;
  const local = new Int32Array(Math.max(0, bx * by * bz)).fill(-1);
  vox.forEach((q, id) => {
    const i = q % nx, j = ((q - i) / nx) % ny, k = Math.floor(q / nxy);
    local[(i - i0) + bx * ((j - j0) + by * (k - k0))] = id;
  });
  return { vox, i0, j0, k0, bx, by, bz, local };
}

/** Local (box) coordinates of component voxel `id`. */
export function boxCoords(volume: Volume, c: Component, id: number): [number, number, number] {
  const [nx, ny] = volume.dimensions;
  const q = c.vox[id]!;
  const i = q % nx, j = ((q - i) / nx) % ny, k = Math.floor(q / (nx * ny));
  return [i - c.i0, j - c.j0, k - c.k0];
}

/** Neighbour table: for each of the 26 offsets, its step length in mm. */
export function stepLengthsMm(volume: Volume): Float64Array {
  const [sx, sy, sz] = volume.spacingMm;
  return Float64Array.from(N26, ([a, b, c]) => Math.hypot(a * sx, b * sy, c * sz));
}

/**
 * Visit the component neighbours of `id`: fn(neighbourId, offsetIndex).
 * Written as a plain loop over the box because it runs millions of times.
 */
export function forNeighbours(c: Component, x: number, y: number, z: number, fn: (nid: number, o: number) => void): void {
  for (let o = 0; o < 26; o++) {
    const d = N26[o]!;
    const a = x + d[0], b = y + d[1], e = z + d[2];
    if (a < 0 || b < 0 || e < 0 || a >= c.bx || b >= c.by || e >= c.bz) continue;
    const nid = c.local[a + c.bx * (b + c.by * e)]!;
    if (nid >= 0) fn(nid, o);
  }
}

/**
 * Distance (mm) from every voxel's centre to the nearest voxel centre outside the component, minus half a voxel
 * (the border lies between the two): exact Euclidean transform over the bounding box.
 */
export function distanceToBorder(volume: Volume, c: Component): Float32Array {
  const dims: [number, number, number] = [c.bx + 2, c.by + 2, c.bz + 2];
  const d = new Float32Array(dims[0] * dims[1] * dims[2]);
  for (let z = 0; z < c.bz; z++) for (let y = 0; y < c.by; y++) {
    const src = c.bx * (y + c.by * z), dst = 1 + dims[0] * (y + 1 + dims[1] * (z + 1));
    for (let x = 0; x < c.bx; x++) if (c.local[src + x]! >= 0) d[dst + x] = Infinity;
  }
  squaredEdt(d, dims, volume.spacingMm);
  const half = Math.min(...volume.spacingMm) / 2;
  const out = new Float32Array(c.vox.length);
  for (let z = 0; z < c.bz; z++) for (let y = 0; y < c.by; y++) {
    const src = c.bx * (y + c.by * z), dst = 1 + dims[0] * (y + 1 + dims[1] * (z + 1));
    for (let x = 0; x < c.bx; x++) { const id = c.local[src + x]!; if (id >= 0) out[id] = Math.sqrt(d[dst + x]!) - half; }
  }
  return out;
}
