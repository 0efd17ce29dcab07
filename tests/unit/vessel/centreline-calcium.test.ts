// Issue 5 §1: the centreline follows the lumen through calcified plaque, not into the calcium.
// Case: CORO-03 L3, 80 % mixed mid-RCA lesion under mild motion blur (PHANTOM.md §6), on a crop of the
// phantom around it (the sweep's helpers). Truth: `lps` is the vessel (outer wall) centre; inside lesions
// `lumenCentreLps` is the centre of the eccentric residual lumen. Coordinates: LPS mm, arc lengths from
// the RCA ostium.
//
// Why it is hard (measured on 23 Nov 2026): at the lesion's plateau the residual lumen
// (0.66 mm) is blurred to ≈ 150–180 HU between plaque at ≈ 100–130 HU, while the calcified crescent
// (700 HU, 0.6 mm, blurred by the motion) peaks at ≈ 430 HU — the healthy lumen level. The minimal path
// and the recentring follow the crescent (≈ 1.1 mm off the vessel centre, ≈ 1.5 mm off the lumen).
// The last test measures the lumen profile on a centreline placed on the truth lumen centre: the lumen
// measurement itself does not read this lesion right from there either, so a centreline fix alone does
// not bring the %DS within 10 points.
import { beforeAll, describe, expect, it } from 'vitest';
import { analyseVessel, measureProfile, settleProfileEnds, type VesselAnalysis } from '../../../src/vessel/analyse.ts';
import { lumenProfile } from '../../../src/vessel/lumen.ts';
import { arcLengths, distanceToPolyline, splineResample, type P3 } from '../../../src/vessel/curve.ts';
import type { Volume } from '../../../src/volume/volume.ts';
import type { TruthLesion, TruthPoint } from '../../../sample-data/truth.ts';
import { caseTruth, median, renderSegment, scoreSegment, segmentOf, vesselOf, type Segment } from './phantom-eval.ts';

let seg: Segment;
let lesion: TruthLesion;
let volume: Volume;
let a: VesselAnalysis;
/** truth points of the narrow part of the lesion (residual lumen < 60 % of the reference radius) */
let narrow: TruthPoint[];

beforeAll(() => {
  const t = caseTruth('cas3');
  lesion = t.lesions.find((l) => l.id === 'L3')!;
  const v = vesselOf(t, lesion.vessel);
  seg = segmentOf(v, lesion.sMm - 15, lesion.sMm + 15);
  volume = renderSegment('cas3', seg).volume;
  a = analyseVessel(volume, { fromLps: seg.fromLps, toLps: seg.toLps });
  narrow = v.points.filter((p) => p.lumenCentreLps && p.sMm >= lesion.startSMm && p.sMm <= lesion.endSMm && p.lumenRadiusMm < 0.6 * p.referenceRadiusMm);
}, 300_000);

/** distance from each narrow-part lumen centre to the measured centreline, mm */
const lumenDistances = (pointsLps: readonly P3[]): number[] => narrow.map((p) => distanceToPolyline(p.lumenCentreLps!, pointsLps));

describe('centreline through the motion-blurred calcified CORO-03 L3 (issue 5 §1)', () => {
  it('stays within the vessel and finds the lesion at its place', () => {
    const sc = scoreSegment(a, seg, [lesion]);
    const d = lumenDistances(a.centreline.pointsLps);
    console.log(`L3: centreline to vessel centre ${sc.meanDistMm.toFixed(2)}/${sc.maxDistMm.toFixed(2)} mm (mean/max); to the residual lumen centre over the narrow part (${narrow.length} points) median ${median(d).toFixed(2)}, max ${Math.max(...d).toFixed(2)} mm; %DS ${sc.matches[0]!.dsMeasured.toFixed(1)} (truth ${lesion.diameterStenosisPct})`);
    expect(narrow.length).toBeGreaterThan(10);
    expect(sc.meanDistMm).toBeLessThanOrEqual(0.5);
    expect(sc.maxDistMm).toBeLessThanOrEqual(1.5);
    expect(sc.matches[0]!.foundSMm).not.toBeNull();
    expect(Math.abs(sc.matches[0]!.foundSMm! - lesion.sMm)).toBeLessThanOrEqual(3);
  });

  it.fails('known failure: through the narrow part the centreline stays on the residual lumen (median ≤ 0.5 mm, max ≤ 0.8 mm from its centre)', () => {
    const d = lumenDistances(a.centreline.pointsLps);
    expect(median(d)).toBeLessThanOrEqual(0.5);
    expect(Math.max(...d)).toBeLessThanOrEqual(0.8);
  });

  it.fails('known failure: %DS within 10 points of the truth (80 %)', () => {
    const m = scoreSegment(a, seg, [lesion]).matches[0]!;
    expect(Math.abs(m.dsError)).toBeLessThanOrEqual(10);
  });

  // Not a centreline test: the lumen profile measured on the truth lumen centreline. It shows what the
  // lumen measurement gives once the centreline is right (it reads ≈ 30 % on 23 Nov).
  it.fails('known failure: on the truth lumen centreline, the lumen profile reads %DS within 10 points', () => {
    const pts0 = seg.vessel.points.filter((p) => p.sMm >= seg.s0 && p.sMm <= seg.s1).map((p) => (p.lumenCentreLps ?? p.lps) as P3);
    const pts = splineResample(pts0, 0.25);
    const s = arcLengths(pts);
    const warnings: string[] = [];
    const lp = settleProfileEnds(lumenProfile(volume, pts), 0.25, warnings);
    const oracle = measureProfile({ pointsLps: pts, stepMm: 0.25, lengthMm: s[s.length - 1]! }, lp, warnings);
    const m = scoreSegment(oracle, seg, [lesion]).matches[0]!;
    console.log(`L3 on the truth lumen centreline: %DS ${m.dsMeasured.toFixed(1)} (truth ${lesion.diameterStenosisPct}), MLA error ${(100 * m.mlaRelError).toFixed(0)} %`);
    expect(Math.abs(m.dsError)).toBeLessThanOrEqual(10);
  });
});
