// CAD-RADS 2.0 rule boundaries. Findings are SCCT segments; %DS = diameter stenosis.
import { describe, expect, it } from 'vitest';
import {
  applyOverrides,
  buildLabel,
  computeCadRads,
  displayPct,
  plaqueBurdenFromCalcium,
  plaqueBurdenFromSis,
  type SegmentFinding,
} from '../../../src/report/cadrads.ts';

const f = (segment: number, pct: number, extra: Partial<SegmentFinding> = {}): SegmentFinding => ({
  segment,
  diameterStenosisPct: pct,
  plaqueType: pct > 0 ? 'non-calcified' : null,
  ...extra,
});
const cat = (findings: SegmentFinding[], cac?: number) => computeCadRads({ findings, calciumScore: cac ?? null }).category;

describe('category boundaries (worst stenosis)', () => {
  it('0 vs 1: no plaque is 0; any plaque (even 0 % with remodelling) is 1', () => {
    expect(cat([])).toBe('0');
    expect(cat([f(6, 0)])).toBe('0');
    expect(cat([f(6, 1)])).toBe('1');
    expect(cat([f(6, 0, { highRiskFeatures: ['positive-remodelling'] })])).toBe('1');
    expect(cat([f(6, 0, { plaqueType: 'calcified' })])).toBe('1');
    expect(cat([], 5)).toBe('1'); // CAC > 0 means plaque
    expect(cat([], 0)).toBe('0');
  });
  it('24/25, 49/50, 69/70, 99/100', () => {
    expect(cat([f(7, 24)])).toBe('1');
    expect(cat([f(7, 24.9)])).toBe('1');
    expect(cat([f(7, 25)])).toBe('2');
    expect(cat([f(7, 49)])).toBe('2');
    expect(cat([f(7, 49.99)])).toBe('2');
    expect(cat([f(7, 50)])).toBe('3');
    expect(cat([f(7, 69)])).toBe('3');
    expect(cat([f(7, 70)])).toBe('4A');
    expect(cat([f(7, 99)])).toBe('4A');
    expect(cat([f(7, 99.9)])).toBe('4A');
    expect(cat([f(7, 100)])).toBe('5');
  });
  it('worst segment wins', () => {
    expect(cat([f(1, 30), f(7, 55), f(12, 10)])).toBe('3');
  });
  it('left main 49 vs 50 (CAD-RADS 2.0: ≥ 50 % is 4B)', () => {
    expect(cat([f(5, 49)])).toBe('2');
    expect(cat([f(5, 50)])).toBe('4B');
    expect(cat([f(5, 50), f(1, 100)])).toBe('5');
  });
  it('three-vessel ≥ 70 % is 4B, two vessels is 4A, folding branches into their vessel', () => {
    expect(cat([f(7, 70), f(13, 70)])).toBe('4A');
    expect(cat([f(7, 70), f(13, 70), f(2, 70)])).toBe('4B');
    expect(cat([f(7, 70), f(13, 70), f(2, 69)])).toBe('4A');
    // D1 (9) counts as LAD, OM2 (14) as LCx, R-PDA (4) as RCA
    expect(cat([f(9, 75), f(14, 80), f(4, 90)])).toBe('4B');
    // ramus (17) is LAD territory, L-PLB (18) LCx, R-PLB (16) RCA
    expect(cat([f(17, 75), f(18, 80), f(16, 90)])).toBe('4B');
    // two lesions in the same vessel do not make two vessels
    expect(cat([f(6, 80), f(8, 80), f(2, 80)])).toBe('4A');
    // LM counts on its own, not as a third vessel: LM 45 % + LAD + RCA ≥ 70 → 4A
    expect(cat([f(5, 45), f(7, 80), f(2, 80)])).toBe('4A');
  });
  it('vessels < 1.5 mm are not graded', () => {
    expect(cat([f(10, 80, { referenceDiameterMm: 1.4 })])).toBe('1');
    expect(cat([f(10, 80, { referenceDiameterMm: 1.5 })])).toBe('4A');
  });
});

describe('plaque burden', () => {
  it('CAC bands: 1–100 P1, 101–300 P2, 301–999 P3, ≥ 1000 P4 (1000 is P4)', () => {
    expect(plaqueBurdenFromCalcium(0)).toBeNull();
    expect(plaqueBurdenFromCalcium(1)).toBe('P1');
    expect(plaqueBurdenFromCalcium(100)).toBe('P1');
    expect(plaqueBurdenFromCalcium(101)).toBe('P2');
    expect(plaqueBurdenFromCalcium(300)).toBe('P2');
    expect(plaqueBurdenFromCalcium(301)).toBe('P3');
    expect(plaqueBurdenFromCalcium(999)).toBe('P3');
    expect(plaqueBurdenFromCalcium(1000)).toBe('P4');
    expect(plaqueBurdenFromCalcium(1001)).toBe('P4');
  });
  it('SIS bands: ≤ 2 P1, 3–4 P2, 5–7 P3, ≥ 8 P4', () => {
    expect([0, 1, 2, 3, 4, 5, 7, 8, 16].map(plaqueBurdenFromSis)).toEqual(
      ['P1', 'P1', 'P1', 'P2', 'P2', 'P3', 'P3', 'P4', 'P4'],
    );
  });
  it('SIS counts distinct plaque-bearing segments among 16 (15 → PDA slot, 18 → PLB slot)', () => {
    const r = computeCadRads({ findings: [f(6, 30), f(6, 20), f(7, 10), f(9, 0), f(4, 10), f(15, 10), f(16, 5), f(18, 5)] });
    expect(r.segmentInvolvementScore).toBe(4); // 6, 7, PDA, PLB (9 has no plaque)
    expect(r.plaqueBurden).toBe('P2');
    expect(r.plaqueBurdenSource).toBe('segment-involvement');
  });
  it('SIS edges through computeCadRads: 2 → P1, 3 → P2, 4 → P2, 5 → P3, 7 → P3, 8 → P4', () => {
    const segs = [1, 2, 3, 5, 6, 7, 11, 12];
    for (const [n, p] of [[2, 'P1'], [3, 'P2'], [4, 'P2'], [5, 'P3'], [7, 'P3'], [8, 'P4']] as const) {
      const r = computeCadRads({ findings: segs.slice(0, n).map((s) => f(s, s === 5 ? 10 : 30)) });
      expect(r.segmentInvolvementScore).toBe(n);
      expect(r.plaqueBurden).toBe(p);
    }
  });
  it('calcium score takes precedence when > 0; SIS when CAC is 0 with plaque', () => {
    const findings = [f(6, 30), f(7, 20), f(11, 20), f(2, 20), f(3, 20)];
    expect(computeCadRads({ findings, calciumScore: 50 }).plaqueBurden).toBe('P1');
    expect(computeCadRads({ findings, calciumScore: 1000 }).plaqueBurden).toBe('P4');
    const zero = computeCadRads({ findings, calciumScore: 0 });
    expect(zero.plaqueBurden).toBe('P3');
    expect(zero.plaqueBurdenSource).toBe('segment-involvement');
  });
  it('no P with category 0 or N', () => {
    expect(computeCadRads({ findings: [] }).label).toBe('CAD-RADS 0');
    expect(computeCadRads({ findings: [f(6, 30), f(2, 0, { nonDiagnostic: true })] }).label).toBe('CAD-RADS N');
  });
});

describe('modifiers', () => {
  it('HRP needs ≥ 2 distinct features in one plaque', () => {
    const one = computeCadRads({ findings: [f(6, 40, { highRiskFeatures: ['napkin-ring'] })] });
    expect(one.modifiers).not.toContain('HRP');
    const dup = computeCadRads({ findings: [f(6, 40, { highRiskFeatures: ['napkin-ring', 'napkin-ring'] })] });
    expect(dup.modifiers).not.toContain('HRP');
    const split = computeCadRads({
      findings: [f(6, 40, { highRiskFeatures: ['napkin-ring'] }), f(2, 30, { highRiskFeatures: ['low-attenuation'] })],
    });
    expect(split.modifiers).not.toContain('HRP');
    const two = computeCadRads({ findings: [f(6, 40, { highRiskFeatures: ['low-attenuation', 'spotty-calcification'] })] });
    expect(two.modifiers).toEqual(['HRP']);
    expect(two.label).toBe('CAD-RADS 2/P1/HRP');
  });
  it('N: category N when the worst assessable stenosis is < 50 %, /N when ≥ 50 %', () => {
    const nd = f(3, 0, { nonDiagnostic: true });
    expect(computeCadRads({ findings: [f(6, 49), nd] }).category).toBe('N');
    const r = computeCadRads({ findings: [f(6, 50), nd] });
    expect(r.category).toBe('3');
    expect(r.modifiers).toContain('N');
    expect(r.label).toBe('CAD-RADS 3/P1/N');
    // a non-diagnostic segment's own value is not graded
    expect(computeCadRads({ findings: [f(6, 30), f(3, 90, { nonDiagnostic: true })] }).category).toBe('N');
    // a non-diagnostic vessel < 1.5 mm does not make the study N
    expect(computeCadRads({ findings: [f(6, 30), f(10, 0, { nonDiagnostic: true, referenceDiameterMm: 1.2 })] }).category).toBe('2');
    // no plaque elsewhere, one non-diagnostic segment: N
    expect(computeCadRads({ findings: [nd] }).label).toBe('CAD-RADS N');
  });
  it('order: category, P, HRP, I, S, G, E, N', () => {
    const r = computeCadRads({
      findings: [
        f(7, 75, { highRiskFeatures: ['positive-remodelling', 'napkin-ring'], stent: true }),
        f(2, 0, { nonDiagnostic: true }),
        f(13, 10, { graft: true }),
      ],
      ischaemia: 'I+',
      exceptions: ['anomalous origin of the RCA'],
    });
    expect(r.label).toBe('CAD-RADS 4A/P1/HRP/I+/S/G/E/N');
    expect(buildLabel('2', 'P1', ['N', 'E', 'HRP'])).toBe('CAD-RADS 2/P1/HRP/E/N');
    expect(buildLabel('0', 'P1', [])).toBe('CAD-RADS 0');
  });
  it('blank exceptions do not set E', () => {
    expect(computeCadRads({ findings: [f(6, 30)], exceptions: ['  '] }).modifiers).toEqual([]);
  });
});

describe('overrides recompute the label', () => {
  it('category, P and modifiers', () => {
    const r = computeCadRads({ findings: [f(6, 30), f(2, 20)] });
    expect(r.label).toBe('CAD-RADS 2/P1');
    expect(applyOverrides(r, { category: '3' }).label).toBe('CAD-RADS 3/P1');
    expect(applyOverrides(r, { category: '3', modifiers: ['I-'] }).label).toBe('CAD-RADS 3/P1/I-');
    expect(applyOverrides(r, { plaqueBurden: 'P2' }).label).toBe('CAD-RADS 2/P2');
    expect(applyOverrides(r, { category: '0' }).label).toBe('CAD-RADS 0');
    expect(applyOverrides(r, { category: 'N', modifiers: ['N', 'HRP'] }).label).toBe('CAD-RADS N/HRP');
  });
  it('a category raised from N gets the proposed burden back', () => {
    const r = computeCadRads({ findings: [f(6, 30), f(7, 20), f(11, 20), f(3, 0, { nonDiagnostic: true })] });
    expect(r.label).toBe('CAD-RADS N');
    expect(applyOverrides(r, { category: '2' }).label).toBe('CAD-RADS 2/P2');
  });
});

describe('validation and display', () => {
  it('refuses bad segments and percentages', () => {
    expect(() => computeCadRads({ findings: [f(19, 10)] })).toThrow(/1–18/);
    expect(() => computeCadRads({ findings: [f(6, 120)] })).toThrow(/0–100/);
    expect(() => computeCadRads({ findings: [f(6, Number.NaN)] })).toThrow(/0–100/);
    expect(() => computeCadRads({ findings: [], calciumScore: -1 })).toThrow(/calcium/);
  });
  it('displayPct never prints a value in another band', () => {
    expect(displayPct(24.6)).toBe(24);
    expect(displayPct(49.5)).toBe(49);
    expect(displayPct(99.7)).toBe(99);
    expect(displayPct(30.4)).toBe(30);
    expect(displayPct(30.6)).toBe(31);
    expect(displayPct(0.6)).toBe(0);
  });
});
