/**
 * The blurred disk read at fixed points for many radii (DiskAtPoints with DiskColumns) gives blurredDisk's values
 * exactly, inside the table and at its edges; and the table itself against the disk's blurred mass at its centre,
 * 1 − e^(−α²/2) (a Gaussian's mass within radius a about its mean).
 */
import { describe, expect, it } from 'vitest';
import { blurredDisk, DiskAtPoints, DiskColumns } from '../../../src/vessel/disk-blur.ts';

describe('blurred disk at fixed points', () => {
  it('equals blurredDisk for every point and radius, the table edges included', () => {
    const rho = Float64Array.from([0, 0.013, 0.5, 1.2345, 3.3, 7.77, 15.01, 23.85, 23.9, 24, 30]);
    const at = new DiskAtPoints(rho), cols = new DiskColumns(), out = new Float64Array(rho.length);
    for (const alpha of [-1, 0, 0.01, 0.05, 0.37, 1, 2.499, 5.5, 15.9, 15.95, 16, 20]) {
      at.fill(alpha, cols.get(alpha), out);
      rho.forEach((r, k) => expect(out[k]).toBe(blurredDisk(r, alpha)));
    }
  });
  it('reads the disk mass at its centre, 1 − e^(−α²/2)', () => {
    const at = new DiskAtPoints(Float64Array.from([0])), cols = new DiskColumns(), out = new Float64Array(1);
    for (const alpha of [0.3, 0.8, 1.5, 2.5]) {
      at.fill(alpha, cols.get(alpha), out);
      expect(out[0]).toBeCloseTo(1 - Math.exp(-0.5 * alpha * alpha), 3);
    }
  });
});
