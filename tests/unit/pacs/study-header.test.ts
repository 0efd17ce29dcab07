// What the viewer sends back to a study's PACS (the SR of the measurements, the views as secondary captures)
// carries the source study's patient and study modules, so the PACS files it under the same patient and
// study. Written by src/report/study-header.ts through exportSr / secondaryCaptures; read back by two
// readers: dcmjs (naturalised dataset) and dicom-parser (the header reader the viewer uses).
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import dcmjs from 'dcmjs';
import dicomParser from 'dicom-parser';
import { ensureStudies, studiesRoot } from '../../helpers/studies.ts';
import { listStudyFiles } from '../../../scripts/studies-route.ts';
import { exportSr, importSr } from '../../../src/report/sr.ts';
import { secondaryCaptures } from '../../../src/pacs/secondary-capture.ts';
import { sourceStudyOf, type SourceStudy } from '../../../src/report/study-header.ts';

type Natural = Record<string, unknown>;
const naturalOf = (bytes: Uint8Array): Natural => {
  const { DicomMessage, DicomMetaDictionary } = dcmjs.data;
  const copy = bytes.slice();
  return DicomMetaDictionary.naturalizeDataset(DicomMessage.readFile(copy.buffer).dict) as Natural;
};
/** A person name as dcmjs naturalises it (a string, or [{ Alphabetic }]). */
const pn = (v: unknown): string => (typeof v === 'string' ? v : ((v as { Alphabetic?: string }[] | undefined)?.[0]?.Alphabetic ?? ''));
const str = (v: unknown): string => (v === undefined || v === null ? '' : String(Array.isArray(v) ? v[0] ?? '' : v));

/** The modules as dcmjs reads them from a file. */
function modulesByDcmjs(d: Natural): SourceStudy {
  return {
    studyInstanceUid: str(d.StudyInstanceUID), patientName: pn(d.PatientName), patientId: str(d.PatientID),
    patientBirthDate: str(d.PatientBirthDate), patientSex: str(d.PatientSex), studyDate: str(d.StudyDate), studyTime: str(d.StudyTime),
    studyId: str(d.StudyID), accessionNumber: str(d.AccessionNumber), referringPhysicianName: pn(d.ReferringPhysicianName),
    studyDescription: str(d.StudyDescription),
  };
}

const lesionFree = { studyInstanceUid: '', vessels: [], label: 'CAD-RADS 0' };
const capture = { rows: 4, columns: 6, rgb: new Uint8Array(72).map((_, i) => i * 3), label: 'axial' };

/** A study with every attribute set, accents in the names (UTF-8 written, UTF-8 read back). */
const filled: SourceStudy = {
  studyInstanceUid: '1.2.826.0.1.3680043.8.498.1', patientName: 'Dupré^Éloïse', patientId: 'PAT-0042', patientBirthDate: '19580214',
  patientSex: 'F', studyDate: '20250301', studyTime: '101502', studyId: '7731', accessionNumber: 'ACC-99812',
  referringPhysicianName: 'Lefèvre^Jean', studyDescription: 'Coroscanner cardiaque',
};

describe('study header of the SR and secondary captures', () => {
  it('copies every patient and study attribute, read back by dcmjs and dicom-parser', () => {
    const sr = exportSr({ ...lesionFree, studyInstanceUid: filled.studyInstanceUid, study: filled });
    const scs = secondaryCaptures({ studyInstanceUid: filled.studyInstanceUid, study: filled, seriesDescription: 'Vues', images: [capture, capture] });
    for (const bytes of [sr, ...scs]) {
      expect(modulesByDcmjs(naturalOf(bytes))).toEqual(filled);
      expect(sourceStudyOf(dicomParser.parseDicom(bytes))).toEqual(filled);
    }
    // the SR still reads back as the report it is
    expect(importSr(sr).label).toBe('CAD-RADS 0');
  });

  it('carries a training instance’s own modules (read from its file by dicom-parser, checked by dcmjs)', () => {
    const study = ensureStudies().find((s) => s.id === 'cas1')!;
    const folder = join(studiesRoot, study.folder);
    const file = listStudyFiles(folder).find((f) => !/DICOMDIR$/.test(f))!;
    const bytes = new Uint8Array(readFileSync(join(folder, file)));
    const source = sourceStudyOf(dicomParser.parseDicom(bytes));
    const byDcmjs = modulesByDcmjs(naturalOf(bytes));
    expect(source).toEqual(byDcmjs);
    expect(source.patientId).not.toBe('');
    expect(source.patientName).not.toBe('');
    const sr = exportSr({ ...lesionFree, studyInstanceUid: source.studyInstanceUid, study: source });
    expect(modulesByDcmjs(naturalOf(sr))).toEqual(byDcmjs);
  });

  it('without a source study, only the study UID (a local export of teaching data)', () => {
    const d = naturalOf(exportSr({ ...lesionFree, studyInstanceUid: '1.2.3' }));
    expect(modulesByDcmjs(d)).toEqual({ ...Object.fromEntries(Object.keys(filled).map((k) => [k, ''])), studyInstanceUid: '1.2.3' });
  });
});
