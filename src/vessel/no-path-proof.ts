/**
 * A proof that no path between two voxels costs at most a cap, cheaper than the capped A* that fails to find one
 * (sparse-path.ts). Across an occlusion the cap allows a few mm without lumen, and the A* from an ostium seed then
 * floods the aorta and a chamber (30× a lumen's cost per mm) out to that whole budget before it gives up. Two
 * Dijkstra searches, one from each end, the smaller one growing: once the cheapest open costs of the two sum above
 * the cap without the searches having met under it, no path under the cap exists. Same graph as
 * the A*: 26-connected, step length × mean of the two voxel costs, the volume border as walls.
 */
import { siftDown, siftUp } from './index-heap.ts';
import { neighbourSteps, Nodes, VoxelMap, type SparsePathOptions } from './sparse-path.ts';

/** relative slack on the cap: the two searches sum a path's costs in another order than the A* (rounding) */
const CAP_SLACK = 1e-9;

/** One Dijkstra search: its nodes (f = g, the heap key), voxel map and heap size. */
class Side {
  readonly N = new Nodes();
  readonly map: VoxelMap;
  hsize = 0;
  constructor(voxels: number) { this.map = new VoxelMap(voxels); }
  top(): number { return this.hsize > 0 ? this.N.g[this.N.heap[0]!]! : Infinity; }
}

/**
 * True when no path from `start` to `goal` costs at most `o.maxCost` (then the capped A* finds none); false when a
 * path under the cap may exist (the searches met under it), no cap is set, or `o.maxNodes` (both searches
 * together, default 4 M) is reached.
 */
export function provedNoPath(o: SparsePathOptions, start: number, goal: number): boolean {
  const cap = (o.maxCost ?? Infinity) * (1 + CAP_SLACK), maxNodes = o.maxNodes ?? 4_000_000;
  if (!(cap < Infinity) || start === goal) return false;
  const [nx, ny, nz] = o.dims;
  const nxy = nx * ny;
  const { offs, nOff, stepMm } = neighbourSteps(o.dims, o.spacingMm);
  const wall = (i: number, j: number, k: number): boolean => i === 0 || j === 0 || k === 0 || i === nx - 1 || j === ny - 1 || k === nz - 1;
  const addNode = (s: Side, v: number, i: number, j: number, k: number): number => {
    const N = s.N;
    if (N.size === N.vox.length) N.grow();
    const id = N.size++;
    N.vox[id] = v; N.g[id] = Infinity; N.parent[id] = -1; N.heapPos[id] = -1; N.cost[id] = wall(i, j, k) ? Infinity : o.costAt(v, i, j, k);
    s.map.set(v, id);
    return id;
  };
  const sides = [new Side(nxy * nz), new Side(nxy * nz)] as const;
  [start, goal].forEach((v, e) => {
    const s = sides[e]!, id = addNode(s, v, v % nx, ((v / nx) | 0) % ny, (v / nxy) | 0);
    s.N.g[id] = 0; s.N.f[id] = 0; s.N.heap[0] = id; s.N.heapPos[id] = 0; s.hsize = 1;
  });
  for (;;) {
    const tf = sides[0].top(), tb = sides[1].top();
    if (tf + tb > cap) return true;
    if (sides[0].N.size + sides[1].N.size > maxNodes) return false;
    // the side that has touched fewer voxels grows: one end in a closed region (a vessel beyond an occlusion) then
    // raises its open cost fast, and the other end (an ostium on the aorta) floods far less of its chamber
    const s = sides[0].N.size <= sides[1].N.size ? sides[0] : sides[1], other = s === sides[0] ? sides[1] : sides[0];
    const N = s.N;
    const u = N.heap[0]!;
    s.hsize--;
    if (s.hsize > 0) { N.heap[0] = N.heap[s.hsize]!; siftDown(N.heap, N.heapPos, N.f, 0, s.hsize); }
    N.heapPos[u] = -2;
    const uv = N.vox[u]!, gu = N.g[u]!, cu = N.cost[u]!;
    if (!(cu < Infinity)) continue;
    // neighbour coordinates by offset, except from a border voxel (an end can be one) whose offsets wrap around rows
    const ui = uv % nx, uj = ((uv / nx) | 0) % ny, uk = (uv / nxy) | 0;
    const wraps = wall(ui, uj, uk);
    for (let q = 0; q < 26; q++) {
      const v = uv + nOff[q]!;
      let id = s.map.get(v);
      if (id === -1) id = addNode(s, v, wraps ? v % nx : ui + offs[3 * q]!, wraps ? ((v / nx) | 0) % ny : uj + offs[3 * q + 1]!, wraps ? (v / nxy) | 0 : uk + offs[3 * q + 2]!);
      const hp = N.heapPos[id]!;
      if (hp === -2) continue;
      const cv = N.cost[id]!;
      if (!(cv < Infinity)) continue;
      const nd = gu + stepMm[q]! * 0.5 * (cu + cv);
      if (nd >= N.g[id]!) continue;
      N.g[id] = nd; N.f[id] = nd;
      // reached by the other search too: a path of cost nd + its g exists
      const ov = other.map.get(v);
      if (ov !== -1 && nd + other.N.g[ov]! <= cap) return false;
      if (hp === -1) { N.heap[s.hsize] = id; s.hsize++; siftUp(N.heap, N.heapPos, N.f, s.hsize - 1); } else siftUp(N.heap, N.heapPos, N.f, hp);
    }
  }
}
