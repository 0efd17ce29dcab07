// A total occlusion on a curved vessel with a side branch leaving the proximal stump toward the distal one: the
// lumens tracked from the seeds come closest at the branch's tip, and the occlusion bridge joined it to the distal
// stump across fat. The centreline must cross the occlusion along the in-line vessel (its plaque-filled tube),
// not along the branch. LPS mm, identity orientation, 0.45 mm voxels (synthetic).
import { describe, expect, it } from 'vitest';
import { extractCentreline } from '../../../src/vessel/centreline.ts';
import { distanceToPolyline } from '../../../src/vessel/curve.ts';
import type { Lps } from '../../../src/volume/volume.ts';
import { lineCurve, makeTube, type SectionFn } from './synthetic.ts';

// the vessel: along x, lumen r 1.4 mm at 350 HU, 0.5 mm wall; occluded (plaque 50 HU) at s 25–47
const R0 = 1.4, LUMEN_HU = 350;
const section: SectionFn = (s, u, v) => {
  const d = Math.hypot(u, v);
  if (d <= R0) return s > 25 && s < 47 ? 50 : LUMEN_HU;
  return d <= R0 + 0.5 ? 40 : null;
};
// the branch (r 1 mm): leaves the vessel at x 18 at 45°, runs parallel to it 10 mm away, ends above x 45 — its tip
// 10 mm from the distal stump, the proximal stump 22 mm from it
const BRANCH: Lps[] = [[18, 0, 0], [28, 10, 0], [45, 10, 0]];
const segmentDistance = (p: Lps, a: Lps, b: Lps): number => {
  const d = [b[0] - a[0], b[1] - a[1], b[2] - a[2]], len2 = d[0]! ** 2 + d[1]! ** 2 + d[2]! ** 2;
  const t = Math.max(0, Math.min(1, ((p[0] - a[0]) * d[0]! + (p[1] - a[1]) * d[1]! + (p[2] - a[2]) * d[2]!) / len2));
  return Math.hypot(p[0] - a[0] - t * d[0]!, p[1] - a[1] - t * d[1]!, p[2] - a[2] - t * d[2]!);
};
const branch = (p: Lps): number | null => {
  const r = Math.min(segmentDistance(p, BRANCH[0]!, BRANCH[1]!), segmentDistance(p, BRANCH[1]!, BRANCH[2]!));
  return r <= 1 ? LUMEN_HU : r <= 1.5 ? 40 : null;
};

describe('a total occlusion with a side branch from its proximal stump toward the distal one', () => {
  const tube = makeTube({
    dims: [178, 45, 27], spacingMm: [0.45, 0.45, 0.45], originLps: [-5, -5, -6], curve: lineCurve([0, 0, 0], [70, 0, 0]),
    section, maxRadiusMm: R0 + 0.5, backgroundHu: -90, noiseSdHu: 20, psfFwhmMm: 0.7, seed: 5, extra: branch,
  });
  const line = tube.truth.map((t) => t.lps);

  it('the branch tip is closer to the distal stump than the proximal stump is (what misled the bridge)', () => {
    expect(Math.hypot(BRANCH[2]![0] - 47, BRANCH[2]![1])).toBeLessThan(0.5 * (47 - 25));
  });

  it('the centreline crosses the occlusion along the in-line vessel (mean ≤ 0.5 mm, max ≤ 1.5 mm)', () => {
    const cl = extractCentreline(tube.volume, { fromLps: line[0]!, toLps: line[line.length - 1]! });
    const d = cl.pointsLps.map((p) => distanceToPolyline(p, line));
    const mean = d.reduce((a, b) => a + b, 0) / d.length, max = Math.max(...d);
    console.log(`occlusion beside a branch: centreline to truth mean ${mean.toFixed(2)}, max ${max.toFixed(2)} mm; longest gap ${cl.longestGapMm.toFixed(1)} mm`);
    expect(mean).toBeLessThanOrEqual(0.5);
    expect(max).toBeLessThanOrEqual(1.5);
  });
});
