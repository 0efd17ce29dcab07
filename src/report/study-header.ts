/**
 * What a DICOM object the viewer writes about a study (the SR of the measurements, the views as secondary
 * captures) shares: the source study's patient and general study modules, copied as they are so a PACS
 * files it under the same patient and study, and the Part 10 writing (dcmjs, Explicit VR Little Endian,
 * UTF-8 text). Pure: runs in Node, workers and the page.
 */
import dcmjs from 'dcmjs';
import type { DataSet } from 'dicom-parser';

const EXPLICIT_LE = '1.2.840.10008.1.2.1';
const IMPLEMENTATION_CLASS_UID = '2.25.1234567890';

/** The patient and general study modules of the source study (DICOM text, '' when absent; PN as 'Family^Given'). */
export interface SourceStudy {
  readonly studyInstanceUid: string;
  readonly patientName: string;
  readonly patientId: string;
  readonly patientBirthDate: string;
  readonly patientSex: string;
  readonly studyDate: string;
  readonly studyTime: string;
  readonly studyId: string;
  readonly accessionNumber: string;
  readonly referringPhysicianName: string;
  readonly studyDescription: string;
}

/** A study known by its UID only (a local export of anonymised teaching data): the other attributes empty. */
export function studyByUid(studyInstanceUid: string): SourceStudy {
  return {
    studyInstanceUid, patientName: '', patientId: '', patientBirthDate: '', patientSex: '', studyDate: '', studyTime: '',
    studyId: '', accessionNumber: '', referringPhysicianName: '', studyDescription: '',
  };
}

const TAGS = {
  studyInstanceUid: 'x0020000d', patientName: 'x00100010', patientId: 'x00100020', patientBirthDate: 'x00100030',
  patientSex: 'x00100040', studyDate: 'x00080020', studyTime: 'x00080030', studyId: 'x00200010',
  accessionNumber: 'x00080050', referringPhysicianName: 'x00080090', studyDescription: 'x00081030',
} as const satisfies Record<keyof SourceStudy, string>;

/**
 * The source study of a parsed image header. Text in a UTF-8 data set (ISO_IR 192) is decoded as such,
 * otherwise as Latin-1 (ISO_IR 100 and the default repertoire, which it contains).
 */
export function sourceStudyOf(ds: DataSet): SourceStudy {
  const utf8 = /ISO_IR 192/.test(ds.string('x00080005') ?? '');
  const decoder = new TextDecoder(utf8 ? 'utf-8' : 'latin1');
  const read = (tag: string): string => {
    const e = ds.elements[tag];
    if (!e || !e.length) return '';
    return decoder.decode(ds.byteArray.subarray(e.dataOffset, e.dataOffset + e.length)).replace(/[\0 ]+$/, '').trim();
  };
  return Object.fromEntries(Object.entries(TAGS).map(([k, tag]) => [k, read(tag)])) as unknown as SourceStudy;
}

/** The dataset attributes (dcmjs naturalised names) of the patient and general study modules. */
export function studyAttributes(s: SourceStudy): Record<string, unknown> {
  return {
    SpecificCharacterSet: 'ISO_IR 192',
    PatientName: s.patientName, PatientID: s.patientId, PatientBirthDate: s.patientBirthDate, PatientSex: s.patientSex,
    StudyInstanceUID: s.studyInstanceUid, StudyDate: s.studyDate, StudyTime: s.studyTime, StudyID: s.studyId,
    AccessionNumber: s.accessionNumber, ReferringPhysicianName: s.referringPhysicianName, StudyDescription: s.studyDescription,
  };
}

/** DICOM DA and TM of an instant (UTC). */
export function dicomDateTime(now: Date): { date: string; time: string } {
  const iso = now.toISOString();
  return { date: iso.slice(0, 10).replace(/-/g, ''), time: iso.slice(11, 19).replace(/:/g, '') };
}

/** A naturalised dataset as Part 10 bytes (its SOP class and instance UIDs go to the file meta information). */
export function writePart10(dataset: Record<string, unknown> & { SOPClassUID: string; SOPInstanceUID: string }): Uint8Array {
  const { DicomDict, DicomMetaDictionary } = dcmjs.data;
  const meta = {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer, MediaStorageSOPClassUID: dataset.SOPClassUID,
    MediaStorageSOPInstanceUID: dataset.SOPInstanceUID, TransferSyntaxUID: EXPLICIT_LE, ImplementationClassUID: IMPLEMENTATION_CLASS_UID,
  };
  const dict = new DicomDict(DicomMetaDictionary.denaturalizeDataset(meta));
  dict.dict = DicomMetaDictionary.denaturalizeDataset(dataset);
  return new Uint8Array(dict.write());
}
