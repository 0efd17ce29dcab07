// The PACS study list's order and dates: newest first, undated last, then by patient; dates as each
// language writes them.
import { describe, expect, it } from 'vitest';
import type { StudySummary } from '../../../src/pacs/dicom-json.ts';
import { studyDateText, studyListOrder } from '../../../src/ui/pacs/study-table.ts';

const study = (patientName: string, patientId: string, date: string): StudySummary => ({
  studyUid: `${patientId}.${date}`, patientName, patientId, date, description: '', modalities: ['CT'], seriesCount: 1, instanceCount: 1,
});

describe('PACS study list', () => {
  it('puts the newest study first, undated ones last, then orders by patient name and ID', () => {
    const list = [study('MARTIN Paul', 'P2', ''), study('DUPONT Marie', 'P1', '20250102'), study('ANDRE Luc', 'P3', ''), study('BERNARD Eve', 'P4', '20261207'),
      study('DUPONT Marie', 'P0', '20250102')];
    expect(studyListOrder(list).map((s) => s.patientId)).toEqual(['P4', 'P0', 'P1', 'P3', 'P2']);
    expect(list.map((s) => s.patientId)).toEqual(['P2', 'P1', 'P3', 'P4', 'P0']);
  });

  it('writes the date day first in French, ISO in English, and a dash when there is none', () => {
    expect(studyDateText('20261207', 'fr')).toBe('07/12/2026');
    expect(studyDateText('20261207', 'en')).toBe('2026-12-07');
    expect(studyDateText('', 'fr')).toBe('—');
  });
});
