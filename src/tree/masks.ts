/**
 * The chambers and great vessels as one "big structure" mask on a coarse (~1 mm) grid: a morphological opening
 * of the contrast-bright voxels with a ball larger than any coronary, so what stays bright outside it is thin
 * (the coronaries, and whatever else is thin and bright). Pure, no DOM.
 */
import type { Volume } from '../volume/volume.ts';
import { squaredEdt } from './edt.ts';

/**
 * Ball radius of the opening, mm: above the widest normal coronary (left main 5.1 ± 0.7 mm on CT, so a radius
 * ≤ 3.3 mm at 2 SD) and far below the aorta and the chambers (≥ 10 mm).
 */
export const OPENING_RADIUS_MM = 4;
/** The opened mask grows by this much (mm) so the blocky coarse border and noise bumps on a chamber's edge stay out of the thin voxels. */
export const OPENING_MARGIN_MM = 1;

export interface CoarseGrid {
  readonly dims: [number, number, number];
  /** fine voxels per coarse voxel along i, j, k */
  readonly factor: [number, number, number];
  readonly spacingMm: [number, number, number];
}

export interface BigMask {
  readonly grid: CoarseGrid;
  /** 1 where a chamber, the aorta or a great vessel is (coarse grid) */
  readonly big: Uint8Array;
}

export function coarseGrid(volume: Volume, targetMm = 1): CoarseGrid {
  const factor = volume.spacingMm.map((s) => Math.max(1, Math.round(targetMm / s))) as [number, number, number];
  const dims = volume.dimensions.map((n, a) => Math.ceil(n / factor[a]!)) as [number, number, number];
  const spacingMm = volume.spacingMm.map((s, a) => s * factor[a]!) as [number, number, number];
  return { dims, factor, spacingMm };
}

/**
 * Block means of the volume on the coarse grid, HU. The sums are integers far below 2^31 (at most a few dozen
 * int16 voxels a block), so any order of summation gives the same exact sum.
 */
export function blockMeans(volume: Volume, g: CoarseGrid): Float32Array {
  const [nx, ny, nz] = volume.dimensions;
  const [cx, cy, cz] = g.dims;
  const [fx, fy, fz] = g.factor;
  const sum = new Int32Array(cx * cy * cz);
  const v = volume.voxels;
  for (let k = 0; k < nz; k++) {
    const ck = Math.floor(k / fz) * cx * cy;
    for (let j = 0; j < ny; j++) {
      const base = ck + Math.floor(j / fy) * cx;
      const row = (k * ny + j) * nx;
      for (let c = 0, i = 0; c < cx; c++) {
        const end = Math.min(nx, i + fx);
        let s = 0;
        for (; i < end; i++) s += v[row + i]!;
        sum[base + c] = sum[base + c]! + s;
      }
    }
  }
  const out = new Float32Array(sum.length);
  for (let ck = 0; ck < cz; ck++) {
    const nk = Math.min(fz, nz - ck * fz);
    for (let cj = 0; cj < cy; cj++) {
      const nj = Math.min(fy, ny - cj * fy);
      for (let ci = 0; ci < cx; ci++) {
        const c = ci + cx * (cj + cy * ck);
        out[c] = sum[c]! / Math.max(1, Math.min(fx, nx - ci * fx) * nj * nk);
      }
    }
  }
  return out;
}

/** Opening of (block mean ≥ thresholdHu) with a ball of OPENING_RADIUS_MM, grown by OPENING_MARGIN_MM. */
export function bigStructureMask(volume: Volume, thresholdHu: number, means?: Float32Array, grid?: CoarseGrid): BigMask {
  const g = grid ?? coarseGrid(volume);
  const m = means ?? blockMeans(volume, g);
  const d = new Float32Array(m.length);
  for (let c = 0; c < m.length; c++) d[c] = m[c]! >= thresholdHu ? Infinity : 0;
  squaredEdt(d, g.dims, g.spacingMm);
  const r2 = OPENING_RADIUS_MM * OPENING_RADIUS_MM;
  for (let c = 0; c < d.length; c++) d[c] = d[c]! >= r2 ? 0 : Infinity;
  squaredEdt(d, g.dims, g.spacingMm);
  const grow = (OPENING_RADIUS_MM + OPENING_MARGIN_MM) ** 2;
  const big = new Uint8Array(m.length);
  for (let c = 0; c < d.length; c++) big[c] = d[c]! <= grow ? 1 : 0;
  return { grid: g, big };
}

/** Coarse index of fine voxel (i, j, k). */
export function coarseIndex(g: CoarseGrid, i: number, j: number, k: number): number {
  return Math.floor(i / g.factor[0]) + g.dims[0] * (Math.floor(j / g.factor[1]) + g.dims[1] * Math.floor(k / g.factor[2]));
}
