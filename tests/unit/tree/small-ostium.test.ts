// A left-dominant heart's right coronary is small (2.5–3 mm wide at its ostium). Under a 1 mm PSF its thresholded
// lumen reads narrower than it is (the lumen threshold lies above the half-level between lumen and epicardial
// fat), and its tree must still be kept. Synthetic image: an ascending aorta on the ventricular mass, two
// coronaries in fat leaving it, a Gaussian PSF and no noise; the widths are known, nothing is fitted.
import { describe, expect, it } from 'vitest';
import type { Volume } from '../../../src/volume/volume.ts';
import { searchTrees, type TreeSearch } from '../../../src/tree/find-tree.ts';
import { gaussianBlur3d } from '../../helpers/blur3d.ts';

const FAT_HU = -100, TISSUE_HU = 60, BLOOD_HU = 450;
const SPACING: [number, number, number] = [0.42, 0.42, 0.5];
const DIMS: [number, number, number] = [220, 200, 160];

/** Squared distance from p to segment a–b, mm². */
function segD2(p: number[], a: number[], b: number[]): number {
  const ab = [b[0]! - a[0]!, b[1]! - a[1]!, b[2]! - a[2]!], ap = [p[0]! - a[0]!, p[1]! - a[1]!, p[2]! - a[2]!];
  const t = Math.max(0, Math.min(1, (ab[0]! * ap[0]! + ab[1]! * ap[1]! + ab[2]! * ap[2]!) / (ab[0]! ** 2 + ab[1]! ** 2 + ab[2]! ** 2)));
  return (ap[0]! - t * ab[0]!) ** 2 + (ap[1]! - t * ab[1]!) ** 2 + (ap[2]! - t * ab[2]!) ** 2;
}

/**
 * LPS mm with the origin at voxel (0,0,0): an aorta (radius 15 mm) standing on a ventricular block, a left
 * coronary (radius leftMm) to the patient's left and a right coronary (radius rightMm) to the right, both in fat
 * 2 mm above the block, 40 mm long.
 */
function heart(leftMm: number, rightMm: number, psfMm: number): Volume {
  const [nx, ny, nz] = DIMS;
  const f = new Float32Array(nx * ny * nz);
  const cx = 46, cy = 40, zOst = 30;
  const left = [[cx + 14, cy, zOst], [cx + 50, cy - 10, zOst - 6]];
  const right = [[cx - 14, cy, zOst], [cx - 42, cy - 14, zOst - 6]];
  for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
    const p = [i * SPACING[0], j * SPACING[1], k * SPACING[2]];
    let hu = p[2]! < 20 ? TISSUE_HU : FAT_HU;
    if (p[2]! >= 20 && Math.hypot(p[0]! - cx, p[1]! - cy) <= 15) hu = BLOOD_HU;
    if (segD2(p, left[0]!, left[1]!) <= leftMm * leftMm || segD2(p, right[0]!, right[1]!) <= rightMm * rightMm) hu = BLOOD_HU;
    f[i + nx * (j + ny * k)] = hu;
  }
  gaussianBlur3d(f, DIMS, SPACING, psfMm);
  // the image's head end is +z (k up): the aorta's top slices lie at high k
  return { dimensions: DIMS, spacingMm: SPACING, originLps: [0, 0, 0], directions: [[1, 0, 0], [0, 1, 0], [0, 0, 1]], voxels: Int16Array.from(f, Math.round) };
}

/** Distance (mm) from p to the infinite line through a and b. */
function lineDistance(p: readonly number[], a: readonly number[], b: readonly number[]): number {
  const u = [b[0]! - a[0]!, b[1]! - a[1]!, b[2]! - a[2]!], r = [p[0]! - a[0]!, p[1]! - a[1]!, p[2]! - a[2]!];
  const l = Math.hypot(u[0]!, u[1]!, u[2]!), t = (r[0]! * u[0]! + r[1]! * u[1]! + r[2]! * u[2]!) / l;
  return Math.sqrt(Math.max(0, r[0]! ** 2 + r[1]! ** 2 + r[2]! ** 2 - t * t));
}

describe('a small right coronary (left dominance)', () => {
  let search: TreeSearch | null = null;
  const found = (): TreeSearch => (search ??= searchTrees(heart(2.2, 1.3, 1.0)) as TreeSearch);

  it('its ostium is found beside the left one under a 1 mm PSF (2.6 mm wide at the ostium)', () => {
    const s = found();
    expect('trees' in s).toBe(true);
    const sides = s.trees.map((t) => t.side).sort((a, b) => a - b);
    expect(sides.length).toBe(2);
    expect(sides[0]).toBeLessThan(0);
    expect(sides[1]).toBeGreaterThan(0);
  });

  it('each trunk starts in the aorta (CAT08), on its own axis, about a lumen radius inside the wall', () => {
    const axes = { left: [[46 + 14, 40, 30], [46 + 50, 40 - 10, 24]], right: [[46 - 14, 40, 30], [46 - 42, 40 - 14, 24]] };
    for (const t of found().trees) {
      const [a, b] = t.side > 0 ? axes.left : axes.right;
      const r = t.side > 0 ? 2.2 : 1.3;
      expect(lineDistance(t.ostium, a!, b!)).toBeLessThan(0.5);
      const fromAxisMm = Math.hypot(t.ostium[0] - 46, t.ostium[1] - 40);
      expect(fromAxisMm).toBeLessThan(15 - r / 2);
      expect(fromAxisMm).toBeGreaterThan(15 - 2 * r);
    }
  });
});
