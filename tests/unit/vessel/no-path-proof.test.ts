// The two-sided proof that no path costs under a cap (src/vessel/no-path-proof.ts) against the capped A*
// (sparse-path.ts), and the coarse search's block cost (lazy-cost.ts, voxels skipped on a lower bound) against the
// brute-force minimum over the block's voxels.
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../bench/harness.ts';
import { sparseMinimalPath, type SparsePathOptions } from '../../../src/vessel/sparse-path.ts';
import { provedNoPath } from '../../../src/vessel/no-path-proof.ts';
import { lazyLumenCost } from '../../../src/vessel/lazy-cost.ts';
import { helixCurve, makeTube, roundSection } from './synthetic.ts';

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
