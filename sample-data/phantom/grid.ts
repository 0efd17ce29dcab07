// Sampling grid of a rendered volume (geometry of src/volume/volume.ts) and ROI cropping.
import type { VolumeGeometry } from '../../src/volume/volume';

export type Dirs = [[number, number, number], [number, number, number], [number, number, number]];

export interface Grid {
  dims: [number, number, number];
  spacing: [number, number, number];
  origin: [number, number, number];
  dirs: Dirs;
}

export const IDENTITY: Dirs = [[1, 0, 0], [0, 1, 0], [0, 0, 1]];

export function isAxialIdentity(g: Grid): boolean {
  const d = g.dirs;
  return d[0][0] === 1 && d[0][1] === 0 && d[0][2] === 0 && d[1][0] === 0 && d[1][1] === 1 && d[1][2] === 0 &&
    d[2][0] === 0 && d[2][1] === 0 && d[2][2] === 1;
}

export function gridToGeometry(g: Grid): VolumeGeometry {
  return { dimensions: g.dims, spacingMm: g.spacing, originLps: g.origin, directions: g.dirs };
}

/** LPS of voxel centre (i, j, k). */
export function voxelLps(g: Grid, i: number, j: number, k: number): [number, number, number] {
  const [a, b, c] = g.dirs;
  const [sx, sy, sz] = g.spacing;
  return [
    g.origin[0] + i * sx * a[0] + j * sy * b[0] + k * sz * c[0],
    g.origin[1] + i * sx * a[1] + j * sy * b[1] + k * sz * c[1],
    g.origin[2] + i * sx * a[2] + j * sy * b[2] + k * sz * c[2],
  ];
}

/** Continuous index of an LPS point (orthonormal directions). */
export function lpsIndex(g: Grid, p: readonly number[]): [number, number, number] {
  const d0 = p[0]! - g.origin[0];
  const d1 = p[1]! - g.origin[1];
  const d2 = p[2]! - g.origin[2];
  const [a, b, c] = g.dirs;
  return [
    (d0 * a[0] + d1 * a[1] + d2 * a[2]) / g.spacing[0],
    (d0 * b[0] + d1 * b[1] + d2 * b[2]) / g.spacing[1],
    (d0 * c[0] + d1 * c[1] + d2 * c[2]) / g.spacing[2],
  ];
}

/** Sub-grid of voxels whose centres lie in the LPS box (same spacing/directions). */
export function cropGrid(g: Grid, min: readonly number[], max: readonly number[]): Grid {
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  for (let c = 0; c < 8; c++) {
    const p = [c & 1 ? max[0]! : min[0]!, c & 2 ? max[1]! : min[1]!, c & 4 ? max[2]! : min[2]!];
    const ijk = lpsIndex(g, p);
    for (let a = 0; a < 3; a++) {
      lo[a] = Math.min(lo[a]!, ijk[a]!);
      hi[a] = Math.max(hi[a]!, ijk[a]!);
    }
  }
  const i0 = lo.map((v) => Math.max(0, Math.ceil(v - 1e-9)));
  const i1 = hi.map((v, a) => Math.min(g.dims[a as 0 | 1 | 2] - 1, Math.floor(v + 1e-9)));
  const dims = [0, 1, 2].map((a) => i1[a]! - i0[a]! + 1) as [number, number, number];
  if (dims.some((n) => n <= 0)) throw new Error(`roiLps box [${min.join(',')}]–[${max.join(',')}] lies outside the volume`);
  return { dims, spacing: g.spacing, origin: voxelLps(g, i0[0]!, i0[1]!, i0[2]!), dirs: g.dirs };
}
