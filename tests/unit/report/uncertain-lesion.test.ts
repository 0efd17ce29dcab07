// A lesion the image does not hold (the forward-model lumen fit marks it uncertain: residual above the noise, or
// a lumen below what the blur resolves) reaches the report as a non-diagnostic finding: no number, the words
// "sténose non évaluable" / "stenosis not assessable", and CAD-RADS 2.0 "N" when nothing assessable is ≥ 50 %.
import { describe, expect, it } from 'vitest';
import { reportVesselFromMeasurement, type MeasuredLesion } from '../../../src/report/from-analysis.ts';
import { buildReport } from '../../../src/report/report.ts';
import { lesionText, reportStrings } from '../../../src/report/report-text.ts';

const lesion = (o: Partial<MeasuredLesion>): MeasuredLesion => ({
  sMm: 20, startSMm: 16, endSMm: 24, lengthMm: 8, mlaMm2: 0.19, mldMm: 0.49, referenceDiameterMm: 2.2,
  diameterStenosisPct: 78, areaStenosisPct: 95, totalOcclusion: false,
  plaque: { calcifiedMm3: 0, nonCalcifiedMm3: 12, lowAttenuationMm3: 1 }, remodellingIndex: NaN, ...o,
});

describe('uncertain lesion in the report', () => {
  it('is non-diagnostic, written without figures in French and English', () => {
    const v = reportVesselFromMeasurement({ name: 'LAD', lengthMm: 60, lesions: [lesion({ uncertain: true })] });
    const l = v.lesions[0]!;
    expect(l.nonDiagnostic).toBe(true);
    const fr = lesionText(reportStrings('fr'), 'fr', l), en = lesionText(reportStrings('en'), 'en', l);
    expect(fr).toContain('sténose non évaluable');
    expect(en).toContain('stenosis not assessable');
    expect(fr).not.toMatch(/78/);
    expect(en).not.toMatch(/DLM|MLD/);
  });
  it('gives CAD-RADS N when it is the only finding, and a graded category when the same lesion is certain', () => {
    const uncertain = buildReport({ vessels: [reportVesselFromMeasurement({ name: 'LAD', lengthMm: 60, lesions: [lesion({ uncertain: true })] })] });
    const certain = buildReport({ vessels: [reportVesselFromMeasurement({ name: 'LAD', lengthMm: 60, lesions: [lesion({})] })] });
    expect(uncertain.cadRads.category).toBe('N');
    expect(certain.cadRads.category).toBe('4A');
  });
});
