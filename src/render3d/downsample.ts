/**
 * A coarser copy of a CT volume built slice by slice (block means): the 3D view renders and measures on it, and
 * the page can hand it the slices a few at a time so no main-thread task holds the whole volume. Pure, no DOM.
 */
import type { Volume, VolumeGeometry, Vec3 } from '../volume/volume.ts';

export interface Downsampler {
  /** geometry of the coarse volume (origin at the centre of its first block) */
  readonly geometry: VolumeGeometry;
  /** fine voxels per coarse voxel along i, j, k */
  readonly factor: readonly [number, number, number];
  /** adds fine slice k (nx·ny HU values, row-major i fastest); slices may come in any order, each once */
  addSlice(k: number, hu: ArrayLike<number>): void;
  /** fine slices added so far */
  readonly slicesAdded: number;
  /**
   * The coarse volume (blocks whose slices never came are air, −1000 HU): block means for measuring, or block
   * maxima for display (a vessel thinner than a block keeps its peak instead of fading into the fat around it).
   */
  result(kind?: 'mean' | 'max'): Volume;
}

/** Fine voxels per coarse voxel along each axis so a coarse voxel is about `targetMm` wide (never finer than the image). */
export function downsampleFactor(spacingMm: readonly [number, number, number], targetMm: number): [number, number, number] {
  return spacingMm.map((s) => Math.max(1, Math.round(targetMm / s))) as [number, number, number];
}

export function createDownsampler(fine: VolumeGeometry, factor: readonly [number, number, number]): Downsampler {
  const [nx, ny, nz] = fine.dimensions;
  const [fx, fy, fz] = factor;
  const dims: [number, number, number] = [Math.ceil(nx / fx), Math.ceil(ny / fy), Math.ceil(nz / fz)];
  const [cx, cy] = dims;
  const spacingMm: [number, number, number] = [fine.spacingMm[0] * fx, fine.spacingMm[1] * fy, fine.spacingMm[2] * fz];
  // the centre of the first block, (f − 1)/2 fine voxels from the first fine centre along each axis
  const shift = [(fx - 1) / 2 * fine.spacingMm[0], (fy - 1) / 2 * fine.spacingMm[1], (fz - 1) / 2 * fine.spacingMm[2]];
  const d = fine.directions;
  const o = fine.originLps;
  const originLps: Vec3 = [0, 1, 2].map((a) => o[a]! + shift[0]! * d[0][a]! + shift[1]! * d[1][a]! + shift[2]! * d[2][a]!) as unknown as Vec3;
  const geometry: VolumeGeometry = { dimensions: dims, spacingMm, originLps, directions: fine.directions };
  const sum = new Float32Array(dims[0] * dims[1] * dims[2]);
  const count = new Uint16Array(sum.length);
  const max = new Int16Array(sum.length).fill(-32768);
  const ci = Int32Array.from({ length: nx }, (_, i) => Math.floor(i / fx));
  let added = 0;
  return {
    geometry,
    factor: [fx, fy, fz],
    get slicesAdded() { return added; },
    addSlice(k, hu) {
      if (k < 0 || k >= nz) throw new Error(`downsample: slice ${k} outside [0, ${nz - 1}]`);
      if (hu.length !== nx * ny) throw new Error(`downsample: slice ${k} has ${hu.length} values, expected ${nx * ny}`);
      const plane = Math.floor(k / fz) * cx * cy;
      for (let j = 0; j < ny; j++) {
        const base = plane + Math.floor(j / fy) * cx;
        const row = j * nx;
        for (let i = 0; i < nx; i++) {
          const c = base + ci[i]!, h = hu[row + i]!;
          sum[c] = sum[c]! + h;
          count[c] = count[c]! + 1;
          if (h > max[c]!) max[c] = h;
        }
      }
      added++;
    },
    result(kind = 'mean') {
      const voxels = new Int16Array(sum.length);
      if (kind === 'max') for (let c = 0; c < sum.length; c++) voxels[c] = count[c]! ? max[c]! : -1000;
      else for (let c = 0; c < sum.length; c++) voxels[c] = count[c]! ? Math.round(sum[c]! / count[c]!) : -1000;
      return { ...geometry, voxels };
    },
  };
}
