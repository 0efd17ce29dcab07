// A calcified section where a side branch leaves (src/vessel/centreline.ts regionCentroid): beside calcium the
// recentring takes the centroid of the lumen-level region reached along each ray, and a ray that runs out along the
// branch's lumen to the end of the section (rMax, beyond any coronary's outline) is no part of the parent's lumen; with
// its full length (weighted by r³) it pulls the centre a millimetre toward the branch. The recentred points must stay
// on the parent's axis (≤ 0.5 mm).
// LPS mm, identity orientation, 0.3 × 0.3 × 0.4 mm voxels (synthetic).
import { describe, expect, it } from 'vitest';
import { recentre } from '../../../src/vessel/centreline.ts';
import { distanceToPolyline, resampleLinear } from '../../../src/vessel/curve.ts';
import type { Lps } from '../../../src/volume/volume.ts';
import { lineCurve, makeTube, type SectionFn } from './synthetic.ts';

// parent along z (r 1.5 mm, 420 HU, 0.5 mm wall); over s 22–30 a calcified arc (1000 HU, 0.6 mm thick, 120° wide) in
// the wall on one side; the branch (r 1.3 mm, 420 HU) leaves at s 26 at 80° from the axis, toward +y
const R0 = 1.5, RB = 1.3, LUMEN = 420;
const section: SectionFn = (s, u, v) => {
  const d = Math.hypot(u, v);
  const calcified = s > 22 && s < 30 && d >= R0 && d <= R0 + 0.6 && Math.abs(Math.atan2(v, u)) > (2 * Math.PI) / 3;
  if (calcified) return 1000;
  if (d <= R0) return LUMEN;
  return d <= R0 + 0.6 ? 40 : null;
};
const ostium: Lps = [0, 0, -26 + 26];
const dir: Lps = [0, Math.sin((80 * Math.PI) / 180), Math.cos((80 * Math.PI) / 180)];
const branch = (p: Lps): number | null => {
  const rel = [p[0] - ostium[0], p[1] - ostium[1], p[2] - ostium[2]];
  const t = Math.min(12, Math.max(0, rel[0]! * dir[0] + rel[1]! * dir[1] + rel[2]! * dir[2]));
  const d = Math.hypot(rel[0]! - t * dir[0], rel[1]! - t * dir[1], rel[2]! - t * dir[2]);
  return d <= RB ? LUMEN : d <= RB + 0.5 ? 40 : null;
};

describe('recentring beside calcium where a side branch leaves', () => {
  it('keeps the points on the parent axis (a ray out along the branch is not the parent lumen)', () => {
    const tube = makeTube({
      dims: [70, 70, 130], spacingMm: [0.3, 0.3, 0.4], originLps: [-10.5, -10.5, -26], curve: lineCurve([0, 0, -26], [0, 0, 25]),
      section, maxRadiusMm: R0 + 0.6, backgroundHu: -90, noiseSdHu: 10, psfFwhmMm: 0.9, seed: 5, extra: branch,
    });
    const line = tube.truth.map((t) => t.lps);
    const pts = resampleLinear(line, 0.5).filter((p) => p[2] > -10 && p[2] < 10);
    const levels = { lowHu: LUMEN, highHu: LUMEN, seedsHu: [LUMEN, LUMEN] };
    const out = recentre(tube.volume, pts, levels, 1.5, undefined, true);
    const near = out.filter((_, q) => Math.abs(pts[q]![2]) <= 3);
    const d = near.map((p) => distanceToPolyline(p, line));
    console.log(`calcified section at a branch: recentred points off the axis, max ${Math.max(...d).toFixed(2)} mm`);
    expect(Math.max(...d)).toBeLessThanOrEqual(0.5);
  });
});
