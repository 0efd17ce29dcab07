/**
 * How much of a series the page can hold, decided from its headers before a byte is decoded (pure: the caller
 * reads the device's figures). A series that would not fit is refused with the figure and the limit, or opened
 * with one slice in `step` when the user asks for it.
 */

/** What the browser says about the device (Chromium: navigator.deviceMemory, performance.memory). */
export interface DeviceMemory {
  /** navigator.deviceMemory: GB of RAM, rounded down to a power of two and capped at 8 by the browser */
  readonly deviceMemoryGb?: number | undefined;
  /** performance.memory.jsHeapSizeLimit: bytes the tab's JavaScript heap may reach */
  readonly jsHeapSizeLimitBytes?: number | undefined;
}

export type BudgetSource = 'device-memory' | 'heap-limit' | 'default';

export interface MemoryBudget {
  readonly bytes: number;
  readonly source: BudgetSource;
  /** the figure the budget comes from (GB of device memory, or heap bytes) */
  readonly fromValue: number;
}

const GIB = 1024 ** 3;
/** Device memory assumed when the browser reports none (Firefox, Safari): a common 4 GB laptop or tablet. */
export const DEFAULT_DEVICE_MEMORY_GB = 4;
/** Share of the device's memory one tab may take: the system, the browser and the GPU hold the rest. */
export const DEVICE_MEMORY_SHARE = 0.5;
/**
 * Bytes the app holds per voxel of an open series besides its files: Cornerstone's decoded slices (Int16, 2),
 * the volume texture (2; in RAM under software GL), the vessel worker's Int16 copy (2) and the compute pool's
 * copy (2).
 */
export const BYTES_PER_VOXEL = 8;
/** The vessel worker's Int16 copy lives in a 32-bit WebAssembly memory (4 GiB) beside its scratch space. */
export const MAX_VOXELS = 2 ** 30;

export function memoryBudget(d: DeviceMemory): MemoryBudget {
  const gb = d.deviceMemoryGb;
  if (gb !== undefined && Number.isFinite(gb) && gb > 0) return { bytes: gb * GIB * DEVICE_MEMORY_SHARE, source: 'device-memory', fromValue: gb };
  const heap = d.jsHeapSizeLimitBytes;
  if (heap !== undefined && Number.isFinite(heap) && heap > 0) return { bytes: heap, source: 'heap-limit', fromValue: heap };
  return { bytes: DEFAULT_DEVICE_MEMORY_GB * GIB * DEVICE_MEMORY_SHARE, source: 'default', fromValue: DEFAULT_DEVICE_MEMORY_GB };
}

/** A series as its headers describe it. `fileBytes`: the bytes of its files (kept while it is open). */
export interface SeriesSize {
  readonly rows: number;
  readonly columns: number;
  readonly slices: number;
  readonly fileBytes: number;
}

/** Bytes an open series takes: its voxels in every copy the app holds, plus its files. */
export function seriesFootprintBytes(s: SeriesSize): number {
  return s.rows * s.columns * s.slices * BYTES_PER_VOXEL + s.fileBytes;
}

export type SizeVerdict =
  | { readonly fits: true; readonly needBytes: number; readonly budget: MemoryBudget }
  | {
      readonly fits: false;
      readonly needBytes: number;
      readonly budget: MemoryBudget;
      /** keep one slice in `step` to fit (undefined when even two slices would not fit) */
      readonly step: number | undefined;
      /** slices and bytes with one slice in `step` */
      readonly decimatedSlices: number | undefined;
      readonly decimatedBytes: number | undefined;
    };

/** Slices kept by `decimate(list, step)`. */
export const decimatedCount = (slices: number, step: number): number => Math.ceil(slices / step);

export function checkSeriesSize(s: SeriesSize, budget: MemoryBudget): SizeVerdict {
  const needBytes = seriesFootprintBytes(s);
  const voxels = s.rows * s.columns * s.slices;
  if (needBytes <= budget.bytes && voxels <= MAX_VOXELS) return { fits: true, needBytes, budget };
  const sliceBytes = seriesFootprintBytes({ ...s, slices: 1, fileBytes: s.fileBytes / Math.max(1, s.slices) });
  const sliceVoxels = s.rows * s.columns;
  const maxSlices = Math.min(Math.floor(budget.bytes / sliceBytes), Math.floor(MAX_VOXELS / sliceVoxels));
  if (maxSlices < 2) return { fits: false, needBytes, budget, step: undefined, decimatedSlices: undefined, decimatedBytes: undefined };
  let step = Math.max(2, Math.ceil(s.slices / maxSlices));
  while (decimatedCount(s.slices, step) > maxSlices) step++;
  const kept = decimatedCount(s.slices, step);
  return { fits: false, needBytes, budget, step, decimatedSlices: kept, decimatedBytes: kept * sliceBytes };
}

/** One item in `step`, from the first (slices sorted along the normal: the kept ones stay evenly spaced). */
export function decimate<T>(list: readonly T[], step: number): T[] {
  return list.filter((_, i) => i % step === 0);
}

/** Total size of files before reading them: refused when their bytes alone pass the budget. */
export function filesFit(totalBytes: number, budget: MemoryBudget): boolean {
  return totalBytes <= budget.bytes;
}
