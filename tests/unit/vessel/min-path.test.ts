// Minimal path: the TS twin on hand-checkable grids, and the WASM kernel against the twin.
// Grid convention: linear index i + j·nx + k·nx·ny, one wall voxel (cost +∞) around the grid.
import { describe, expect, it } from 'vitest';
import { minimalPathTs, type PathGrid } from '../../../src/vessel/min-path.ts';
import { createWasmPathSolver } from '../../../src/vessel/min-path-wasm.ts';
import { seededRandom } from '../../bench/harness.ts';
import { sparseMinimalPath } from '../../../src/vessel/sparse-path.ts';

function grid(nx: number, ny: number, nz: number, costAt: (i: number, j: number, k: number) => number, spacing: [number, number, number] = [1, 1, 1]): PathGrid {
  const cost = new Float32Array(nx * ny * nz);
  for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
    const wall = i === 0 || j === 0 || k === 0 || i === nx - 1 || j === ny - 1 || k === nz - 1;
    cost[i + j * nx + k * nx * ny] = wall ? Infinity : costAt(i, j, k);
  }
  return { dims: [nx, ny, nz], spacingMm: spacing, cost, minCostPerMm: 1 };
}
const idx = (g: PathGrid, i: number, j: number, k: number): number => i + j * g.dims[0] + k * g.dims[0] * g.dims[1];

describe('minimalPathTs', () => {
  it('goes straight along a uniform line of cost 1 (length = cost = 8 mm)', () => {
    const g = grid(12, 5, 5, () => 1);
    const r = minimalPathTs(g, idx(g, 1, 2, 2), idx(g, 9, 2, 2));
    expect(r.indices.length).toBe(9);
    expect(r.totalCost).toBeCloseTo(8, 9);
  });
  it('detours around an expensive wall through the only cheap gap', () => {
    // wall at i = 5 costs 1000 except at j = 1 (gap)
    const g = grid(11, 9, 3, (i, j) => (i === 5 && j !== 1 ? 1000 : 1));
    const r = minimalPathTs(g, idx(g, 2, 7, 1), idx(g, 8, 7, 1));
    const through = Array.from(r.indices).filter((v) => v % 11 === 5).map((v) => ((v / 11) | 0) % 9);
    expect(through).toEqual([1]);
    expect(r.totalCost).toBeLessThan(1000);
  });
  it('uses anisotropic spacing in step lengths', () => {
    const g = grid(5, 5, 12, () => 1, [0.4, 0.4, 0.5]);
    const r = minimalPathTs(g, idx(g, 2, 2, 1), idx(g, 2, 2, 10));
    expect(r.totalCost).toBeCloseTo(9 * 0.5, 9);
  });
  it('reports unreachable goals and respects maxCost', () => {
    const g = grid(9, 5, 5, (i) => (i === 4 ? Infinity : 1));
    expect(minimalPathTs(g, idx(g, 1, 2, 2), idx(g, 7, 2, 2)).indices.length).toBe(0);
    const g2 = { ...grid(9, 5, 5, () => 1), maxCost: 3 };
    expect(minimalPathTs(g2, idx(g2, 1, 2, 2), idx(g2, 7, 2, 2)).indices.length).toBe(0);
  });
});

describe('WASM minimal path (wasm/assembly/centreline.ts) vs the TS twin', () => {
  it('returns the same path and cost on random cost fields', async () => {
    const solve = await createWasmPathSolver();
    const rnd = seededRandom(7);
    for (let trial = 0; trial < 5; trial++) {
      const g = grid(24, 20, 18, () => 1 + 50 * rnd() ** 4, [0.4, 0.45, 0.5]);
      const a = idx(g, 1 + Math.floor(rnd() * 22), 1 + Math.floor(rnd() * 18), 1);
      const b = idx(g, 1 + Math.floor(rnd() * 22), 1 + Math.floor(rnd() * 18), 16);
      const ts = minimalPathTs(g, a, b), wasm = solve(g, a, b);
      expect(Array.from(wasm.indices)).toEqual(Array.from(ts.indices));
      expect(wasm.totalCost).toBe(ts.totalCost);
      expect(wasm.settled).toBe(ts.settled);
    }
  });
});

describe('box-free minimal path (src/vessel/sparse-path.ts) vs the boxed TS twin', () => {
  it('finds a path of the same cost on random cost fields, touching only part of the grid', () => {
    const rnd = seededRandom(11);
    for (let trial = 0; trial < 5; trial++) {
      const g = grid(24, 20, 18, () => 1 + 50 * rnd() ** 4, [0.4, 0.45, 0.5]);
      const a = idx(g, 1 + Math.floor(rnd() * 22), 1 + Math.floor(rnd() * 18), 1);
      const b = idx(g, 1 + Math.floor(rnd() * 22), 1 + Math.floor(rnd() * 18), 16);
      const ts = minimalPathTs(g, a, b);
      // the sparse search treats the grid border as walls, like the wall voxels of the boxed grid
      const sp = sparseMinimalPath({ dims: g.dims, spacingMm: g.spacingMm, costAt: (v) => g.cost[v]!, minCostPerMm: 1 }, a, b);
      expect(sp.totalCost).toBeCloseTo(ts.totalCost, 9);
      expect(sp.indices[0]).toBe(a);
      expect(sp.indices[sp.indices.length - 1]).toBe(b);
      expect(sp.touched).toBeLessThan(g.cost.length);
    }
  });
  it('reports no path when a wall separates the seeds, and stops at maxCost', () => {
    const g = grid(9, 5, 5, (i) => (i === 4 ? Infinity : 1));
    const o = { dims: g.dims, spacingMm: g.spacingMm, costAt: (v: number) => g.cost[v]!, minCostPerMm: 1 };
    expect(sparseMinimalPath(o, idx(g, 1, 2, 2), idx(g, 7, 2, 2)).indices.length).toBe(0);
    const open = grid(9, 5, 5, () => 1);
    const o2 = { dims: open.dims, spacingMm: open.spacingMm, costAt: (v: number) => open.cost[v]!, minCostPerMm: 1 };
    expect(sparseMinimalPath({ ...o2, maxCost: 3 }, idx(open, 1, 2, 2), idx(open, 7, 2, 2)).indices.length).toBe(0);
    expect(sparseMinimalPath(o2, idx(open, 1, 2, 2), idx(open, 7, 2, 2)).totalCost).toBeCloseTo(6, 9);
  });
});
