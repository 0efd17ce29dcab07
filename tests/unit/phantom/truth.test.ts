// Truth self-consistency for the three cases (no large rendering: a tiny ROI gives the full truth).
import { describe, expect, it } from 'vitest';
import { buildCaseModel, CASES, insideLumen, renderCase } from '../../../sample-data/phantom/index';
import type { Truth } from '../../../sample-data/truth';
import { frameAt } from './sampler';

const VALID_SEGMENTS = new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 16]);
const EXPECTED_SEGMENTS: Record<string, number[]> = {
  LM: [5], LAD: [6, 7, 8], D1: [9], D2: [10], LCx: [11, 13], OM1: [12], OM2: [14], RCA: [1, 2, 3], 'R-PDA': [4], 'R-PLB': [16],
};
const BOUNDARIES = [25, 50, 70, 100];

function truthOf(i: number): Truth {
  const spec = CASES[i]!;
  return renderCase(spec, { roiLps: { min: [0, 0, 0], max: [1, 1, 1] }, noiseFree: true }).truth;
}

describe.each([0, 1, 2])('phantom truth, case %i', (ci) => {
  const spec = CASES[ci]!;
  const truth = truthOf(ci);

  it('has every vessel of a right-dominant tree with points every 0.25 mm', () => {
    expect(truth.vessels.map((v) => v.name).sort()).toEqual(Object.keys(EXPECTED_SEGMENTS).sort());
    for (const v of truth.vessels) {
      expect(v.segments.sort((a, b) => a - b)).toEqual(EXPECTED_SEGMENTS[v.name]);
      expect(v.points.length).toBeGreaterThan(40);
      v.points.forEach((p, i) => {
        expect(p.sMm).toBeCloseTo(0.25 * i, 6);
        expect(VALID_SEGMENTS.has(p.segment)).toBe(true);
        expect(p.lumenRadiusMm).toBeLessThanOrEqual(p.referenceRadiusMm + 1e-9);
        if (i > 0) {
          const q = v.points[i - 1]!.lps;
          expect(Math.hypot(p.lps[0] - q[0], p.lps[1] - q[1], p.lps[2] - q[2])).toBeCloseTo(0.25, 2);
        }
      });
      expect(v.seeds.ostiumLps).toEqual(v.points[0]!.lps);
      expect(v.lengthMm).toBeCloseTo(0.25 * (v.points.length - 1), 6);
    }
    // branches start on their parent's centreline
    for (const v of truth.vessels.filter((x) => x.parent)) {
      const parent = truth.vessels.find((x) => x.name === v.parent)!;
      const at = parent.points[Math.round(v.branchSMm! / 0.25)]!.lps;
      expect(Math.hypot(at[0] - v.seeds.ostiumLps[0], at[1] - v.seeds.ostiumLps[1], at[2] - v.seeds.ostiumLps[2])).toBeLessThan(0.01);
    }
  });

  it('lesions are self-consistent and far from category boundaries', () => {
    expect(truth.lesions.length).toBe(spec.lesions.filter((l) => !l.partOf).length);
    for (const l of truth.lesions) {
      expect(l.diameterStenosisPct).toBeCloseTo(100 * (1 - l.mldMm / l.referenceDiameterMm), 1);
      expect(l.areaStenosisPct).toBeCloseTo(100 * (1 - l.mlaMm2 / l.referenceAreaMm2), 1);
      expect(l.mlaMm2).toBeCloseTo(Math.PI * (l.mldMm / 2) ** 2, 2);
      expect(l.referenceAreaMm2).toBeCloseTo(Math.PI * (l.referenceDiameterMm / 2) ** 2, 2);
      expect(l.lengthMm).toBeCloseTo(l.endSMm - l.startSMm, 6);
      expect(l.sMm).toBeGreaterThan(l.startSMm);
      expect(l.sMm).toBeLessThan(l.endSMm);
      const v = truth.vessels.find((x) => x.name === l.vessel)!;
      const p = v.points[Math.round(l.sMm / 0.25)]!;
      expect(p.segment).toBe(l.segment);
      expect(2 * p.lumenRadiusMm).toBeCloseTo(l.mldMm, 2);
      expect(2 * p.referenceRadiusMm).toBeCloseTo(l.referenceDiameterMm, 2);
      const target = spec.lesions.find((x) => x.id === l.id)!.dsPct;
      expect(Math.abs(l.diameterStenosisPct - target)).toBeLessThan(1);
      for (const b of BOUNDARIES) expect(Math.abs(l.diameterStenosisPct - b)).toBeGreaterThanOrEqual(5);
      const vol = l.volumesMm3.calcified + l.volumesMm3.nonCalcified + l.volumesMm3.lowAttenuation;
      expect(vol).toBeGreaterThan(1);
      for (const o of l.bifurcation?.ostialStenoses ?? []) for (const b of BOUNDARIES) expect(Math.abs(o.diameterStenosisPct - b)).toBeGreaterThanOrEqual(5);
    }
  });

  it('gives the CAD-RADS 2.0 label of the case', () => {
    expect(truth.cadRads.label).toBe(spec.expected.cadRadsLabel);
    expect(truth.cadRads.category).toBe(spec.expected.category);
    expect(truth.cadRads.plaqueBurden).toBe(spec.expected.plaqueBurden);
    expect(truth.cadRads.segmentInvolvementScore).toBe(spec.expected.sis);
  });

  it('insideLumen integrates to the truth MLA at each lesion', () => {
    const model = buildCaseModel(spec);
    for (const l of truth.lesions) {
      const v = truth.vessels.find((x) => x.name === l.vessel)!;
      const i = Math.round(l.sMm / 0.25);
      const c = v.points[i]!.lps;
      const { n1, n2 } = frameAt(v.points, i);
      const R = v.points[i]!.referenceRadiusMm * 1.6;
      const step = 0.03;
      let area = 0;
      for (let a = -R; a <= R; a += step) for (let b = -R; b <= R; b += step) {
        const p: [number, number, number] = [0, 1, 2].map((k) => c[k]! + a * n1[k]! + b * n2[k]!) as [number, number, number];
        if (insideLumen(model, p)) area += step * step;
      }
      expect(Math.abs(area / l.mlaMm2 - 1)).toBeLessThan(0.03);
    }
  });
});

describe('phantom case-specific truth', () => {
  it('CORO-02 L1 is a high-risk bifurcation lesion with four features; CORO-03 has an LM ≥ 50 % lesion', () => {
    const t2 = truthOf(1);
    const l1 = t2.lesions.find((l) => l.id === 'L1')!;
    expect(Object.values(l1.highRisk).every(Boolean)).toBe(true);
    expect(l1.remodellingIndex).toBeGreaterThan(1.1);
    expect(l1.volumesMm3.lowAttenuation).toBeGreaterThan(0);
    expect(l1.bifurcation?.sideBranch).toBe('D1');
    expect(l1.diameterStenosisPct).toBeGreaterThanOrEqual(70);
    const t3 = truthOf(2);
    const lm = t3.lesions.find((l) => l.vessel === 'LM')!;
    expect(lm.diameterStenosisPct).toBeGreaterThanOrEqual(50);
    const t1 = truthOf(0);
    expect(t1.lesions.find((l) => l.id === 'L1')!.eccentric).toBe(true);
    expect(t1.lesions.find((l) => l.id === 'L1')!.volumesMm3.calcified).toBeGreaterThan(0);
  });
});
