// The 3D view's worker entry fed as the page feeds it (slices in chunks): a volume with no contrast-filled
// aorta (a bright block in air, 0.4 mm voxels) still renders, whole, with the fallback levels, and says so.
import { describe, expect, it } from 'vitest';
import { createView3dWorkerApi } from '../../../src/render3d/worker-api.ts';

describe('3D view worker api', () => {
  it('without an aorta: the whole coarse volume, heartFound false, an image with the block lit', () => {
    const api = createView3dWorkerApi();
    const n = 64;
    api.begin({ dimensions: [n, n, n], spacingMm: [0.4, 0.4, 0.4], originLps: [0, 0, 0], directions: [[1, 0, 0], [0, 1, 0], [0, 0, 1]] });
    expect(() => api.finish()).not.toThrow(); // an empty (all air) volume is still a volume
    api.begin({ dimensions: [n, n, n], spacingMm: [0.4, 0.4, 0.4], originLps: [0, 0, 0], directions: [[1, 0, 0], [0, 1, 0], [0, 0, 1]] });
    for (let k0 = 0; k0 < n; k0 += 16) {
      const hu = new Int16Array(16 * n * n).fill(-1000);
      for (let s = 0; s < 16; s++) for (let j = 24; j < 40; j++) for (let i = 24; i < 40; i++) if (k0 + s >= 24 && k0 + s < 40) hu[s * n * n + j * n + i] = 800;
      api.addSlices(k0, 16, hu);
    }
    const scene = api.finish();
    expect(scene.heartFound).toBe(false);
    // 0.4 mm voxels in blocks of 2: 32³ coarse voxels
    expect(scene.voxelCount).toBe(32 ** 3);
    const img = api.render({ camera: { azimuthDeg: 30, elevationDeg: 20, zoom: 1, centreLps: scene.centreLps, fovMm: scene.fovMm }, widthPx: 50, heightPx: 50, mode: 'vr', stepMm: 0.8 });
    const r = (x: number, y: number) => img.rgba[(y * 50 + x) * 4]!;
    expect(r(25, 25)).toBeGreaterThan(100);
    expect(r(2, 2)).toBe(0);
  });
  it('refuses calls out of order with a precise message', () => {
    const api = createView3dWorkerApi();
    expect(() => api.addSlices(0, 1, new Int16Array(4))).toThrow(/addSlices before begin/);
    expect(() => api.finish()).toThrow(/finish before begin/);
    expect(() => api.render({ camera: { azimuthDeg: 0, elevationDeg: 0, zoom: 1, centreLps: [0, 0, 0], fovMm: 10 }, widthPx: 4, heightPx: 4, mode: 'vr', stepMm: 1 })).toThrow(/render before finish/);
  });
});
