// Vessel-view state ↔ saved work (src/study/work-model.ts): round trip through the strict JSON schema,
// per-segment grade edits recomputing the label, re-measure keeping saved lesions. Lengths in mm, LPS mm.
import { describe, expect, it } from 'vitest';
import type { MeasuredLesion } from '../../../src/report/from-analysis.ts';
import { buildReport } from '../../../src/report/report.ts';
import { exportWork, importWork, reportInputFromWork } from '../../../src/report/saved-work.ts';
import { emptyReportState, gradeKey, restoreFromWork, workFromState, type VesselSnapshot } from '../../../src/study/work-model.ts';

const UID = '1.2.3.4.5';
const lesion = (sMm: number, ds: number): MeasuredLesion => ({
  sMm, startSMm: sMm - 3, endSMm: sMm + 3, lengthMm: 6, mlaMm2: 4, mldMm: 2.2, referenceDiameterMm: 3.4,
  diameterStenosisPct: ds, areaStenosisPct: 50, totalOcclusion: false,
  plaque: { calcifiedMm3: 9, nonCalcifiedMm3: 8, lowAttenuationMm3: 0 }, remodellingIndex: 1,
});
const lad: VesselSnapshot = {
  id: 'v1', name: 'LAD', pointsLps: [[2, 5, 48], [20, 0, 10], [38, 0, -44]], referenceSMm: [3, 20], segmentBoundariesMm: undefined,
  measured: { lengthMm: 120, lesions: [lesion(9, 30)] },
};
const rca: VesselSnapshot = {
  id: 'v2', name: 'RCA', pointsLps: [[-27, 11, 32], [-6, 50, -6]], referenceSMm: undefined, segmentBoundariesMm: undefined,
  measured: { lengthMm: 110, lesions: [lesion(35, 40)] },
};

describe('work model', () => {
  it('computes the label from the measured lesions (LAD 30 %, RCA 40 % → CAD-RADS 2)', () => {
    const w = workFromState(UID, [lad, rca], emptyReportState(), null);
    const r = buildReport(reportInputFromWork(w));
    expect(r.cadRads.category).toBe('2');
    expect(w.vessels.map((v) => v.lesions[0]!.segment)).toEqual([6, 2]);
  });

  it('a per-segment grade edit recomputes the label and survives export → import', () => {
    const s = emptyReportState();
    s.grades[gradeKey('LAD', 6)] = 75;
    s.freeText = '<script>alert(1)</script>';
    s.modifiers = ['HRP'];
    const w = workFromState(UID, [lad, rca], s, null);
    expect(buildReport(reportInputFromWork(w)).cadRads.label).toMatch(/^CAD-RADS 4A\/P\d\/HRP$/);
    const back = importWork(exportWork(w), { expectedStudyUid: UID });
    const r = restoreFromWork(back);
    expect(r.state.grades).toEqual({ 'LAD:6': 75 });
    expect(r.state.freeText).toBe('<script>alert(1)</script>');
    expect(r.state.modifiers).toEqual(['HRP']);
    expect(r.vessels[0]!.referenceSMm).toEqual([3, 20]);
    expect(r.vessels[0]!.pointsLps).toEqual(lad.pointsLps);
    expect(r.vessels.map((v) => v.name)).toEqual(['LAD', 'RCA']);
    // the same inputs give the same saved measurements
    const again = workFromState(UID, [lad, rca], r.state, back);
    expect(again.vessels.map((v) => v.lesions)).toEqual(w.vessels.map((v) => v.lesions));
  });

  it('a vessel being re-measured keeps the lesions of the previous work; unnamed vessels are left out', () => {
    const first = workFromState(UID, [lad], emptyReportState(), null);
    const pending: VesselSnapshot = { ...lad, measured: undefined };
    const unnamed: VesselSnapshot = { ...rca, id: 'v3', name: undefined };
    const w = workFromState(UID, [pending, unnamed], emptyReportState(), first);
    expect(w.vessels).toHaveLength(1);
    expect(w.vessels[0]!.lesions).toEqual(first.vessels[0]!.lesions);
    expect(() => importWork(exportWork(w), { expectedStudyUid: '9.9' })).toThrow(/another study/);
  });

  it('moved segment borders change the lesion segment and come back as borders', () => {
    const moved: VesselSnapshot = { ...lad, segmentBoundariesMm: [5, 60] };
    const w = workFromState(UID, [moved], emptyReportState(), null);
    expect(w.vessels[0]!.lesions[0]!.segment).toBe(7);
    expect(restoreFromWork(w).vessels[0]!.segmentBoundariesMm).toEqual([5, 60]);
  });

  it('saves the reference, the grades and the proposal status as typed fields', () => {
    const s = emptyReportState();
    s.grades[gradeKey('LAD', 6)] = 75;
    s.grades[gradeKey('RCA', 2)] = 55;
    const proposed: VesselSnapshot = { ...lad, segmentBoundariesMm: [5, 60], segmentBordersProposed: true };
    const json = JSON.parse(exportWork(workFromState(UID, [proposed, rca], s, null))) as { version: number; vessels: Record<string, unknown>[] };
    expect(json.version).toBe(2);
    expect(json.vessels[0]).toMatchObject({ referenceSMm: [3, 20], grades: [{ segment: 6, diameterStenosisPct: 75 }], boundaries: 'proposed' });
    expect(json.vessels[1]).toMatchObject({ grades: [{ segment: 2, diameterStenosisPct: 55 }] });
    expect(json.vessels[1]).not.toHaveProperty('referenceSMm');
    expect(json.vessels[0]!.edits).toEqual([]);
    const back = restoreFromWork(importWork(JSON.stringify(json)));
    expect(back.vessels[0]!.segmentBordersProposed).toBe(true);
    expect(back.vessels[1]!.segmentBordersProposed).toBe(false);
  });

  it('migrates a version-1 file: reference and grades from the edit log, other edits kept', () => {
    const v1 = {
      schema: 'coroscanner-work', version: 1, studyInstanceUid: UID, savedAt: '2026-11-23T17:00:00.000Z', answerKey: false,
      vessels: [{
        name: 'LAD', waypointsLps: [[2, 5, 48], [38, 0, -44]],
        segmentBoundaries: [{ segment: 6, startMm: 0, endMm: 40 }, { segment: 7, startMm: 40, endMm: 120 }],
        lesions: [{ segment: 6, diameterStenosisPct: 30 }],
        edits: [
          { kind: 'reference-moved', at: '2026-11-23T17:00:00.000Z', note: '3.5,20' },
          { kind: 'lesion-edited', at: '2026-11-23T17:00:00.000Z', target: 'segment-6', note: 'diameterStenosisPct=75' },
          { kind: 'waypoint-moved', at: '2026-11-23T17:00:00.000Z', target: '1' },
        ],
      }],
      report: { calciumScore: 12 },
    };
    const w = importWork(JSON.stringify(v1), { expectedStudyUid: UID });
    expect(w.version).toBe(2);
    const v = w.vessels[0]!;
    expect(v.referenceSMm).toEqual([3.5, 20]);
    expect(v.grades).toEqual([{ segment: 6, diameterStenosisPct: 75 }]);
    expect(v.edits.map((e) => e.kind)).toEqual(['waypoint-moved']);
    const r = restoreFromWork(w);
    expect(r.state.grades).toEqual({ 'LAD:6': 75 });
    expect(r.vessels[0]!.referenceSMm).toEqual([3.5, 20]);
    expect(reportInputFromWork(w).vessels[0]!.lesions[0]!.diameterStenosisPct).toBe(30);
    // a version-1 file is still validated: a bad value in it is refused
    expect(() => importWork(JSON.stringify({ ...v1, answerKey: 'yes' }))).toThrow();
  });
});
