/** Scoring of the accuracy suite on hand-made truth and measurements (LPS mm, a straight path along +x). */
import { describe, expect, it } from 'vitest';
import { cadradsBin, centrelineDistance, scoreSeries } from '../../../accuracy/runner/score.ts';
import { lesionFigures } from '../../../accuracy/runner/summary.ts';
import type { SeriesTruth, TruthLesion } from '../../../accuracy/generator/truth.ts';
import type { MeasureJson } from '../../../src/cli/measure.ts';

const lesion = (id: string, dsPct: number, sMm: number, extra: Partial<TruthLesion> = {}): TruthLesion => ({
  id, shape: 'cosine', plaque: 'noncalcified', dsPct, mlaMm2: Math.PI * (1 - dsPct / 100) ** 2, sMm, startSMm: sMm - 4, endSMm: sMm + 4, referenceDiameterMm: 2,
  occluded: false, occlusionRunMm: null, lumenVisible: true, eccentricity: 0, remodellingIndex: 1, calciumArcDeg: null, tandemWith: null, branchAtLesion: false,
  plaqueMm3: { calcified: 0, nonCalcified: 0, lowAttenuation: 0 }, ...extra,
});

const path = Array.from({ length: 201 }, (_, q) => [q * 0.25, 0, 0] as [number, number, number]);
const truth = (lesions: TruthLesion[]): SeriesTruth => ({
  id: 't', setSeed: 0, index: 0, fromLps: path[0]!, toLps: path[200]!, lengthMm: 50, pathLps: path, lesions,
  imaging: { spacingMm: [0.4, 0.4, 0.5], psfFwhmInPlaneMm: 0.7, psfFwhmZMm: 0.7, noiseSdHu: 20, correlatedNoise: false, patientPosition: 'HFS', obliqueDeg: 0, lumenHu: 400 },
  smallVessel: false, referenceDiameterProximalMm: 2, branches: 0, chamber: null,
});

/** A measured centreline offset by dy from the truth path, arc length measured from a start 1 mm before it. */
function measured(lesions: { ds: number; s: number; mla?: number }[], dy = 0): MeasureJson {
  const pts = Array.from({ length: 103 }, (_, q) => [-1 + q * 0.5, dy, 0] as [number, number, number]);
  return {
    series: { seriesInstanceUid: 'x', dimensions: [1, 1, 1], spacingMm: [1, 1, 1] },
    centreline: { lengthMm: 51, pointsMm: pts },
    profile: pts.map((_, q) => ({ sMm: q * 0.5, areaMm2: 3, equivalentDiameterMm: 2, minDiameterMm: 2, maxDiameterMm: 2 })),
    lesions: lesions.map((l) => ({
      sMm: l.s, startSMm: l.s - 3, endSMm: l.s + 3, mlaMm2: l.mla ?? 1, mldMm: 1, referenceDiameterMm: 2, diameterStenosisPct: l.ds, areaStenosisPct: 0,
      plaque: { calcifiedMm3: 0, nonCalcifiedMm3: 0, lowAttenuationMm3: 0 },
    })),
    maxDiameterStenosisPct: Math.max(0, ...lesions.map((l) => l.ds)),
  };
}

describe('accuracy scoring', () => {
  it('bins diameter stenoses as CAD-RADS 2.0 does', () => {
    expect([0, 10, 24.94, 24.96, 49.9, 50, 69.9, 70, 99.9, 99.96, 100].map(cadradsBin)).toEqual(['0', '1-24', '1-24', '25-49', '25-49', '50-69', '50-69', '70-99', '70-99', '100', '100']);
  });

  it('matches a measured MLA within ±3 mm of the truth extent on the truth path, and counts the rest as false', () => {
    const t = truth([lesion('a', 60, 10), lesion('b', 40, 30), lesion('c', 80, 45, { lumenVisible: true })]);
    // arc length on the measured path is 1 mm ahead of the truth's: a lesion at measured s = 12 lies at truth s = 11
    const r = scoreSeries(t, measured([{ ds: 55, s: 12 }, { ds: 30, s: 37.5 }, { ds: 100, s: 46, mla: 0 }, { ds: 45, s: 24 }]), null, 0);
    const [a, b, c] = r.lesions;
    expect(a!.measured?.sMm).toBeCloseTo(11, 6);
    expect(a!.dsErrorPct).toBeCloseTo(-5, 6);
    expect(a!.binMeasured).toBe(a!.binTruth);
    // b (26–34 ± 3) owns s = 36.5 (30 %) and s = 23 (45 %): the larger is its measure
    expect(b!.measured?.dsPct).toBe(45);
    expect(r.falseLesions.map((m) => m.dsPct)).toEqual([30]);
    expect(c!.visibleReadAsOcclusion).toBe(true);
    expect(c!.mlaRelError).toBeCloseTo(1, 6);
    const f = lesionFigures(r.lesions);
    expect(f.reported).toBe(3);
    expect(f.found).toBe(3);
    expect(f.binRightPct).toBeCloseTo(200 / 3, 6); // c: 80 % read 100 %
  });

  it('counts a missed lesion as measured 0 % and a Ca plaque < 15 % read ≥ 25 % as an over-call', () => {
    const t = truth([lesion('a', 60, 10), lesion('n', 8, 30, { plaque: 'ca-nonstenotic' })]);
    const r = scoreSeries(t, measured([{ ds: 31, s: 31 }]), null, 0);
    expect(r.lesions[0]!.measured).toBeNull();
    expect(r.lesions[0]!.dsErrorPct).toBe(-60);
    const f = lesionFigures(r.lesions);
    expect(f.found).toBe(0);
    expect(f.nonStenoticOvercalls).toBe(1);
    expect(r.falseLesions).toEqual([]);
  });

  it('measures the centreline by mean distance and symmetric Hausdorff distance', () => {
    const d = centrelineDistance(measured([], 0.3).centreline.pointsMm, path);
    // 101 points 0.3 mm beside the path, two before its start (x = −1, −0.5)
    expect(d.meanMm).toBeCloseTo((101 * 0.3 + Math.hypot(1, 0.3) + Math.hypot(0.5, 0.3)) / 103, 9);
    expect(d.hausdorffMm).toBeCloseTo(Math.hypot(1, 0.3), 6);
  });
});
