/**
 * Region of interest and path cost for the centreline: a padded box around the seeds, HU lightly
 * smoothed ([1 2 1]/4 per axis), and a cost per mm from a lumen likelihood whose levels come from
 * the seeds' neighbourhood (never from generator parameters). Calcium (HU well above the lumen)
 * costs as much as tissue so the path keeps to the lumen beside it.
 */
import type { Lps, Volume } from '../volume/volume.ts';
import { VesselError } from './errors.ts';
import type { PathGrid } from './min-path.ts';

export interface Roi {
  /** first volume voxel of the ROI interior (the grid has one wall voxel before it) */
  readonly start: readonly [number, number, number];
  /** grid dimensions including the one-voxel wall on each side */
  readonly dims: readonly [number, number, number];
  /** volume voxels per grid voxel along each axis (1, or 2+ for large boxes: block maxima) */
  readonly step: number;
}

/** Boxes above this many voxels are searched on a coarser grid (memory and time stay bounded). */
export const MAX_ROI_VOXELS = 12_000_000;

export interface LumenLevels {
  /** lowest seed lumen estimate, HU (distal vessels look darker) */
  readonly lowHu: number;
  /** highest seed lumen estimate, HU */
  readonly highHu: number;
  /** per-seed estimates, HU */
  readonly seedsHu: readonly number[];
  /**
   * the dimmest seed's lumen above the ridge floor of its surroundings (tube-contrast.ts), HU: the scale of the path
   * cost's tube likelihood (lowHu when absent). A lumen as dim as the myocardium still stands its whole contrast above
   * the fat around it; the myocardium near its face stands only noise above its own level.
   */
  readonly tubeContrastHu?: number;
}

/** Minimal lumen HU a seed must show to count as inside a contrast-filled vessel. */
export const MIN_SEED_LUMEN_HU = 110;

/** Padded box around all seeds (continuous ijk), clamped to the volume. */
export function roiAroundSeeds(volume: Volume, seedsIjk: readonly (readonly number[])[], padMm: number, maxVoxels = MAX_ROI_VOXELS): Roi {
  const start: number[] = [], extent: number[] = [];
  for (let a = 0; a < 3; a++) {
    const vals = seedsIjk.map((s) => s[a]!);
    const padVox = Math.ceil(padMm / volume.spacingMm[a]!);
    const lo = Math.max(0, Math.floor(Math.min(...vals)) - padVox);
    const hi = Math.min(volume.dimensions[a]! - 1, Math.ceil(Math.max(...vals)) + padVox);
    start.push(lo);
    extent.push(hi - lo + 1);
  }
  let step = 1;
  while (extent.reduce((p, e) => p * Math.ceil(e / step), 1) > maxVoxels) step++;
  const dims = extent.map((e) => Math.ceil(e / step) + 2);
  return { start: start as [number, number, number], dims: dims as [number, number, number], step };
}

/** Grid spacing, mm. */
export function roiSpacingMm(volume: Volume, roi: Roi): [number, number, number] {
  return [volume.spacingMm[0] * roi.step, volume.spacingMm[1] * roi.step, volume.spacingMm[2] * roi.step];
}

/** Smoothed HU of the ROI (grid layout, walls set to NaN). */
export function smoothedRoiHu(volume: Volume, roi: Roi): Float32Array {
  const [gx, gy, gz] = roi.dims;
  const [nx, ny, nz] = volume.dimensions;
  const [i0, j0, k0] = roi.start;
  const n = gx * gy * gz;
  const a = new Float32Array(n);
  const b = new Float32Array(n);
  const vox = volume.voxels;
  const cl = (v: number, m: number): number => (v < 0 ? 0 : v >= m ? m - 1 : v);
  // copy (block maxima when step > 1) with clamped borders (the walls get values too; their cost is
  // overwritten later)
  const st = roi.step;
  for (let k = 0; k < gz; k++) {
    for (let j = 0; j < gy; j++) {
      const dst = k * gx * gy + j * gx;
      for (let i = 0; i < gx; i++) {
        // block maximum: a thin bright vessel stays visible on the coarse grid
        let acc = -Infinity;
        for (let dk = 0; dk < st; dk++) {
          const vk = cl(k0 + (k - 1) * st + dk, nz);
          for (let dj = 0; dj < st; dj++) {
            const row = vk * nx * ny + cl(j0 + (j - 1) * st + dj, ny) * nx;
            for (let di = 0; di < st; di++) { const v = vox[row + cl(i0 + (i - 1) * st + di, nx)]!; if (v > acc) acc = v; }
          }
        }
        a[dst + i] = acc;
      }
    }
  }
  if (st > 1) { a.copyWithin(0, 0); return a; } // block maxima are smooth enough; keep thin vessels bright
  // separable [1 2 1]/4, edge samples repeated
  for (let k = 0; k < gz; k++)
    for (let j = 0; j < gy; j++) {
      const row = k * gx * gy + j * gx;
      b[row] = 0.75 * a[row]! + 0.25 * a[row + 1]!;
      for (let i = 1; i < gx - 1; i++) b[row + i] = 0.25 * (a[row + i - 1]! + a[row + i + 1]!) + 0.5 * a[row + i]!;
      b[row + gx - 1] = 0.75 * a[row + gx - 1]! + 0.25 * a[row + gx - 2]!;
    }
  const sxy = gx * gy;
  for (let k = 0; k < gz; k++)
    for (let j = 0; j < gy; j++) {
      const row = k * sxy + j * gx;
      const lo = j > 0 ? row - gx : row, hi = j < gy - 1 ? row + gx : row;
      for (let i = 0; i < gx; i++) a[row + i] = 0.25 * (b[lo + i]! + b[hi + i]!) + 0.5 * b[row + i]!;
    }
  for (let k = 0; k < gz; k++) {
    const pl = k * sxy, lo = k > 0 ? pl - sxy : pl, hi = k < gz - 1 ? pl + sxy : pl;
    for (let i = 0; i < sxy; i++) b[pl + i] = 0.25 * (a[lo + i]! + a[hi + i]!) + 0.5 * a[pl + i]!;
  }
  return b;
}

/** Lumen HU near a seed: the 95th percentile of smoothed HU within `radiusMm`. */
export function seedLumenHu(volume: Volume, roi: Roi, smooth: Float32Array, seedIjk: readonly number[], radiusMm: number): number {
  const [gx, gy, gz] = roi.dims;
  const [sx, sy, sz] = roiSpacingMm(volume, roi);
  const h = (roi.step - 1) / 2;
  const gi = (seedIjk[0]! - roi.start[0] - h) / roi.step + 1, gj = (seedIjk[1]! - roi.start[1] - h) / roi.step + 1, gk = (seedIjk[2]! - roi.start[2] - h) / roi.step + 1;
  const vals: number[] = [];
  const ri = Math.ceil(radiusMm / sx), rj = Math.ceil(radiusMm / sy), rk = Math.ceil(radiusMm / sz);
  for (let k = Math.round(gk) - rk; k <= Math.round(gk) + rk; k++)
    for (let j = Math.round(gj) - rj; j <= Math.round(gj) + rj; j++)
      for (let i = Math.round(gi) - ri; i <= Math.round(gi) + ri; i++) {
        if (i < 1 || j < 1 || k < 1 || i > gx - 2 || j > gy - 2 || k > gz - 2) continue;
        if (Math.hypot((i - gi) * sx, (j - gj) * sy, (k - gk) * sz) > radiusMm) continue;
        vals.push(smooth[i + j * gx + k * gx * gy]!);
      }
  if (vals.length === 0) return -Infinity;
  vals.sort((p, q) => p - q);
  return vals[Math.min(vals.length - 1, Math.floor(0.95 * vals.length))]!;
}

export function lumenLevels(volume: Volume, roi: Roi, smooth: Float32Array, seedsIjk: readonly (readonly number[])[], seedsLps: readonly Lps[]): LumenLevels {
  const seedsHu = seedsIjk.map((s) => seedLumenHu(volume, roi, smooth, s, 1.5));
  seedsHu.forEach((hu, q) => {
    if (!Number.isFinite(hu)) {
      const p = seedsLps[q]!.map((x) => x.toFixed(1)).join(',');
      throw new VesselError('seed-not-in-vessel', `point ${p} is not in a contrast-filled vessel (brightest nearby ${Math.round(hu)} HU, needs ≥ ${MIN_SEED_LUMEN_HU})`);
    }
  });
  return { lowHu: Math.min(...seedsHu), highHu: Math.max(...seedsHu), seedsHu };
}

/** A thin distal vessel may look faint: it passes when ≥ this fraction of the brightest seed (and ≥ MIN). */
export const MIN_SEED_FRACTION = 0.25;
/** the brightest seed is in a contrast-filled lumen: at least this bright (iodine-filled blood, HU) */
export const MIN_BRIGHTEST_SEED_HU = 200;

/**
 * Every seed must be in a contrast-filled lumen: the brightest ≥ MIN_BRIGHTEST_SEED_HU, each ≥ max(MIN, 25 % of
 * it). `contrastsHu` (per seed, its HU above the median of its surroundings, tube-contrast.ts): a lumen narrower
 * than the blur is dimmed below those levels, yet stands as far above the fat and wall around it — it passes on
 * that contrast (flat tissue, the myocardium or a plaque-filled occlusion beside brighter lumen, does not).
 */
export function checkSeedLevels(levels: LumenLevels, seedsLps: readonly Lps[], contrastsHu: readonly number[] = []): void {
  const above = (q: number, floor: number): boolean => levels.seedsHu[q]! >= floor || contrastsHu[q]! >= floor;
  const top = levels.seedsHu.indexOf(levels.highHu);
  levels.seedsHu.forEach((hu, q) => {
    const ok = hu >= MIN_SEED_FRACTION * levels.highHu && above(q, MIN_SEED_LUMEN_HU) && above(top, MIN_BRIGHTEST_SEED_HU);
    if (!ok) {
      const need = Math.max(MIN_SEED_LUMEN_HU, MIN_SEED_FRACTION * levels.highHu, q === top ? MIN_BRIGHTEST_SEED_HU : 0);
      const p = seedsLps[q]!.map((x) => x.toFixed(1)).join(',');
      throw new VesselError('seed-not-in-vessel', `point ${p} is not in a contrast-filled vessel (brightest nearby ${Math.round(hu)} HU, needs ≥ ${Math.round(need)})`);
    }
  });
}

const CHAMBER_COST_FACTOR = 30;

/** Mean over a (2r+1)³ box (clamped at the borders), by running sums along each axis. */
export function boxMean(src: Float32Array, dims: readonly [number, number, number], r: readonly [number, number, number]): Float32Array {
  const [gx, gy, gz] = dims;
  let a = Float32Array.from(src);
  let b = new Float32Array(src.length);
  const strides = [1, gx, gx * gy], lens = [gx, gy, gz];
  for (let ax = 0; ax < 3; ax++) {
    const st = strides[ax]!, len = lens[ax]!, rr = r[ax]!;
    const lines = src.length / len;
    const line = new Float64Array(len + 1);
    for (let l = 0; l < lines; l++) {
      // base index of line l along axis ax
      let base: number;
      if (ax === 0) base = l * gx;
      else if (ax === 1) base = (l % gx) + Math.floor(l / gx) * gx * gy;
      else base = l;
      line[0] = 0;
      for (let m = 0; m < len; m++) line[m + 1] = line[m]! + a[base + m * st]!;
      for (let m = 0; m < len; m++) {
        const lo = Math.max(0, m - rr), hi = Math.min(len - 1, m + rr);
        b[base + m * st] = (line[hi + 1]! - line[lo]!) / (hi - lo + 1);
      }
    }
    [a, b] = [b, a];
  }
  return a;
}

/** The plain lumen-likelihood cost per mm of a smoothed HU value (no chamber rule), as `buildPathGrid` has it. */
export function lumenCostOfHu(levels: LumenLevels): (hu: number) => number {
  const t0 = Math.max(0.3 * levels.lowHu, 0.35 * levels.highHu), t1 = Math.max(0.75 * levels.lowHu, 0.7 * levels.highHu);
  const c1 = levels.highHu + Math.max(100, 0.25 * levels.highHu), c2 = c1 + 200;
  return (v) => {
    const f = v <= t0 ? 0 : v < t1 ? (v - t0) / (t1 - t0) : v <= c1 ? 1 : v < c2 ? (c2 - v) / (c2 - c1) : 0;
    return 1 / (f * f + 1e-3);
  };
}

/**
 * `gap`: the cost for crossing a stretch without a lumen path (occlusion, a lumen below the blur): a chamber
 * or great vessel is no coronary lumen and costs what no lumen costs, so the path crosses the gap instead of
 * detouring through a chamber (whose contrast would otherwise make any detour cheaper than the gap).
 */
export function buildPathGrid(volume: Volume, roi: Roi, smooth: Float32Array, levels: LumenLevels, gap = false): PathGrid {
  const [gx, gy, gz] = roi.dims;
  const n = gx * gy * gz;
  const cost = new Float32Array(n);
  // tissue (myocardium ≤ ~150 HU) must stay expensive even when the distal seed is faint
  const t0 = Math.max(0.3 * levels.lowHu, 0.35 * levels.highHu), t1 = Math.max(0.75 * levels.lowHu, 0.7 * levels.highHu);
  const c1 = levels.highHu + Math.max(100, 0.25 * levels.highHu), c2 = c1 + 200;
  const eps = 1e-3;
  for (let idx = 0; idx < n; idx++) {
    const v = smooth[idx]!;
    let f: number;
    if (v <= t0) f = 0;
    else if (v < t1) f = (v - t0) / (t1 - t0);
    else if (v <= c1) f = 1;
    else if (v < c2) f = (c2 - v) / (c2 - c1);
    else f = 0;
    cost[idx] = 1 / (f * f + eps);
  }
  // chambers and great vessels: bright over a whole 8 mm cube (no coronary lumen is) — 30× dearer, so
  // the search neither wanders through the aorta from an ostium nor leaks through a chamber
  const big = boxMean(smooth, roi.dims, roiSpacingMm(volume, roi).map((sp) => Math.max(1, Math.round(4 / sp))) as [number, number, number]);
  const chamberHu = 0.7 * levels.highHu;
  const noLumen = 1 / eps;
  for (let idx = 0; idx < n; idx++) if (big[idx]! > chamberHu) cost[idx] = gap ? noLumen : cost[idx]! * CHAMBER_COST_FACTOR;
  const sxy = gx * gy;
  for (let k = 0; k < gz; k++)
    for (let j = 0; j < gy; j++) {
      const row = k * sxy + j * gx;
      if (k === 0 || j === 0 || k === gz - 1 || j === gy - 1) cost.fill(Infinity, row, row + gx);
      else { cost[row] = Infinity; cost[row + gx - 1] = Infinity; }
    }
  return { dims: roi.dims, spacingMm: roiSpacingMm(volume, roi), cost, minCostPerMm: 1 / (1 + eps) };
}
