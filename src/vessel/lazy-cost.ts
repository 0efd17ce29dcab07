/**
 * The centreline's lumen-likelihood cost (cost.ts `buildPathGrid`) computed voxel by voxel on demand,
 * for the box-free search (sparse-path.ts): HU smoothed [1 2 1]/4 per axis (27 reads), the same
 * piecewise lumen likelihood, and the chamber rule (bright over a whole ~8 mm cube → 30× dearer) read
 * from a lazily filled grid of ~1.6 mm blocks (block means, then a flag per block from the 5³ blocks
 * around it). Nothing of volume size is allocated but one byte per block.
 */
import type { Volume } from '../volume/volume.ts';
import type { LumenLevels } from './cost.ts';
import { interiorIndexOf, ridgeFloorOf, shellOffsets, smoothedHuAtIndex, tubeLikelihood } from './tube-contrast.ts';

export const LAZY_EPS = 1e-3;
const CHAMBER_COST_FACTOR = 30;
/**
 * The rim of a chamber (within ~4 mm of its wall: the cube is not mostly bright, so the chamber rule
 * misses it) would be a cheap highway around the whole heart for the coarse search: dearer there too,
 * but far less than a chamber so that a coronary running beside one stays cheaper than the chamber.
 */
const RIM_FRACTION = 0.4;
const RIM_COST_FACTOR = 5;

export interface LazyCost {
  readonly costAt: (idx: number, i: number, j: number, k: number) => number;
  readonly minCostPerMm: number;
  /** the same on a grid of blocks (coarse search): a block costs what its cheapest voxel costs */
  readonly blockCostAt: (bidx: number, bi: number, bj: number, bk: number) => number;
  readonly blockDims: readonly [number, number, number];
  readonly blockSpacingMm: readonly [number, number, number];
  /** block linear index of voxel (i, j, k) */
  readonly blockOf: (i: number, j: number, k: number) => number;
}

/** The chamber rule on a lazily filled grid of blocks: `b` voxels per block, `bd` blocks per axis. */
interface ChamberBlocks {
  readonly b: readonly [number, number, number];
  readonly bd: readonly [number, number, number];
  /** 0: clear, 1: chamber rim (≥ RIM_FRACTION of the ~8 mm cube bright), 2: chamber or great vessel */
  readonly chamber: (i: number, j: number, k: number) => number;
}

/** Chamber blocks of ~1.6 mm; a block's flag comes from the mean over 5 blocks (≈ 8 mm) per axis around it,
 *  chamber above 0.7 × highHu, rim where enough of that cube is brighter than `brightHu`. */
function chamberBlocks(volume: Volume, levels: LumenLevels, brightHu: number): ChamberBlocks {
  const [nx, ny, nz] = volume.dimensions;
  const nxy = nx * ny;
  const vox = volume.voxels;
  const b = volume.spacingMm.map((sp) => Math.max(1, Math.round(1.6 / sp))) as [number, number, number];
  const bd = [Math.ceil(nx / b[0]), Math.ceil(ny / b[1]), Math.ceil(nz / b[2])] as const;
  const nb = bd[0] * bd[1] * bd[2];
  const blockMean = new Float32Array(nb).fill(NaN);
  const blockBright = new Float32Array(nb);
  const flag = new Int8Array(nb).fill(-1);
  const chamberHu = 0.7 * levels.highHu;
  const meanOf = (bi: number, bj: number, bk: number): number => {
    const id = bi + bj * bd[0] + bk * bd[0] * bd[1];
    let m = blockMean[id]!;
    if (m === m) return m;
    let acc = 0, cnt = 0, bright = 0;
    for (let k = bk * b[2]; k < Math.min(nz, (bk + 1) * b[2]); k++)
      for (let j = bj * b[1]; j < Math.min(ny, (bj + 1) * b[1]); j++) {
        const row = k * nxy + j * nx;
        for (let i = bi * b[0]; i < Math.min(nx, (bi + 1) * b[0]); i++) { const v = vox[row + i]!; acc += v; cnt++; if (v > brightHu) bright++; }
      }
    m = acc / cnt;
    blockMean[id] = m;
    blockBright[id] = bright / cnt;
    return m;
  };
  const chamber = (i: number, j: number, k: number): number => {
    const bi = (i / b[0]) | 0, bj = (j / b[1]) | 0, bk = (k / b[2]) | 0;
    const id = bi + bj * bd[0] + bk * bd[0] * bd[1];
    const f = flag[id]!;
    if (f >= 0) return f;
    let acc = 0, cnt = 0, fr = 0;
    for (let dk = -2; dk <= 2; dk++) {
      const kk = Math.min(bd[2] - 1, Math.max(0, bk + dk));
      for (let dj = -2; dj <= 2; dj++) {
        const jj = Math.min(bd[1] - 1, Math.max(0, bj + dj));
        for (let di = -2; di <= 2; di++) {
          const ii = Math.min(bd[0] - 1, Math.max(0, bi + di));
          acc += meanOf(ii, jj, kk); fr += blockBright[ii + jj * bd[0] + kk * bd[0] * bd[1]]!; cnt++;
        }
      }
    }
    const on = acc / cnt > chamberHu ? 2 : fr / cnt > RIM_FRACTION ? 1 : 0;
    flag[id] = on;
    return on;
  };
  return { b, bd, chamber };
}

/**
 * In the ~8 mm cube of a chamber block (the cube rule flags only centres ≥ ~2 mm inside a chamber's wall; the
 * union of their cubes is the chamber up to and just beyond its blurred wall, not a coronary ≥ 3 mm outside it),
 * per block, lazily: for the gap cost.
 */
function nearChamberOf(cb: ChamberBlocks): (i: number, j: number, k: number) => boolean {
  const { b, bd, chamber } = cb;
  const near = new Int8Array(bd[0] * bd[1] * bd[2]).fill(-1);
  return (i, j, k) => {
    const bi = (i / b[0]) | 0, bj = (j / b[1]) | 0, bk = (k / b[2]) | 0;
    const id = bi + bj * bd[0] + bk * bd[0] * bd[1];
    if (near[id]! >= 0) return near[id] === 1;
    let on = 0;
    for (let dk = -2; dk <= 2 && !on; dk++) for (let dj = -2; dj <= 2 && !on; dj++) for (let di = -2; di <= 2 && !on; di++) {
      const ii = bi + di, jj = bj + dj, kk = bk + dk;
      if (ii >= 0 && jj >= 0 && kk >= 0 && ii < bd[0] && jj < bd[1] && kk < bd[2] && chamber(ii * b[0], jj * b[1], kk * b[2]) === 2) on = 1;
    }
    near[id] = on;
    return on === 1;
  };
}

/** fat, HU: no occluded coronary is filled with it (plaque, thrombus and wall are soft tissue, ≥ ~0 HU) */
const FAT_HU = -30;
/** soft tissue over the fat around it: half the step from fat (≈ −100 HU) to plaque or wall (≈ 20–90 HU) */
const SOFT_STEP_HU = 60;
/**
 * cost per mm, across a gap, of a lumen-less voxel of the occluded vessel (a soft-tissue tube in fat): a tenth of
 * no lumen's, so that the gap search follows the occluded vessel rather than a short cut through fat or myocardium
 */
export const OCCLUDED_COST = 0.1 / LAZY_EPS;

/** A voxel's cost (memoised) and a cheap lower bound of it (its HU level alone, without the tube likelihood). */
interface VoxelCost {
  readonly cost: (idx: number, i: number, j: number, k: number) => number;
  readonly lowerBound: (idx: number) => number;
}

/** Lumen-likelihood cost of an interior voxel, without the chamber rule: HU smoothed [1 2 1]/4 per axis, a
 *  likelihood rising from t0 to t1, flat to c1, falling to c2 (calcium), times the tube likelihood of its
 *  contrast over its surroundings (tube-contrast.ts: the myocardium is as bright as a dim lumen, not a tube). */
function voxelCostOf(volume: Volume, t0: number, t1: number, c1: number, c2: number, lumenContrastHu: number, occluded: boolean): VoxelCost {
  const [nx, ny] = volume.dimensions;
  const nxy = nx * ny;
  const slope = 1 / (t1 - t0), caSlope = 1 / (c2 - c1);
  const smoothedAt = smoothedHuAtIndex(volume);
  // the ridge floor on smoothed HU, each shell point smoothed once (neighbouring voxels share most of their shells)
  const interior = interiorIndexOf(volume);
  const shellMemo = new PagedMemo(nxy * volume.dimensions[2]);
  const smoothedShell = (i: number, j: number, k: number): number => {
    const idx = interior(i, j, k);
    const m = shellMemo.get(idx);
    if (m === m) return m;
    const v = smoothedAt(idx);
    shellMemo.set(idx, v);
    return v;
  };
  const ridgeFloor = ridgeFloorOf(volume, shellOffsets(volume.spacingMm), t1, smoothedShell);
  const levelLikelihood = (v: number): number => (v <= t0 ? 0 : v < t1 ? (v - t0) * slope : v <= c1 ? 1 : v < c2 ? (c2 - v) * caSlope : 0);
  const compute = (idx: number, i: number, j: number, k: number): number => {
    const v = smoothedAt(idx);
    let f = levelLikelihood(v);
    // the floor is needed down to where the tube likelihood (or the occluded tube's step) is reached, no lower
    const stop = v - (occluded ? Math.max(0.5 * lumenContrastHu, SOFT_STEP_HU) : 0.5 * lumenContrastHu);
    const shell = f > 0 ? ridgeFloor(i, j, k, stop) : NaN;
    if (f > 0) f *= tubeLikelihood(v - shell, lumenContrastHu);
    const cost = 1 / (f * f + LAZY_EPS);
    // across a gap: the occluded vessel, soft tissue standing above the fat around it
    if (occluded && cost > OCCLUDED_COST && v > FAT_HU && v - (f > 0 ? shell : ridgeFloor(i, j, k, stop)) >= SOFT_STEP_HU) return OCCLUDED_COST;
    return cost;
  };
  // each voxel's cost once: the coarse search's blocks, the corridor search and the whole-volume search read the same voxels
  const memo = new PagedMemo(nxy * volume.dimensions[2]);
  const cost = (idx: number, i: number, j: number, k: number): number => {
    const m = memo.get(idx);
    if (m === m) return m;
    const c = compute(idx, i, j, k);
    memo.set(idx, c);
    return c;
  };
  // the tube likelihood is at most 1: the cost is at least the level's alone (rounding is monotonic)
  const lowerBound = (idx: number): number => {
    const m = memo.get(idx);
    if (m === m) return m;
    const f = levelLikelihood(smoothedAt(idx));
    const c = 1 / (f * f + LAZY_EPS);
    return occluded && c > OCCLUDED_COST ? OCCLUDED_COST : c;
  };
  return { cost, lowerBound };
}

const MEMO_PAGE_BITS = 12;

/** Voxel → value store (NaN until set) in pages of 4096 consecutive voxels allocated when first written. */
class PagedMemo {
  private readonly pages: (Float64Array | null)[];
  constructor(voxels: number) { this.pages = new Array<Float64Array | null>((voxels >>> MEMO_PAGE_BITS) + 1).fill(null); }
  get(idx: number): number { const p = this.pages[idx >>> MEMO_PAGE_BITS]; return p ? p[idx & ((1 << MEMO_PAGE_BITS) - 1)]! : NaN; }
  set(idx: number, value: number): void {
    let p = this.pages[idx >>> MEMO_PAGE_BITS];
    if (!p) { p = new Float64Array(1 << MEMO_PAGE_BITS).fill(NaN); this.pages[idx >>> MEMO_PAGE_BITS] = p; }
    p[idx & ((1 << MEMO_PAGE_BITS) - 1)] = value;
  }
}

/**
 * `gap`: the cost for crossing a stretch without a lumen path: a chamber or great vessel, up to its wall, costs
 * what no lumen costs (cost.ts `buildPathGrid`), so no detour through one is cheaper than the gap itself.
 * `occluded` (with `gap`): the occluded vessel's soft tissue costs OCCLUDED_COST (the search weighed against a bridge).
 */
export function lazyLumenCost(volume: Volume, levels: LumenLevels, gap = false, occluded = false): LazyCost {
  const [nx, ny, nz] = volume.dimensions;
  const nxy = nx * ny;
  const t0 = Math.max(0.3 * levels.lowHu, 0.35 * levels.highHu), t1 = Math.max(0.75 * levels.lowHu, 0.7 * levels.highHu);
  const c1 = levels.highHu + Math.max(100, 0.25 * levels.highHu), c2 = c1 + 200;
  const cb = chamberBlocks(volume, levels, 0.5 * (t0 + t1));
  const { b, bd, chamber } = cb;
  const nearChamber = gap ? nearChamberOf(cb) : null;
  const noLumen = 1 / LAZY_EPS;
  const { cost: voxelCost, lowerBound } = voxelCostOf(volume, t0, t1, c1, c2, levels.tubeContrastHu ?? levels.lowHu, gap && occluded);
  const minCostPerMm = 1 / (1 + LAZY_EPS);
  const factor = (ch: number): number => (ch === 0 ? 1 : ch === 2 ? CHAMBER_COST_FACTOR : RIM_COST_FACTOR);
  // interior voxel (the search treats the border as walls): no clamping. The rim rule is for the coarse
  // search only (it keeps the corridor search small); inside the corridor a lumen beside a chamber
  // costs what it costs anywhere, so the path is not pushed off the chamber side.
  const costAt = nearChamber
    ? (idx: number, i: number, j: number, k: number): number => (nearChamber(i, j, k) ? noLumen : voxelCost(idx, i, j, k))
    : (idx: number, i: number, j: number, k: number): number => (chamber(i, j, k) === 2 ? voxelCost(idx, i, j, k) * CHAMBER_COST_FACTOR : voxelCost(idx, i, j, k));
  /**
   * cost of a block: its cheapest interior voxel's (a thin lumen stays visible on the coarse grid); a voxel whose
   * lower bound is no cheaper than the best so far is not costed, and a lumen voxel (the least any voxel costs) ends it
   */
  const blockCostAt = (_bidx: number, bi: number, bj: number, bk: number): number => {
    if (nearChamber?.(bi * b[0], bj * b[1], bk * b[2])) return noLumen;
    let best = Infinity;
    for (let k = Math.max(1, bk * b[2]); k < Math.min(nz - 1, (bk + 1) * b[2]) && best > minCostPerMm; k++)
      for (let j = Math.max(1, bj * b[1]); j < Math.min(ny - 1, (bj + 1) * b[1]) && best > minCostPerMm; j++) {
        const row = k * nxy + j * nx;
        for (let i = Math.max(1, bi * b[0]); i < Math.min(nx - 1, (bi + 1) * b[0]) && best > minCostPerMm; i++) {
          if (lowerBound(row + i) >= best) continue;
          const c = voxelCost(row + i, i, j, k);
          if (c < best) best = c;
        }
      }
    return best * factor(chamber(bi * b[0], bj * b[1], bk * b[2]));
  };
  const blockOf = (i: number, j: number, k: number): number => ((i / b[0]) | 0) + ((j / b[1]) | 0) * bd[0] + ((k / b[2]) | 0) * bd[0] * bd[1];
  return { costAt, minCostPerMm, blockCostAt, blockDims: bd, blockSpacingMm: [b[0] * volume.spacingMm[0], b[1] * volume.spacingMm[1], b[2] * volume.spacingMm[2]], blockOf };
}
