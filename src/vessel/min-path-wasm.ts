/**
 * The WASM minimal-path kernel (wasm/assembly/centreline.ts) behind the same `PathSolver` signature as
 * the TS twin. One solver owns one WebAssembly.Memory (plain, grown on demand); the cost grid is copied
 * in once per grid (a path through waypoints reuses it). Load once with `createWasmPathSolver()`.
 */
import { neighbourTables, tracePath, type PathGrid, type PathResult } from './min-path.ts';
import type { PathSolver } from './centreline.ts';
import { compileWasmUrl } from '../compute/wasm-load.ts';

interface CentrelineExports {
  minimalPath(nx: number, ny: number, nz: number, sx: number, sy: number, sz: number, hw: number,
    cost: number, g: number, fKey: number, parent: number, heapPos: number, heap: number,
    nOff: number, stepMm: number, dijk: number, start: number, goal: number, maxCost: number): number;
}

const PAGE = 65536;
const TABLES = 65536; // [0, 64 KiB) left to AssemblyScript statics

export async function loadCentrelineModule(): Promise<WebAssembly.Module> {
  return compileWasmUrl(new URL('../../wasm/build/centreline.wasm', import.meta.url), 'centreline kernel');
}

export async function createWasmPathSolver(module?: WebAssembly.Module): Promise<PathSolver> {
  const mod = module ?? (await loadCentrelineModule());
  const memory = new WebAssembly.Memory({ initial: 2 });
  const inst = await WebAssembly.instantiate(mod, { env: { memory, abort: () => { throw new Error('centreline kernel abort'); } } });
  const x = inst.exports as unknown as CentrelineExports;
  let lastCost: Float32Array | null = null;
  let lastLayout = { cost: 0, g: 0, fKey: 0, parent: 0, heapPos: 0, heap: 0, n: -1 };
  return (grid: PathGrid, start: number, goal: number): PathResult => {
    const [nx, ny, nz] = grid.dims;
    const n = nx * ny * nz;
    if (!(start >= 0 && start < n && goal >= 0 && goal < n)) throw new Error(`minimalPath: start ${start} / goal ${goal} outside a grid of ${n} voxels`);
    const align8 = (v: number): number => Math.ceil(v / 8) * 8;
    const cost = TABLES + 1024;
    const g = align8(cost + 4 * n), fKey = g + 8 * n, parent = fKey + 8 * n, heapPos = parent + 4 * n, heap = heapPos + 4 * n;
    const end = heap + 4 * n;
    if (end > memory.buffer.byteLength) memory.grow(Math.ceil((end - memory.buffer.byteLength) / PAGE));
    const t = neighbourTables(grid);
    new Int32Array(memory.buffer, TABLES, 26).set(t.nOff);
    new Float64Array(memory.buffer, TABLES + 112, 26).set(t.stepMm);
    new Int32Array(memory.buffer, TABLES + 112 + 208, 78).set(t.offs);
    if (lastCost !== grid.cost || lastLayout.n !== n) {
      new Float32Array(memory.buffer, cost, n).set(grid.cost);
      lastCost = grid.cost;
    }
    lastLayout = { cost, g, fKey, parent, heapPos, heap, n };
    const [sx, sy, sz] = grid.spacingMm;
    const settled = x.minimalPath(nx, ny, nz, sx, sy, sz, grid.minCostPerMm, cost, g, fKey, parent, heapPos, heap,
      TABLES, TABLES + 112, TABLES + 112 + 208, start, goal, grid.maxCost ?? Infinity);
    if (settled < 0) return { indices: new Int32Array(0), totalCost: Infinity, settled: 0 };
    const par = new Int32Array(memory.buffer, parent, n);
    return { indices: tracePath(par, goal), totalCost: new Float64Array(memory.buffer, g, n)[goal]!, settled };
  };
}
