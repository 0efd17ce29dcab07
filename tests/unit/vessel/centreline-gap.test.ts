// The centreline across a gap that the occlusion bridge does not join (src/vessel/centreline.ts legAcrossGap,
// lazy-cost.ts gap cost): the box-free search that allows up to 30 mm without a lumen must cross the gap along
// the vessel, not detour through a contrast-filled chamber beside it (which, at 30× a lumen's cost per mm, is
// cheaper than a long gap). LPS mm, identity orientation, 0.4 × 0.4 × 0.5 mm voxels (synthetic).
import { describe, expect, it } from 'vitest';
import { legAcrossGap } from '../../../src/vessel/centreline-leg.ts';
import { distanceToPolyline } from '../../../src/vessel/curve.ts';
import type { Lps } from '../../../src/volume/volume.ts';
import { lineCurve, makeTube, type SectionFn } from './synthetic.ts';

describe('a 16 mm gap in a vessel beside a chamber', () => {
  // straight vessel along z (r 1.6 mm, 420 HU), lumen-less 16 mm (s 22–38, 50 HU plaque); a 420 HU sphere
  // (r 12 mm) 3 mm from the vessel wall spans the gap: through it the crossings of fat total ≈ 6 mm and the
  // chamber ≈ 20 mm, i.e. ≈ 6000 + 20 × 30 for the plain cost against ≈ 16000 across the gap
  const R0 = 1.6;
  const section: SectionFn = (s, u, v) => {
    const d = Math.hypot(u, v);
    if (d <= R0) return s > 22 && s < 38 ? 50 : 420;
    return d <= R0 + 0.5 ? 40 : null;
  };
  const cx = R0 + 0.5 + 3 + 12;
  const chamber = (p: Lps): number | null => {
    const d = Math.hypot(p[0] - cx, p[1], p[2]);
    return d <= 12 ? 420 : d <= 13 ? 100 : null;
  };
  const tube = makeTube({
    dims: [100, 60, 130], spacingMm: [0.4, 0.4, 0.5], originLps: [-10, -12, -32], curve: lineCurve([0, 0, -30], [0, 0, 30]),
    section, maxRadiusMm: 2.2, backgroundHu: -80, noiseSdHu: 20, psfFwhmMm: 0.7, seed: 7, extra: chamber,
  });
  const line = tube.truth.map((t) => t.lps);
  const ijkOf = (p: Lps): number[] => [Math.round((p[0] + 10) / 0.4), Math.round((p[1] + 12) / 0.4), Math.round((p[2] + 32) / 0.5)];
  const a = ijkOf(line[0]!), b = ijkOf(line[line.length - 1]!);
  const levels = { lowHu: 420, highHu: 420, seedsHu: [420, 420] };
  const offMm = (pts: readonly Lps[]): number => Math.max(...pts.map((p) => distanceToPolyline(p, line)));

  it('the gap cost crosses the gap along the vessel (every raw point within 1.5 mm of the axis)', () => {
    const leg = legAcrossGap(tube.volume, levels, a, b);
    expect(leg).not.toBeNull();
    expect(offMm(leg!.points)).toBeLessThan(1.5);
  });

  it('the plain cost under the same cap detours through the chamber (what the gap cost prevents)', () => {
    const leg = legAcrossGap(tube.volume, levels, a, b, false);
    expect(leg).not.toBeNull();
    expect(offMm(leg!.points)).toBeGreaterThan(4);
  });
});
