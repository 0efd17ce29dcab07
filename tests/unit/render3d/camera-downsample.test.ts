// The 3D view's coarse copy (block means and maxima on a hand-made volume) and its camera (LPS: +x patient
// left, +y posterior, +z head; image pixels from the top-left corner).
import { describe, expect, it } from 'vitest';
import { createDownsampler, downsampleFactor } from '../../../src/render3d/downsample.ts';
import { cameraBasis, dragCamera, projectLps, type Camera3d } from '../../../src/render3d/camera.ts';
import type { VolumeGeometry } from '../../../src/volume/volume.ts';

describe('downsampler', () => {
  const fine: VolumeGeometry = { dimensions: [4, 2, 3], spacingMm: [0.4, 0.4, 0.5], originLps: [10, 20, 30], directions: [[1, 0, 0], [0, 1, 0], [0, 0, 1]] };
  it('averages and takes the maxima of 2 × 2 × 2 blocks, the last partial block of an odd axis alone', () => {
    const ds = createDownsampler(fine, [2, 2, 2]);
    // slice k holds value i + 10·j + 100·k
    for (const k of [2, 0, 1]) ds.addSlice(k, Array.from({ length: 8 }, (_, q) => (q % 4) + 10 * Math.floor(q / 4) + 100 * k));
    const mean = ds.result('mean'), max = ds.result('max');
    expect(mean.dimensions).toEqual([2, 1, 2]);
    expect(mean.spacingMm).toEqual([0.8, 0.8, 1]);
    // block centre: half a fine step further along each axis
    expect(mean.originLps[0]).toBeCloseTo(10.2, 9);
    expect(mean.originLps[1]).toBeCloseTo(20.2, 9);
    expect(mean.originLps[2]).toBeCloseTo(30.25, 9);
    // block (0,0,0): i 0..1, j 0..1, k 0..1 → mean of 0.5 + 5 + 50 = 55.5 → 56 (rounded), max 1 + 10 + 100
    expect(Array.from(mean.voxels)).toEqual([56, 58, 206, 208]);
    expect(Array.from(max.voxels)).toEqual([111, 113, 211, 213]);
    expect(ds.slicesAdded).toBe(3);
  });
  it('refuses a slice of the wrong size or index', () => {
    const ds = createDownsampler(fine, [2, 2, 2]);
    expect(() => ds.addSlice(3, new Int16Array(8))).toThrow(/outside/);
    expect(() => ds.addSlice(0, new Int16Array(7))).toThrow(/7 values/);
  });
  it('picks about 0.75 mm blocks, never finer than the image', () => {
    expect(downsampleFactor([0.39, 0.39, 0.5], 0.75)).toEqual([2, 2, 2]);
    expect(downsampleFactor([0.8, 0.8, 1.25], 0.75)).toEqual([1, 1, 1]);
  });
});

describe('3D camera', () => {
  const cam: Camera3d = { azimuthDeg: 0, elevationDeg: 0, zoom: 1, centreLps: [5, 6, 7], fovMm: 100 };
  it('anterior view: patient left to the right of the image, head up, the centre in the middle', () => {
    expect(projectLps(cam, 200, 100, [5, 6, 7])).toEqual([100, 50]);
    // 100 mm across the smaller side (100 px): 1 mm per pixel
    const [x, y] = projectLps(cam, 200, 100, [15, 40, 27]);
    expect(x).toBeCloseTo(110, 9);
    expect(y).toBeCloseTo(30, 9);
  });
  it('the basis is orthonormal and right-handed at any angle; a drag of half the width turns a quarter', () => {
    for (const [a, e] of [[0, 0], [37, 20], [200, -60]] as const) {
      const b = cameraBasis({ azimuthDeg: a, elevationDeg: e });
      const dot = (u: readonly number[], v: readonly number[]) => u[0]! * v[0]! + u[1]! * v[1]! + u[2]! * v[2]!;
      expect(dot(b.viewDir, b.up)).toBeCloseTo(0, 12);
      expect(dot(b.viewDir, b.right)).toBeCloseTo(0, 12);
      expect(dot(b.right, b.right)).toBeCloseTo(1, 12);
    }
    const turned = dragCamera(cam, -100, 0, 200);
    expect(turned.azimuthDeg).toBeCloseTo(90, 9);
    // azimuth 90: the patient's left faces the viewer, so a point to the left (+x) projects on the centre column
    expect(projectLps(turned, 200, 100, [50, 6, 7])[0]).toBeCloseTo(100, 9);
  });
});
