/**
 * The loaded Cornerstone volume as a src/volume Volume for the compute pool and the vessel worker, with one
 * copy of the voxels: slice by slice from the cached images into an Int16Array we own. On a
 * cross-origin-isolated page that array is a view on a shared WebAssembly.Memory (`wasmBacking`): the vessel
 * worker receives it without a copy and runs the WASM ray sampler on it in place.
 */
import { cache, type Types } from '@cornerstonejs/core';
import type { Vec3 } from '../../volume/volume.ts';
import { createWasmMemory, wasmAlloc } from '../../compute/wasm-engine.ts';
import type { BackedVolume, WasmBacking } from '../../vessel/worker-api.ts';
import { completeScalarData } from '../cornerstone-adapter.ts';

/** The voxel array: in a shared wasm memory when the page may share memory, else a plain Int16Array. */
function allocateVoxels(count: number): { voxels: Int16Array; backing?: WasmBacking } {
  const shared = typeof SharedArrayBuffer !== 'undefined' && (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  if (!shared) return { voxels: new Int16Array(count) };
  // room for the voxels plus the ray sampler's scratch (the memory grows in place if it needs more)
  const memory = createWasmMemory(true, count * 2 + (8 << 20));
  const offset = wasmAlloc(memory, count * 2 + 16);
  return { voxels: new Int16Array(memory.buffer, offset, count), backing: { memory, offset } };
}

export function volumeFromCornerstone(cs: Types.IImageVolume): BackedVolume {
  const [nx, ny, nz] = cs.dimensions;
  const slice = nx * ny;
  const { voxels, backing } = allocateVoxels(slice * nz);
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
    const all = completeScalarData(cs);
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
    ...(backing ? { wasmBacking: backing } : {}),
  };
}
