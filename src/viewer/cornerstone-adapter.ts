/**
 * Every place the viewer reaches past Cornerstone3D's public API, in one file. Each function names the member it
 * relies on and why; tests/unit/viewer/cornerstone-adapter.test.ts checks that the installed Cornerstone is the
 * version these were written against and that each member is still in its sources, so an upgrade fails there
 * first instead of somewhere in the page.
 */
import { getWebWorkerManager, type Types } from '@cornerstonejs/core';

/** The Cornerstone3D version (core, tools, dicom-image-loader) these workarounds were written and checked against. */
export const CORNERSTONE_VERSION = '5.14.0';

/**
 * The streaming volume renders every viewport on it after each slice (`autoRenderOnLoad`); the viewer throttles
 * its own renders while streaming (software GL renders are costly).
 */
export function disableAutoRenderOnLoad(volume: Types.IImageVolume): void {
  (volume as unknown as { autoRenderOnLoad: boolean }).autoRenderOnLoad = false;
}

/**
 * Decode the middle slices first so the first image (the middle axial slice) appears early: the volume's
 * `getImageLoadRequests` is replaced by one handing its own `getImageIdsRequests` the slices from the middle out.
 * The loader queues requests in reverse order (FIFO pool), so the list is handed over reversed.
 */
export function loadFromMiddle(volume: Types.IImageVolume): void {
  const v = volume as unknown as {
    getImageIdsRequests?: (ids: string[], priority: number) => unknown[];
    getImageLoadRequests?: (priority: number) => unknown[];
    imageIds: string[];
  };
  const base = v.getImageIdsRequests?.bind(v);
  if (!base || !v.getImageLoadRequests) return;
  v.getImageLoadRequests = (priority: number) => {
    const n = v.imageIds.length;
    const mid = Math.floor(n / 2);
    const order: string[] = [];
    for (let d = 0; order.length < n; d++) {
      if (mid + d < n) order.push(v.imageIds[mid + d]!);
      if (d > 0 && mid - d >= 0) order.push(v.imageIds[mid - d]!);
    }
    return base(order, priority).reverse();
  };
}

/** All the voxels of a volume as one array (the voxel manager's `getCompleteScalarDataArray`). */
export function completeScalarData(volume: Types.IImageVolume): ArrayLike<number> {
  return (volume.voxelManager as unknown as { getCompleteScalarDataArray(): ArrayLike<number> }).getCompleteScalarDataArray();
}

/**
 * A stack viewport built while CPU rendering was switched on keeps `useCPURendering`; it must also answer
 * `getUseCustomRenderingPipeline()` with true, or the rendering engine sends it down the WebGL path. Throws
 * when the viewport was not built on the CPU path.
 */
export function keepOnCpuPath(viewport: Types.IViewport, viewportId: string): void {
  const v = viewport as unknown as { getUseCustomRenderingPipeline(): boolean; useCPURendering: boolean };
  if (!v.useCPURendering) throw new Error(`image panel ${viewportId}: the viewport was not built on the CPU path`);
  v.getUseCustomRenderingPipeline = () => true;
}

/** New pixels written into a CPU stack viewport's image: its cached canvas must be drawn again (`cpuRenderingInvalidated`). */
export function invalidateCpuImage(viewport: Types.IStackViewport): void {
  (viewport as unknown as { cpuRenderingInvalidated: boolean }).cpuRenderingInvalidated = true;
}

/** New pixels written into a WebGL stack viewport's scalars: its vtkImageData must be marked modified to upload them. */
export function markImageDataModified(viewport: Types.IStackViewport): void {
  (viewport.getImageData() as unknown as { imageData: { modified(): void } }).imageData.modified();
}

/** A worker's entry in the web worker manager's registry (read, and re-registered through its own API). */
export interface WorkerRegistration {
  workerFn: () => Worker;
  instances: unknown[];
  nativeWorkers: (Worker | null)[];
}

/** The web worker manager with its registry and request pool, which its public types do not show. */
export interface WorkerManagerInternals {
  workerRegistry: Record<string, WorkerRegistration | undefined>;
  /** its request pool: a call to a dead worker never returns and keeps its slot (5 for prefetch) */
  workerPoolManager?: { numRequests: Record<string, number>; startGrabbing(): void };
  registerWorker(name: string, fn: () => Worker, o: { maxWorkerInstances: number; overwrite: boolean }): void;
  terminate(name: string): void;
}

export function workerManagerInternals(): WorkerManagerInternals {
  return getWebWorkerManager() as unknown as WorkerManagerInternals;
}
