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
}

export interface LumenLevels {
  /** lowest seed lumen estimate, HU (distal vessels look darker) */
  readonly lowHu: number;
  /** highest seed lumen estimate, HU */
  readonly highHu: number;
  /** per-seed estimates, HU */
  readonly seedsHu: readonly number[];
}

/** Minimal lumen HU a seed must show to count as inside a contrast-filled vessel. */
export const MIN_SEED_LUMEN_HU = 150;

/** Padded box around all seeds (continuous ijk), clamped to the volume. */
export function roiAroundSeeds(volume: Volume, seedsIjk: readonly (readonly number[])[], padMm: number): Roi {
  const start: number[] = [], dims: number[] = [];
  for (let a = 0; a < 3; a++) {
    const vals = seedsIjk.map((s) => s[a]!);
    const padVox = Math.ceil(padMm / volume.spacingMm[a]!);
    const lo = Math.max(0, Math.floor(Math.min(...vals)) - padVox);
    const hi = Math.min(volume.dimensions[a]! - 1, Math.ceil(Math.max(...vals)) + padVox);
    start.push(lo);
    dims.push(hi - lo + 1 + 2);
  }
  return { start: start as [number, number, number], dims: dims as [number, number, number] };
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
  // copy with clamped borders (the walls get values too, overwritten at the end)
  for (let k = 0; k < gz; k++) {
    const vk = cl(k0 + k - 1, nz);
    for (let j = 0; j < gy; j++) {
      const vj = cl(j0 + j - 1, ny);
      const src = vk * nx * ny + vj * nx;
      const dst = k * gx * gy + j * gx;
      for (let i = 0; i < gx; i++) a[dst + i] = vox[src + cl(i0 + i - 1, nx)]!;
    }
  }
  const pass = (src: Float32Array, dst: Float32Array, stride: number, len: number, axisOf: (idx: number) => number): void => {
    for (let idx = 0; idx < n; idx++) {
      const c = axisOf(idx);
      const lo = c > 0 ? src[idx - stride]! : src[idx]!;
      const hi = c < len - 1 ? src[idx + stride]! : src[idx]!;
      dst[idx] = 0.25 * lo + 0.5 * src[idx]! + 0.25 * hi;
    }
  };
  pass(a, b, 1, gx, (idx) => idx % gx);
  pass(b, a, gx, gy, (idx) => ((idx / gx) | 0) % gy);
  pass(a, b, gx * gy, gz, (idx) => (idx / (gx * gy)) | 0);
  return b;
}

/** Lumen HU near a seed: the 95th percentile of smoothed HU within `radiusMm`. */
export function seedLumenHu(volume: Volume, roi: Roi, smooth: Float32Array, seedIjk: readonly number[], radiusMm: number): number {
  const [gx, gy, gz] = roi.dims;
  const [sx, sy, sz] = volume.spacingMm;
  const gi = seedIjk[0]! - roi.start[0] + 1, gj = seedIjk[1]! - roi.start[1] + 1, gk = seedIjk[2]! - roi.start[2] + 1;
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
    if (!(hu >= MIN_SEED_LUMEN_HU)) {
      const p = seedsLps[q]!.map((x) => x.toFixed(1)).join(',');
      throw new VesselError('seed-not-in-vessel', `point ${p} is not in a contrast-filled vessel (brightest nearby ${Math.round(hu)} HU, needs ≥ ${MIN_SEED_LUMEN_HU})`);
    }
  });
  return { lowHu: Math.min(...seedsHu), highHu: Math.max(...seedsHu), seedsHu };
}

/** Cost per mm: ≈1 in the lumen, ≈1000 in tissue and in calcium; walls (grid border) = Infinity. */
export function buildPathGrid(volume: Volume, roi: Roi, smooth: Float32Array, levels: LumenLevels): PathGrid {
  const [gx, gy, gz] = roi.dims;
  const n = gx * gy * gz;
  const cost = new Float32Array(n);
  const t0 = 0.3 * levels.lowHu, t1 = 0.75 * levels.lowHu;
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
  for (let k = 0; k < gz; k++)
    for (let j = 0; j < gy; j++)
      for (let i = 0; i < gx; i++)
        if (i === 0 || j === 0 || k === 0 || i === gx - 1 || j === gy - 1 || k === gz - 1) cost[i + j * gx + k * gx * gy] = Infinity;
  return { dims: roi.dims, spacingMm: volume.spacingMm, cost, minCostPerMm: 1 / (1 + eps) };
}
