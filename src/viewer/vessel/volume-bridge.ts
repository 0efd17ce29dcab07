/**
 * The loaded Cornerstone volume as a src/volume Volume for the compute pool and the vessel worker, with one
 * copy of the voxels: slice by slice from the cached images into an Int16Array we own, backed by a
 * SharedArrayBuffer when the page is cross-origin isolated (the vessel worker then reads it without a copy).
 */
import { cache, type Types } from '@cornerstonejs/core';
import type { Volume, Vec3 } from '../../volume/volume.ts';

export function volumeFromCornerstone(cs: Types.IImageVolume): Volume {
  const [nx, ny, nz] = cs.dimensions;
  const slice = nx * ny;
  const shared = typeof SharedArrayBuffer !== 'undefined' && (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  const voxels = shared ? new Int16Array(new SharedArrayBuffer(slice * nz * 2)) : new Int16Array(slice * nz);
  let filled = 0;
  cs.imageIds.forEach((imageId, k) => {
    const img = cache.getImage(imageId) as (Types.IImage & { voxelManager?: { getScalarData(): ArrayLike<number> } }) | undefined;
    const data = img?.voxelManager?.getScalarData();
    if (data && data.length === slice && k < nz) {
      voxels.set(data as unknown as ArrayLike<number>, k * slice);
      filled++;
    }
  });
  if (filled !== nz) {
    const all = (cs.voxelManager as unknown as { getCompleteScalarDataArray(): ArrayLike<number> }).getCompleteScalarDataArray();
    if (all.length !== voxels.length) throw new Error(`volume ${cs.volumeId}: ${all.length} voxels, expected ${voxels.length}`);
    voxels.set(all);
  }
  const d = cs.direction;
  const dirs: [Vec3, Vec3, Vec3] = [[d[0], d[1], d[2]], [d[3], d[4], d[5]], [d[6], d[7], d[8]]];
  return {
    dimensions: [nx, ny, nz],
    spacingMm: [cs.spacing[0], cs.spacing[1], cs.spacing[2]],
    originLps: [cs.origin[0], cs.origin[1], cs.origin[2]],
    directions: dirs,
    voxels,
  };
}
