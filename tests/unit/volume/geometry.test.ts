/**
 * volume.ts LPS ↔ IJK on oblique orthonormal directions with anisotropic spacing.
 * Convention: P_lps = origin + i·sx·dirI + j·sy·dirJ + k·sz·dirK (i column, j row, k slice).
 */
import { describe, expect, it } from 'vitest';
import { ijkToLps, insideIjk, lpsToIjk, type VolumeGeometry } from '../../../src/volume/volume.ts';

const c = Math.cos(0.3), s = Math.sin(0.3);
// Rotation about z by 0.3 rad, then about x by 0.3 rad: an oblique but orthonormal frame.
const dirI = [c, s, 0] as const;
const dirJ = [-s * c, c * c, s] as const;
const dirK = [s * s, -c * s, c] as const;
const g: VolumeGeometry = { dimensions: [10, 20, 30], spacingMm: [0.4, 0.7, 1.25], originLps: [-50, 20.5, 300], directions: [dirI, dirJ, dirK] };

describe('LPS ↔ IJK (oblique)', () => {
  it('maps voxel (2, 3, 4) by hand', () => {
    const p = ijkToLps(g, [2, 3, 4]);
    for (let a = 0; a < 3; a++) {
      const want = (g.originLps[a] as number) + 2 * 0.4 * (dirI[a] as number) + 3 * 0.7 * (dirJ[a] as number) + 4 * 1.25 * (dirK[a] as number);
      expect(p[a]).toBeCloseTo(want, 12);
    }
  });

  it('round-trips continuous indices', () => {
    for (const ijk of [[0, 0, 0], [9, 19, 29], [3.25, 7.5, 11.75], [-1, 2, 40]] as const) {
      const back = lpsToIjk(g, ijkToLps(g, ijk));
      for (let a = 0; a < 3; a++) expect(back[a]).toBeCloseTo(ijk[a] as number, 10);
    }
  });

  it('moving 1 mm along dirK moves k by 1/sz', () => {
    const p = ijkToLps(g, [1, 1, 1]);
    const q = lpsToIjk(g, [p[0] + dirK[0], p[1] + dirK[1], p[2] + dirK[2]]);
    expect(q[2]).toBeCloseTo(1 + 1 / 1.25, 10);
    expect(q[0]).toBeCloseTo(1, 10);
  });

  it('insideIjk spans voxel centres 0..n−1', () => {
    expect(insideIjk(g, [0, 0, 0])).toBe(true);
    expect(insideIjk(g, [9, 19, 29])).toBe(true);
    expect(insideIjk(g, [9.01, 0, 0])).toBe(false);
    expect(insideIjk(g, [0, -0.01, 0])).toBe(false);
  });
});
