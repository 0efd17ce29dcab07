// A total occlusion on a bent vessel, 6 mm from the proximal seed, its distal lumen refilled dimmer (× 0.6):
// (1) the centreline crosses it on the vessel's axis (src/vessel/centreline-axis.ts): the minimal path through the
// occlusion's uniform plaque cuts the bend (2.1 mm off at its middle before); (2) the settled lumen profile's
// no-lumen run is the occlusion (src/vessel/lumen.ts contrastCentres): the running lumen levels, pulled down by the
// occlusion's plaque, read the bright stump beside it as calcium and, on the axis, the plaque as a lumen.
// LPS mm, identity orientation, 0.4 × 0.4 × 0.5 mm voxels (synthetic).
import { describe, expect, it } from 'vitest';
import { extractCentreline } from '../../../src/vessel/centreline.ts';
import { distanceToPolyline } from '../../../src/vessel/curve.ts';
import { lumenProfile } from '../../../src/vessel/lumen.ts';
import { settleProfileEnds } from '../../../src/vessel/analyse.ts';
import { helixCurve, makeTube, type SectionFn } from './synthetic.ts';

// lumen r 1.3 mm, 420 HU (distal 250 HU), 0.5 mm wall (40 HU) in fat; occluded (plaque 60 HU) at s 6–24 on a
// bend of radius 14 mm (the chord across the occlusion passes 2.9 mm inside the arc)
const R0 = 1.3, OCC = [6, 24] as const, LENGTH = 60;
const section: SectionFn = (s, u, v) => {
  const d = Math.hypot(u, v);
  if (d <= R0) return s > OCC[0] && s < OCC[1] ? 60 : s >= OCC[1] ? 250 : 420;
  return d <= R0 + 0.5 ? 40 : null;
};

describe('a total occlusion on a bend near the proximal seed, dimmer distal refill', () => {
  const tube = makeTube({
    dims: [90, 90, 16], spacingMm: [0.4, 0.4, 0.5], originLps: [-18, -18, -4], curve: helixCurve(LENGTH, [0, 0, 0], 14, 0),
    section, maxRadiusMm: R0 + 0.5, backgroundHu: -90, noiseSdHu: 15, psfFwhmMm: 0.7, seed: 11,
  });
  const line = tube.truth.map((t) => t.lps);
  const cl = extractCentreline(tube.volume, { fromLps: line[0]!, toLps: line[line.length - 1]! });

  it('the centreline crosses the occlusion on the axis (mean ≤ 0.5 mm, max ≤ 1.5 mm)', () => {
    const d = cl.pointsLps.map((p) => distanceToPolyline(p, line));
    const mean = d.reduce((a, b) => a + b, 0) / d.length, max = Math.max(...d);
    console.log(`occlusion on a bend: centreline to truth mean ${mean.toFixed(2)}, max ${max.toFixed(2)} mm; longest gap ${cl.longestGapMm.toFixed(1)} mm`);
    expect(cl.longestGapMm).toBeGreaterThan(10);
    expect(mean).toBeLessThanOrEqual(0.5);
    expect(max).toBeLessThanOrEqual(1.5);
  });

  it('the sections without lumen are the occlusion, ± the blur (1.5 mm)', () => {
    const lp = settleProfileEnds(lumenProfile(tube.volume, cl.pointsLps), cl.stepMm, []);
    const dark = lp.samples.filter((x) => !x.hasLumen || x.areaMm2 < 0.2).map((x) => x.sMm);
    console.log(`no lumen from ${Math.min(...dark).toFixed(1)} to ${Math.max(...dark).toFixed(1)} mm (occlusion ${OCC.join('–')})`);
    expect(Math.min(...dark)).toBeGreaterThanOrEqual(OCC[0] - 1.5);
    expect(Math.max(...dark)).toBeLessThanOrEqual(OCC[1] + 1.5);
    // lumen-less over most of the occlusion (its ends taper into the blur)
    const inside = lp.samples.filter((x) => x.sMm > OCC[0] + 1.5 && x.sMm < OCC[1] - 1.5);
    expect(inside.filter((x) => !x.hasLumen || x.areaMm2 < 0.2).length).toBeGreaterThanOrEqual(0.9 * inside.length);
  });
});
