// The two-sided proof that no path costs under a cap (src/vessel/no-path-proof.ts) against the capped A*
// (sparse-path.ts), the shell median (tube-contrast.ts, by selection) against a full sort, and the coarse search's block cost (lazy-cost.ts, voxels skipped on a lower bound) against the
// brute-force minimum over the block's voxels.
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../bench/harness.ts';
import { sparseMinimalPath, type SparsePathOptions } from '../../../src/vessel/sparse-path.ts';
import { provedNoPath } from '../../../src/vessel/no-path-proof.ts';
import { lazyLumenCost } from '../../../src/vessel/lazy-cost.ts';
import { helixCurve, makeTube, roundSection } from './synthetic.ts';
import { shellMedianOf, shellOffsets } from '../../../src/vessel/tube-contrast.ts';
import type { Volume } from '../../../src/volume/volume.ts';

function field(dims: [number, number, number], costAt: (i: number, j: number, k: number) => number, spacingMm: [number, number, number] = [0.4, 0.45, 0.5]): SparsePathOptions {
  const [nx, ny] = dims;
  return { dims, spacingMm, minCostPerMm: 1, costAt: (v) => costAt(v % nx, ((v / nx) | 0) % ny, (v / (nx * ny)) | 0) };
}

describe('provedNoPath', () => {
  it('proves no path exactly when the optimal path costs more than the cap (random cost fields)', () => {
    const rnd = seededRandom(5);
    for (let trial = 0; trial < 6; trial++) {
      const dims: [number, number, number] = [22, 20, 18];
      const costs = Float64Array.from({ length: 22 * 20 * 18 }, () => (rnd() < 0.3 ? 1000 : 1 + 30 * rnd() ** 4));
      const o = field(dims, (i, j, k) => costs[i + j * 22 + k * 440]!);
      const a = 1 + Math.floor(rnd() * 20) + (1 + Math.floor(rnd() * 18)) * 22 + 440, b = 1 + Math.floor(rnd() * 20) + (1 + Math.floor(rnd() * 18)) * 22 + 16 * 440;
      const best = sparseMinimalPath(o, a, b).totalCost;
      expect(best).toBeLessThan(Infinity);
      expect(provedNoPath({ ...o, maxCost: 0.98 * best }, a, b)).toBe(true);
      expect(sparseMinimalPath({ ...o, maxCost: 0.98 * best }, a, b).indices.length).toBe(0);
      expect(provedNoPath({ ...o, maxCost: 1.02 * best }, a, b)).toBe(false);
    }
  });
  it('proves no path through a wall, whatever the cap, and proves nothing without a cap', () => {
    const o = field([12, 7, 7], (i) => (i === 6 ? Infinity : 1));
    const a = 2 + 3 * 12 + 3 * 84, b = 9 + 3 * 12 + 3 * 84;
    expect(provedNoPath({ ...o, maxCost: 1e9 }, a, b)).toBe(true);
    const open = field([12, 7, 7], () => 1);
    expect(provedNoPath({ ...open, maxCost: 1e9 }, a, b)).toBe(false);
    expect(provedNoPath(open, a, b)).toBe(false);
  });
});

describe('lazy lumen cost: block cost', () => {
  it('is the cheapest voxel of the block, for the lumen, gap and occluded costs', () => {
    const tube = makeTube({
      dims: [60, 60, 70], spacingMm: [0.4, 0.4, 0.5], originLps: [-12, -12, -17], curve: helixCurve(30, [0, 0, 0], 4, 34),
      section: roundSection(() => 1.5, 420), maxRadiusMm: 2.5, backgroundHu: -80, noiseSdHu: 25, psfFwhmMm: 0.7, seed: 3,
    });
    const [nx, ny, nz] = tube.volume.dimensions;
    const levels = { lowHu: 400, highHu: 420, seedsHu: [400, 420] };
    for (const [gap, occluded] of [[false, false], [true, false], [true, true]] as const) {
      // blocks are disjoint: `fresh` costs each block with none of its voxels memoised, `lazy` after all were costed
      const lazy = lazyLumenCost(tube.volume, levels, gap, occluded), fresh = lazyLumenCost(tube.volume, levels, gap, occluded);
      const [bx, by, bz] = lazy.blockDims;
      const b = [Math.ceil(nx / bx), Math.ceil(ny / by), Math.ceil(nz / bz)];
      let lumenBlocks = 0;
      for (let bk = 0; bk < bz; bk += 2) for (let bj = 0; bj < by; bj++) for (let bi = 0; bi < bx; bi++) {
        const freshCost = fresh.blockCostAt(0, bi, bj, bk);
        let best = Infinity;
        for (let k = Math.max(1, bk * b[2]!); k < Math.min(nz - 1, (bk + 1) * b[2]!); k++)
          for (let j = Math.max(1, bj * b[1]!); j < Math.min(ny - 1, (bj + 1) * b[1]!); j++)
            for (let i = Math.max(1, bi * b[0]!); i < Math.min(nx - 1, (bi + 1) * b[0]!); i++) best = Math.min(best, lazy.costAt(i + j * nx + k * nx * ny, i, j, k));
        expect(freshCost).toBe(best);
        expect(lazy.blockCostAt(0, bi, bj, bk)).toBe(best);
        if (best < 2) lumenBlocks++;
      }
      expect(lumenBlocks).toBeGreaterThan(10);
    }
  });
});

describe('shell median', () => {
  it('is the median of the sorted shell samples below the bright level (odd and even counts, ties, none)', () => {
    const rnd = seededRandom(9);
    const dims: [number, number, number] = [20, 18, 16];
    // few distinct levels: many ties
    const voxels = Int16Array.from({ length: 20 * 18 * 16 }, () => Math.round(rnd() * 12) * 50 - 100);
    const volume: Volume = { dimensions: dims, spacingMm: [0.5, 0.5, 0.6], originLps: [0, 0, 0], directions: [[1, 0, 0], [0, 1, 0], [0, 0, 1]], voxels };
    const offsets = shellOffsets(volume.spacingMm, 2);
    let even = 0, odd = 0, none = 0;
    for (const bright of [200, 350, -100]) {
      const med = shellMedianOf(volume, offsets, bright);
      for (let k = 0; k < 16; k += 3) for (let j = 0; j < 18; j += 2) for (let i = 0; i < 20; i += 2) {
        const vals: number[] = [];
        for (let q = 0; q < offsets.length; q += 3) {
          const c = (v: number, m: number): number => Math.min(m - 1, Math.max(0, v));
          const v = voxels[c(i + offsets[q]!, 20) + c(j + offsets[q + 1]!, 18) * 20 + c(k + offsets[q + 2]!, 16) * 360]!;
          if (v < bright) vals.push(v);
        }
        vals.sort((a, b) => a - b);
        const n = vals.length, h = n >> 1;
        const want = n === 0 ? NaN : n % 2 ? vals[h]! : 0.5 * (vals[h - 1]! + vals[h]!);
        if (n === 0) none++; else if (n % 2) odd++; else even++;
        expect(med(i, j, k)).toBe(want);
      }
    }
    expect(Math.min(even, odd, none)).toBeGreaterThan(10);
  });
});
