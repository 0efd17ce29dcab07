// The three teaching cases of PHANTOM.md §6, built by hand from their truth tables (no generator read).
import { describe, expect, it } from 'vitest';
import { buildReport, type ReportInput, type ReportVessel } from '../../../src/report/report.ts';
import { reportText } from '../../../src/report/report-text.ts';

const coro01: ReportInput = {
  technique: { kvp: 100, heartRateBpm: 58, phasePct: 75, acquisition: 'prospective', sliceThicknessMm: 0.5 },
  dominance: 'right',
  vessels: [
    {
      name: 'LAD',
      segments: [5, 6, 7, 8],
      lesions: [
        {
          id: 'L1', segment: 6, diameterStenosisPct: 30, areaStenosisPct: 51, mldMm: 2.45, mlaMm2: 4.7,
          referenceDiameterMm: 3.5, lengthMm: 6, plaqueType: 'calcified',
        },
      ],
    },
    {
      name: 'RCA',
      segments: [1, 2, 3],
      lesions: [
        { id: 'L2', segment: 2, diameterStenosisPct: 20, mldMm: 2.72, referenceDiameterMm: 3.4, lengthMm: 5, plaqueType: 'non-calcified' },
      ],
    },
  ],
};

const coro02: ReportInput = {
  technique: { kvp: 120, heartRateBpm: 62, phasePct: 75, acquisition: 'prospective' },
  dominance: 'right',
  vessels: [
    {
      name: 'LAD',
      lesions: [
        {
          id: 'L1', segment: 6, involvedSegments: [6, 7, 9], diameterStenosisPct: 75, areaStenosisPct: 94,
          mldMm: 0.8, mlaMm2: 0.5, referenceDiameterMm: 3.2, lengthMm: 14, plaqueType: 'non-calcified',
          highRiskFeatures: ['positive-remodelling', 'low-attenuation', 'spotty-calcification', 'napkin-ring'],
          sideBranch: { segment: 9, diameterStenosisPct: 50 },
        },
      ],
    },
    { name: 'LCx', lesions: [{ id: 'L2', segment: 11, diameterStenosisPct: 35, referenceDiameterMm: 3.3, lengthMm: 7, plaqueType: 'mixed' }] },
  ],
};

function coro03(occluded: boolean): ReportInput {
  const rca: ReportVessel = {
    name: 'RCA',
    lesions: [
      {
        id: 'L3', segment: 2, involvedSegments: [2, 3], diameterStenosisPct: occluded ? 100 : 80,
        referenceDiameterMm: 3.3, lengthMm: 15, plaqueType: 'mixed', ...(occluded ? {} : { mldMm: 0.66 }),
      },
    ],
  };
  return {
    technique: { kvp: 120, heartRateBpm: 68, phasePct: 72, phaseLabel: 'BestDiast', acquisition: 'retrospective' },
    dominance: 'right',
    vessels: [
      {
        name: 'LM',
        lesions: [
          {
            id: 'L1', segment: 5, involvedSegments: [5, 6, 11], diameterStenosisPct: 60, areaStenosisPct: 84,
            mldMm: 1.8, mlaMm2: 2.5, referenceDiameterMm: 4.5, lengthMm: 7, plaqueType: 'mixed',
          },
        ],
      },
      {
        name: 'LAD',
        lesions: [
          { id: 'L1-LAD', segment: 6, diameterStenosisPct: 50, plaqueType: 'mixed' },
          { id: 'L2', segment: 7, diameterStenosisPct: 45, referenceDiameterMm: 2.8, lengthMm: 10, plaqueType: 'calcified' },
        ],
      },
      { name: 'LCx', lesions: [{ id: 'L1-LCx', segment: 11, diameterStenosisPct: 40, plaqueType: 'mixed' }] },
      rca,
    ],
  };
}

describe('teaching cases → CAD-RADS label', () => {
  it('CORO-01 → CAD-RADS 2/P1 (SIS 2; also with CAC ≈ 40)', () => {
    const r = buildReport(coro01);
    expect(r.cadRads.segmentInvolvementScore).toBe(2);
    expect(r.cadRads.label).toBe('CAD-RADS 2/P1');
    expect(buildReport({ ...coro01, calciumScore: 40 }).cadRads.label).toBe('CAD-RADS 2/P1');
  });
  it('CORO-02 → CAD-RADS 4A/P2/HRP (SIS 4; CAC ≈ 120)', () => {
    const r = buildReport(coro02);
    expect(r.cadRads.segmentInvolvementScore).toBe(4);
    expect(r.cadRads.label).toBe('CAD-RADS 4A/P2/HRP');
    expect(buildReport({ ...coro02, calciumScore: 120 }).cadRads.label).toBe('CAD-RADS 4A/P2/HRP');
  });
  it('CORO-03 → CAD-RADS 4B/P3 through the left main, not the three-vessel rule', () => {
    const r = buildReport(coro03(false));
    expect(r.cadRads.segmentInvolvementScore).toBe(6);
    expect(r.cadRads.obstructedTerritories).toEqual(['RCA']);
    expect(r.cadRads.leftMainStenosisPct).toBe(60);
    expect(r.cadRads.label).toBe('CAD-RADS 4B/P3');
    expect(buildReport({ ...coro03(false), calciumScore: 650 }).cadRads.label).toBe('CAD-RADS 4B/P3');
  });
  it('CORO-03b (RCA total occlusion) → CAD-RADS 5/P3', () => {
    expect(buildReport(coro03(true)).cadRads.label).toBe('CAD-RADS 5/P3');
  });
});

describe('report text', () => {
  it('French by default: sections, segment names, decimal comma, label, management', () => {
    const text = reportText(buildReport({ ...coro01, calciumScore: 40 }));
    expect(text).toContain('COMPTE-RENDU DE COROSCANNER');
    expect(text).toContain('100 kV');
    expect(text).toContain('Dominance : droite.');
    expect(text).toContain('IVA proximale (segment 6) : plaque calcifiée, sténose de 30 % en diamètre (51 % en surface)');
    expect(text).toContain('DLM 2,45 mm');
    expect(text).toContain('CD moyenne (segment 2)');
    expect(text).toMatch(/Segments analysés sans sténose : [^\n]*tronc commun \(segment 5\)/);
    expect(text).not.toMatch(/Segments analysés sans sténose : [^\n]*IVA proximale/);
    expect(text).toContain('Conclusion : CAD-RADS 2/P1.');
    expect(text).toContain('Maladie coronaire légère non obstructive');
    expect(text).toContain("d'après le score calcique");
  });
  it('English: HRP wording, side branch and high-risk features', () => {
    const text = reportText(buildReport(coro02), 'en');
    expect(text).toContain('CORONARY CT ANGIOGRAPHY REPORT');
    expect(text).toContain('proximal LAD (segment 6): non-calcified plaque, 75 % diameter stenosis (94 % area stenosis)');
    expect(text).toContain('MLD 0.80 mm');
    expect(text).toContain('napkin-ring sign');
    expect(text).toContain('side branch (first diagonal (D1)): 50 % ostial stenosis');
    expect(text).toContain('Conclusion: CAD-RADS 4A/P2/HRP.');
    expect(text).toContain('High-risk plaque (HRP)');
    expect(text).toContain('Consider invasive coronary angiography or functional assessment');
  });
  it('a bifurcation lesion says so, with its Medina class, in French and English', () => {
    const lad = coro02.vessels[0]!;
    const withMedina: ReportInput = {
      ...coro02,
      vessels: [{ ...lad, lesions: [{ ...lad.lesions[0]!, bifurcation: { medina: [1, 1, 1], sideVessel: 'D1' } }] }, ...coro02.vessels.slice(1)],
    };
    const fr = reportText(buildReport(withMedina), 'fr');
    const en = reportText(buildReport(withMedina), 'en');
    expect(fr).toMatch(/IVA proximale \(segment 6\) : [^\n]*lésion de bifurcation \(première diagonale\), Medina 1,1,1/);
    expect(en).toMatch(/proximal LAD \(segment 6\): [^\n]*bifurcation lesion \(first diagonal\), Medina 1,1,1/);
    // a digit not measured reads "?"; no bifurcation, no Medina
    const partial = { ...withMedina, vessels: [{ ...lad, lesions: [{ ...lad.lesions[0]!, bifurcation: { medina: [1, 0, null] as const } }] }] };
    expect(reportText(buildReport(partial), 'en')).toContain('bifurcation lesion, Medina 1,0,?');
    expect(reportText(buildReport(coro02), 'fr')).not.toContain('Medina');
  });
  it('occlusion wording and 4B management', () => {
    const en = reportText(buildReport(coro03(true)), 'en');
    expect(en).toContain('mid RCA (segment 2): mixed plaque, total occlusion');
    expect(en).toContain('extending into distal RCA (segment 3)');
    expect(reportText(buildReport(coro03(false)), 'fr')).toContain("s'étendant à IVA proximale (segment 6), circonflexe proximale (segment 11)");
    expect(reportText(buildReport(coro03(false)), 'fr')).toContain('Coronarographie invasive recommandée');
  });
  it('overrides recompute the label and the text says so; free text stays plain text', () => {
    const r = buildReport({
      ...coro01,
      overrides: { category: '3', modifiers: ['I+'], freeText: '<script>alert(1)</script> à revoir' },
    });
    expect(r.cadRads.label).toBe('CAD-RADS 3/P1/I+');
    expect(r.proposed.label).toBe('CAD-RADS 2/P1');
    expect(r.overridden).toBe(true);
    const text = reportText(r);
    expect(text).toContain('Conclusion : CAD-RADS 3/P1/I+.');
    expect(text).toContain('proposition automatique : CAD-RADS 2/P1');
    expect(text).toContain('<script>alert(1)</script> à revoir');
  });
});
