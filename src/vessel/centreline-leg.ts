/**
 * One leg of the box-free centreline search (between two consecutive seeds): the lumen path through the lazy
 * lumen cost, and, when the lumen is interrupted, the crossing of the gap — the occlusion bridge (stumps
 * joined along their directions), else the search across the gap on the gap cost.
 */
import type { LumenLevels } from './cost.ts';
import type { Volume } from '../volume/volume.ts';
import { ijkAffine, pointToIjk } from '../kernels/geometry.ts';
import { sparseMinimalPath, type SparsePathResult } from './sparse-path.ts';
import { provedNoPath } from './no-path-proof.ts';
import { LAZY_EPS, lazyLumenCost, type LazyCost } from './lazy-cost.ts';
import { bridgedLeg, voxelLps, type Leg } from './centreline-bridge.ts';

/** longest stretch without contrast a centreline may cross, mm (a chronic total occlusion is usually 10–30 mm) */
export const MAX_GAP_MM = 30;

/** Corridor half-width around the coarse path, blocks (~1.6 mm each). */
const CORRIDOR_BLOCKS = 2;

/**
 * One leg of the box-free search: a coarse search on ~1.6 mm blocks (each as cheap as its cheapest
 * voxel) gives a corridor, the full-resolution search runs inside it, and on the whole volume only
 * when the corridor holds no path. Null when no lumen path exists under the cap.
 */
function corridorSearch(volume: Volume, lazy: LazyCost, a: readonly number[], b: readonly number[], cap: number): SparsePathResult | null {
  const [nx, ny] = volume.dimensions;
  const bd = lazy.blockDims;
  const blin = (i: number, j: number, k: number): number => i + j * bd[0] + k * bd[0] * bd[1];
  const toBlock = (p: readonly number[]): number => lazy.blockOf(p[0]!, p[1]!, p[2]!);
  const coarse = sparseMinimalPath({ dims: bd, spacingMm: lazy.blockSpacingMm, costAt: lazy.blockCostAt, minCostPerMm: lazy.minCostPerMm, maxCost: cap }, toBlock(a), toBlock(b));
  if (coarse.indices.length === 0 && !coarse.exhausted) return null;
  const lin = (p: readonly number[]): number => p[0]! + p[1]! * nx + p[2]! * nx * ny;
  const base = { dims: volume.dimensions, spacingMm: volume.spacingMm, minCostPerMm: lazy.minCostPerMm, maxCost: cap };
  if (coarse.indices.length > 0) {
    const inside = new Uint8Array(bd[0] * bd[1] * bd[2]);
    const R = CORRIDOR_BLOCKS;
    for (const id of coarse.indices) {
      const bi = id % bd[0], bj = ((id / bd[0]) | 0) % bd[1], bk = (id / (bd[0] * bd[1])) | 0;
      for (let k = Math.max(0, bk - R); k <= Math.min(bd[2] - 1, bk + R); k++)
        for (let j = Math.max(0, bj - R); j <= Math.min(bd[1] - 1, bj + R); j++)
          for (let i = Math.max(0, bi - R); i <= Math.min(bd[0] - 1, bi + R); i++) inside[blin(i, j, k)] = 1;
    }
    const costAt = (idx: number, i: number, j: number, k: number): number => (inside[lazy.blockOf(i, j, k)] ? lazy.costAt(idx, i, j, k) : Infinity);
    const fine = sparseMinimalPath({ ...base, costAt }, lin(a), lin(b));
    if (fine.indices.length > 0) return fine;
  }
  // the whole-volume search floods every chamber within the cap before it fails: first the cheaper proof that it would
  if (provedNoPath({ ...base, costAt: lazy.costAt }, lin(a), lin(b))) return null;
  const full = sparseMinimalPath({ ...base, costAt: lazy.costAt }, lin(a), lin(b));
  return full.indices.length > 0 ? full : null;
}

/**
 * Lumen path of one leg through the lazy cost (null when none under the cap: about its length through lumen
 * plus `gapMm` without one).
 */
export function lumenLeg(volume: Volume, lazy: LazyCost, a: readonly number[], b: readonly number[], gapMm = 3): Leg | null {
  const [nx, ny] = volume.dimensions;
  const la = voxelLps(volume, a[0]! + a[1]! * nx + a[2]! * nx * ny), lb = voxelLps(volume, b[0]! + b[1]! * nx + b[2]! * nx * ny);
  const cap = 4 * Math.hypot(la[0] - lb[0], la[1] - lb[1], la[2] - lb[2]) + gapMm / LAZY_EPS;
  // the leg's ends are in a lumen (a seed passed the seed check; a stump end was tracked in lumen): their own voxels
  // cost a lumen's, whatever surrounds them (an ostium seed on the aortic wall stands on no ridge: the aorta's blurred
  // wall is around it)
  const ia = a[0]! + a[1]! * nx + a[2]! * nx * ny, ib = b[0]! + b[1]! * nx + b[2]! * nx * ny;
  const costAt = (idx: number, i: number, j: number, k: number): number => (idx === ia || idx === ib ? lazy.minCostPerMm : lazy.costAt(idx, i, j, k));
  const res = corridorSearch(volume, { ...lazy, costAt }, a, b, cap);
  if (!res || res.indices.length === 0) return null;
  return { points: Array.from(res.indices, (v) => voxelLps(volume, v)), costs: Array.from(res.pathCost), settled: res.settled };
}

/**
 * A leg whose lumen is interrupted and not bridged (no stumps found): the box-free search allowing up to
 * MAX_GAP_MM without a lumen, on the gap cost (`gap`, default) where a chamber costs what no lumen costs —
 * with the plain cost (chamber 30× a lumen's) a detour through a chamber is cheaper than a long gap.
 */
export function legAcrossGap(volume: Volume, levels: LumenLevels, a: readonly number[], b: readonly number[], gap = true, maxGapMm = MAX_GAP_MM): Leg | null {
  return lumenLeg(volume, lazyLumenCost(volume, levels, gap), a, b, maxGapMm);
}

/** Cost of a leg on `lazy` (step × mean of its ends' voxel costs, each point at its nearest voxel). */
export function legCostOn(volume: Volume, lazy: LazyCost, leg: Leg): number {
  const [nx, ny, nz] = volume.dimensions;
  const aff = ijkAffine(volume), o = new Float64Array(3);
  const costs = leg.points.map((p) => {
    pointToIjk(aff, p[0], p[1], p[2], o, 0);
    const i = Math.min(nx - 2, Math.max(1, Math.round(o[0]!))), j = Math.min(ny - 2, Math.max(1, Math.round(o[1]!))), k = Math.min(nz - 2, Math.max(1, Math.round(o[2]!)));
    return lazy.costAt(i + j * nx + k * nx * ny, i, j, k);
  });
  let total = 0;
  for (let m = 1; m < leg.points.length; m++) {
    const p = leg.points[m]!, q = leg.points[m - 1]!;
    total += 0.5 * (costs[m]! + costs[m - 1]!) * Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
  }
  return total;
}

/** the gap search replaces the bridge when it costs less than this fraction of it (see crossGap) */
const BRIDGE_MARGIN = 0.5;

/**
 * A leg without a lumen path: the occlusion bridge (stumps joined along their directions) or the search across
 * the gap on the gap cost; null when neither exists. The bridge joins the lumens tracked from the seeds where they
 * come closest: it skips any lumen between them (a stretch between two tight lesions) and may leave from a side
 * branch's tip, its curve then crossing fat or myocardium. The search, which follows lumen and the occluded
 * vessel's soft tissue, is taken when it costs less than half the bridge on that cost: a bridge that skips lumen
 * or leaves from a branch runs through fat or myocardium (several times the occluded vessel's cost per mm), while
 * across one occlusion both cross the same tissue and the bridge, continuing the stumps' directions, stays.
 */
export function crossGap(volume: Volume, levels: LumenLevels, a: readonly number[], b: readonly number[]): Leg | null {
  const bridge = bridgedLeg(volume, a, b, (lz, p, r) => lumenLeg(volume, lz, p, r), levels.tubeContrastHu);
  if (!bridge) return legAcrossGap(volume, levels, a, b);
  const gapLazy = lazyLumenCost(volume, levels, true, true);
  const bridgeCost = legCostOn(volume, gapLazy, bridge);
  const cap = BRIDGE_MARGIN * bridgeCost;
  const across = lumenLeg(volume, gapLazy, a, b, Math.min(MAX_GAP_MM, cap * LAZY_EPS));
  return across && legCostOn(volume, gapLazy, across) < cap ? across : bridge;
}
