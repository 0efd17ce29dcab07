// The memory check before a series is decoded: budgets from the device's figures, the footprint of a series from
// its headers, refusal of one that does not fit (e.g. 4,000 slices of 512²) and the decimation offered instead.
// Figures hand-computed below from the documented constants (8 bytes per voxel plus the files, half the device).
import { describe, expect, it } from 'vitest';
import { BYTES_PER_VOXEL, checkSeriesSize, decimate, DEFAULT_DEVICE_MEMORY_GB, filesFit, memoryBudget, seriesFootprintBytes } from '../../../src/volume/memory-budget.ts';

const GIB = 1024 ** 3;

describe('memory budget', () => {
  it('takes half the reported device memory, else the heap limit, else half the documented default', () => {
    expect(memoryBudget({ deviceMemoryGb: 8, jsHeapSizeLimitBytes: 1e9 })).toEqual({ bytes: 4 * GIB, source: 'device-memory', fromValue: 8 });
    expect(memoryBudget({ jsHeapSizeLimitBytes: 2_172_649_472 })).toEqual({ bytes: 2_172_649_472, source: 'heap-limit', fromValue: 2_172_649_472 });
    expect(memoryBudget({})).toEqual({ bytes: (DEFAULT_DEVICE_MEMORY_GB / 2) * GIB, source: 'default', fromValue: DEFAULT_DEVICE_MEMORY_GB });
    expect(memoryBudget({ deviceMemoryGb: NaN, jsHeapSizeLimitBytes: 0 }).source).toBe('default');
  });

  it('refuses 4,000 slices of 512² on an 8 GB device and offers one slice in 3', () => {
    expect(BYTES_PER_VOXEL).toBe(8);
    const size = { rows: 512, columns: 512, slices: 4000, fileBytes: 4000 * 525_000 };
    // 512·512·4000 = 1,048,576,000 voxels · 8 B = 8,388,608,000 B, + 2,100,000,000 B of files
    expect(seriesFootprintBytes(size)).toBe(10_488_608_000);
    const v = checkSeriesSize(size, memoryBudget({ deviceMemoryGb: 8 }));
    expect(v.fits).toBe(false);
    if (v.fits) return;
    expect(v.budget.bytes).toBe(4_294_967_296);
    // one slice: 262,144 · 8 + 525,000 = 2,622,152 B; 4 GiB holds 1,637 of them; ⌈4000/1637⌉ = 3 → 1,334 slices
    expect(v.step).toBe(3);
    expect(v.decimatedSlices).toBe(1334);
    expect(v.decimatedBytes).toBe(1334 * 2_622_152);
  });

  it('lets a coronary CT of 281 slices of 512² through on the default budget', () => {
    const v = checkSeriesSize({ rows: 512, columns: 512, slices: 281, fileBytes: 281 * 525_000 }, memoryBudget({}));
    expect(v.fits).toBe(true);
    expect(v.needBytes).toBe(281 * 2_622_152);
  });

  it('refuses past 2^30 voxels whatever the memory, and offers nothing when two slices would not fit', () => {
    const huge = checkSeriesSize({ rows: 2048, columns: 2048, slices: 300, fileBytes: 0 }, { bytes: 1e15, source: 'heap-limit', fromValue: 1e15 });
    expect(huge.fits).toBe(false);
    if (!huge.fits) expect(huge.step).toBe(2); // 2^30 / 2048² = 256 slices at most: ⌈300/256⌉ = 2 → 150
    const tiny = checkSeriesSize({ rows: 512, columns: 512, slices: 10, fileBytes: 0 }, { bytes: 3e6, source: 'default', fromValue: 4 });
    expect(tiny.fits).toBe(false);
    if (!tiny.fits) expect(tiny.step).toBeUndefined();
  });

  it('decimates evenly from the first slice and checks a folder from its size alone', () => {
    expect(decimate([0, 1, 2, 3, 4, 5, 6], 3)).toEqual([0, 3, 6]);
    const b = memoryBudget({ deviceMemoryGb: 4 });
    expect(filesFit(2 * GIB, b)).toBe(true);
    expect(filesFit(2 * GIB + 1, b)).toBe(false);
  });
});
