/**
 * The volume model shared by ingest, kernels, vessel analysis and the viewer.
 * Pure TypeScript: no DOM, no Cornerstone.
 *
 * Conventions (DICOM patient space, LPS, millimetres):
 * - voxel index (i, j, k) = (column, row, slice); linear index = i + j·nx + k·nx·ny.
 * - `originLps` is the centre of voxel (0, 0, 0).
 * - `directions` holds three unit vectors in LPS: the +i axis (DICOM row direction),
 *   the +j axis (DICOM column direction) and the +k axis (slice stacking direction).
 * - `spacingMm` = [along i, along j, along k].
 * - P_lps = origin + i·sx·dirI + j·sy·dirJ + k·sz·dirK.
 */

/** A point in patient space (LPS), millimetres. */
export type Lps = readonly [number, number, number] & { readonly __unit?: 'lps-mm' };
/** A continuous voxel index (i = column, j = row, k = slice). */
export type Ijk = readonly [number, number, number] & { readonly __unit?: 'ijk-voxel' };
export type Vec3 = readonly [number, number, number];

export interface VolumeGeometry {
  /** [columns (nx), rows (ny), slices (nz)] */
  readonly dimensions: readonly [number, number, number];
  /** voxel spacing along i, j, k in mm */
  readonly spacingMm: readonly [number, number, number];
  /** LPS position of the centre of voxel (0,0,0), mm */
  readonly originLps: Lps;
  /** unit vectors of the +i, +j, +k axes in LPS */
  readonly directions: readonly [Vec3, Vec3, Vec3];
}

export interface Volume extends VolumeGeometry {
  /** Hounsfield units, linear index i + j·nx + k·nx·ny. */
  readonly voxels: Int16Array;
}

export function voxelCount(g: VolumeGeometry): number {
  return g.dimensions[0] * g.dimensions[1] * g.dimensions[2];
}

/** Continuous voxel index → LPS mm. */
export function ijkToLps(g: VolumeGeometry, ijk: Ijk): Lps {
  const [i, j, k] = ijk;
  const [sx, sy, sz] = g.spacingMm;
  const [a, b, c] = g.directions;
  const o = g.originLps;
  return [
    o[0] + i * sx * a[0] + j * sy * b[0] + k * sz * c[0],
    o[1] + i * sx * a[1] + j * sy * b[1] + k * sz * c[1],
    o[2] + i * sx * a[2] + j * sy * b[2] + k * sz * c[2],
  ];
}

/**
 * LPS mm → continuous voxel index. Exact for orthogonal direction cosines
 * (every CT volume this project builds: sheared stacks are resampled or refused).
 */
export function lpsToIjk(g: VolumeGeometry, p: Lps): Ijk {
  const d0 = p[0] - g.originLps[0];
  const d1 = p[1] - g.originLps[1];
  const d2 = p[2] - g.originLps[2];
  const [a, b, c] = g.directions;
  const [sx, sy, sz] = g.spacingMm;
  return [
    (d0 * a[0] + d1 * a[1] + d2 * a[2]) / sx,
    (d0 * b[0] + d1 * b[1] + d2 * b[2]) / sy,
    (d0 * c[0] + d1 * c[1] + d2 * c[2]) / sz,
  ];
}

/** True when a continuous index lies inside the sampled grid (voxel centres 0..n-1). */
export function insideIjk(g: VolumeGeometry, ijk: Ijk): boolean {
  const [nx, ny, nz] = g.dimensions;
  return ijk[0] >= 0 && ijk[1] >= 0 && ijk[2] >= 0 && ijk[0] <= nx - 1 && ijk[1] <= ny - 1 && ijk[2] <= nz - 1;
}
