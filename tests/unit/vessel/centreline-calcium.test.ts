// Issue 5 §1: the centreline follows the lumen through calcified plaque, not into the calcium.
// Case: CORO-03 L3, 80 % mixed mid-RCA lesion under mild motion blur (PHANTOM.md §6), on a crop of the
// phantom around it (the sweep's helpers). Truth: `lps` is the vessel (outer wall) centre; inside lesions
// `lumenCentreLps` is the centre of the eccentric residual lumen. Coordinates: LPS mm, arc lengths from
// the RCA ostium.
//
// Why it is hard (measured on 23 Nov 2026): at the lesion's plateau the residual lumen
// (0.63 mm across) is blurred to ≈ 130–180 HU between plaque at ≈ 60–130 HU, while the calcified crescent
// (700 HU, 0.6 mm, blurred by the motion) peaks at ≈ 430 HU — the healthy lumen level, below the calcium
// threshold. The minimal path and the plain recentring follow the crescent (≈ 1.1 mm off the vessel centre,
// ≈ 1.5 mm off the lumen). Since 24 Nov the pin-hole (src/vessel/pinhole.ts: a round faint blob beside a
// lumen-bright flat ridge) is what the recentring follows through faint sections and what the lumen profile
// measures there (its partial-volume mass from a blob + plane fit). The last test measures the lumen profile
// on a centreline placed on the truth lumen centre (it read ≈ 53 % before the pin-hole).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyseVessel, measureLesions, settleProfileEnds, type VesselAnalysis } from '../../../src/vessel/analyse.ts';
import { extractCentreline } from '../../../src/vessel/centreline.ts';
import { centreCurvatures, rimShift } from '../../../src/vessel/centreline-rim.ts';
import type { RayOptions } from '../../../src/vessel/rays.ts';
import type { VesselWarning } from '../../../src/vessel/warnings.ts';
import { loadVolume } from '../../../src/dicom/load-node.ts';
import { ensureStudies, studiesRoot } from '../../helpers/studies.ts';
import type { Truth } from '../../../sample-data/truth.ts';
import { lumenProfile } from '../../../src/vessel/lumen.ts';
import { arcLengths, distanceToPolyline, splineResample } from '../../../src/vessel/curve.ts';
import type { Lps, Volume } from '../../../src/volume/volume.ts';
import type { TruthLesion, TruthPoint } from '../../../sample-data/truth.ts';
import { caseTruth, grade, median, renderSegment, scoreSegment, segmentOf, vesselOf, type Segment } from './phantom-eval.ts';

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
  narrow = narrowPart(v.points, lesion);
}, 300_000);

/** truth points of a lesion's narrow part (residual lumen < 60 % of the reference radius) */
const narrowPart = (points: readonly TruthPoint[], l: TruthLesion): TruthPoint[] =>
  points.filter((p) => p.lumenCentreLps && p.sMm >= l.startSMm && p.sMm <= l.endSMm && p.lumenRadiusMm < 0.6 * p.referenceRadiusMm);
/** distance from each narrow-part lumen centre to the measured centreline, mm */
const lumenDistances = (pointsLps: readonly Lps[], part = narrow): number[] => part.map((p) => distanceToPolyline(p.lumenCentreLps!, pointsLps));
/** distance from each narrow-part vessel (outer wall) centre to the measured centreline, mm */
const vesselDistances = (pointsLps: readonly Lps[], part = narrow): number[] => part.map((p) => distanceToPolyline(p.lps, pointsLps));

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

  it('through the narrow part the centreline stays on the residual lumen (median ≤ 0.5 mm, max ≤ 0.8 mm from its centre)', () => {
    const d = lumenDistances(a.centreline.pointsLps);
    expect(median(d)).toBeLessThanOrEqual(0.5);
    expect(Math.max(...d)).toBeLessThanOrEqual(0.8);
  });

  it('%DS within 10 points of the truth (80 %), grade 70–99 %', () => {
    const m = scoreSegment(a, seg, [lesion]).matches[0]!;
    expect(Math.abs(m.dsError)).toBeLessThanOrEqual(10);
    expect(grade(m.dsMeasured)).toBe(grade(lesion.diameterStenosisPct));
  });

  // Not a centreline test: the lumen profile measured on the truth lumen centreline, i.e. what the lumen
  // measurement gives once the centreline is right (≈ 53 % on 23 Nov, before the pin-hole).
  it('on the truth lumen centreline, the lumen profile reads %DS within 10 points', () => {
    const pts0 = seg.vessel.points.filter((p) => p.sMm >= seg.s0 && p.sMm <= seg.s1).map((p) => (p.lumenCentreLps ?? p.lps) as Lps);
    const pts = splineResample(pts0, 0.25);
    const s = arcLengths(pts);
    const warnings: VesselWarning[] = [];
    const lp = settleProfileEnds(lumenProfile(volume, pts), 0.25, warnings);
    const oracle = measureLesions({ centreline: { pointsLps: pts, stepMm: 0.25, lengthMm: s[s.length - 1]! }, lumen: lp, warnings }, []);
    const m = scoreSegment(oracle, seg, [lesion]).matches[0]!;
    console.log(`L3 on the truth lumen centreline: %DS ${m.dsMeasured.toFixed(1)} (truth ${lesion.diameterStenosisPct}), MLA error ${(100 * m.mlaRelError).toFixed(0)} %`);
    expect(Math.abs(m.dsError)).toBeLessThanOrEqual(10);
  });
});

// Ray profiles of an analytic cross-section (HU as a function of in-plane x, y in mm around the centre).
const RAYS: RayOptions = { rays: 16, rMaxMm: 4.5, drMm: 0.1 };
function profilesOf(hu: (x: number, y: number) => number): Float64Array {
  const M = Math.round(RAYS.rMaxMm / RAYS.drMm);
  const p = new Float64Array(RAYS.rays * (M + 1));
  for (let q = 0; q < RAYS.rays; q++) for (let m = 0; m <= M; m++) {
    const th = (2 * Math.PI * q) / RAYS.rays, r = m * RAYS.drMm;
    p[q * (M + 1) + m] = hu(r * Math.cos(th), r * Math.sin(th));
  }
  return p;
}
/** a vessel of radius 1.65 mm centred at (cx, 0) in fat (−100 HU), plaque 60 HU, and an extra structure */
const vessel = (cx: number, inner: (x: number, y: number) => number | null) => (x: number, y: number): number => {
  if (Math.hypot(x - cx, y) > 1.65) return -100;
  return inner(x - cx, y) ?? 60;
};

describe('rim guard (centreline-rim.ts) on analytic sections', () => {
  it('a thin lumen-bright crescent at the wall is a plate-like ridge; the shift points to the vessel centre', () => {
    // 140° calcified crescent 0.6 mm thick at the wall, as bright as the lumen (430 HU); centre on it
    const crescent = profilesOf(vessel(-1.35, (x, y) => (Math.hypot(x, y) >= 1.05 && Math.abs(Math.atan2(y, x)) <= (70 * Math.PI) / 180 ? 430 : null)));
    const [l1, l2] = centreCurvatures(crescent, RAYS);
    expect(l1).toBeLessThan(-1.5 * 430);
    expect(l2 / l1).toBeLessThan(0.45);
    const shift = rimShift(crescent, RAYS, 430, 430)!;
    expect(shift).not.toBeNull();
    expect(Math.hypot(shift[0] + 1.35, shift[1])).toBeLessThan(0.35);
  });

  it('a round lumen against the wall (eccentric stenosis) and a healthy lumen are left to the usual recentring', () => {
    // a narrow lumen blurred to a blob (σ 0.4 mm) touching the wall; the centre on it
    const eccentric = profilesOf(vessel(-1.1, (x, y) => 60 + 370 * Math.exp(-((x - 1.1) ** 2 + y * y) / (2 * 0.4 ** 2))));
    const [e1, e2] = centreCurvatures(eccentric, RAYS);
    expect(e2 / e1).toBeGreaterThan(0.6);
    expect(rimShift(eccentric, RAYS, 430, 430)).toBeNull();
    const healthy = profilesOf(vessel(0, () => 430));
    expect(rimShift(healthy, RAYS, 430, 430)).toBeNull();
  });
});

describe('rim guard on the phantom (CentrelineOptions.rimGuard, on by default)', () => {
  it('CORO-03 L3 crop: the centreline leaves the crescent for the vessel centre, next to the residual lumen', () => {
    const off = extractCentreline(volume, { fromLps: seg.fromLps, toLps: seg.toLps }, { rimGuard: false });
    const guarded = extractCentreline(volume, { fromLps: seg.fromLps, toLps: seg.toLps }, { rimGuard: true });
    expect(extractCentreline(volume, { fromLps: seg.fromLps, toLps: seg.toLps }).pointsLps).toEqual(guarded.pointsLps);
    const f = (x: number[]): string => `median ${median(x).toFixed(2)}, max ${Math.max(...x).toFixed(2)}`;
    console.log(`L3 narrow part, to the vessel centre: off ${f(vesselDistances(off.pointsLps))}, guard ${f(vesselDistances(guarded.pointsLps))}; to the residual lumen centre: off ${f(lumenDistances(off.pointsLps))}, guard ${f(lumenDistances(guarded.pointsLps))} mm`);
    expect(median(vesselDistances(guarded.pointsLps))).toBeLessThanOrEqual(0.6);
    expect(median(lumenDistances(guarded.pointsLps))).toBeLessThanOrEqual(1.1);
  });

  it('training studies CORO-02 LAD (eccentric 75 % lesion against the wall) and CORO-03 RCA: guarded centrelines stay on truth', async () => {
    const studies = ensureStudies();
    for (const [caseId, name] of [['CORO-02', 'LAD'], ['CORO-03', 'RCA']] as const) {
      const st = studies.find((x) => JSON.parse(readFileSync(join(studiesRoot, x.truth), 'utf8')).caseId === caseId)!;
      const truth = JSON.parse(readFileSync(join(studiesRoot, st.truth), 'utf8')) as Truth;
      const { volume: vol } = await loadVolume(join(studiesRoot, st.folder));
      const v = truth.vessels.find((x) => x.name === name)!;
      const seeds = { fromLps: v.seeds.ostiumLps, toLps: v.seeds.distalLps };
      const cl = extractCentreline(vol, seeds, { rimGuard: true });
      const off = extractCentreline(vol, seeds, { rimGuard: false });
      const d = cl.pointsLps.map((p) => distanceToPolyline(p, v.points.map((x) => x.lps)));
      const part = truth.lesions.filter((l) => l.vessel === name).flatMap((l) => narrowPart(v.points, l));
      console.log(`${caseId} ${name} guarded: to truth mean ${(d.reduce((a, b) => a + b, 0) / d.length).toFixed(2)}, max ${Math.max(...d).toFixed(2)} mm; narrow parts: to the lumen centre median ${median(lumenDistances(cl.pointsLps, part)).toFixed(2)} (off ${median(lumenDistances(off.pointsLps, part)).toFixed(2)}), to the vessel centre ${median(vesselDistances(cl.pointsLps, part)).toFixed(2)} (off ${median(vesselDistances(off.pointsLps, part)).toFixed(2)}) mm`);
      expect(d.reduce((a, b) => a + b, 0) / d.length, `${caseId} ${name}`).toBeLessThanOrEqual(0.5);
      expect(Math.max(...d), `${caseId} ${name}`).toBeLessThanOrEqual(1.5);
      expect(part.length).toBeGreaterThan(5);
      // the eccentric lumen against the wall is kept; the RCA leaves the crescent (≈ 1.06 mm off the vessel centre without the guard)
      if (caseId === 'CORO-02') expect(median(lumenDistances(cl.pointsLps, part))).toBeLessThanOrEqual(0.5);
      else expect(median(vesselDistances(cl.pointsLps, part))).toBeLessThanOrEqual(0.85);
    }
  }, 300_000);
});
