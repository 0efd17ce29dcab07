// DICOMDIR (PS3.3 Annex F Basic Directory IOD, PS3.10 §8): PATIENT → STUDY → SERIES → IMAGE records
// with byte offsets counted from the first byte of the file (preamble included).
import { el, encodeItem, type DataSet } from './dataset';
import { encodePart10, part10HeaderLength, type Part10Meta } from './part10';
import { SOP_CLASS, uidFor } from './uids';

export interface DicomdirImage {
  /** path components relative to the DICOMDIR, e.g. ['DICOM', 'PAT00001', …, 'IM000001'] */
  fileId: readonly string[];
  sopClassUid: string;
  sopInstanceUid: string;
  transferSyntaxUid: string;
  instanceNumber: number;
}
export interface DicomdirSeries {
  seriesInstanceUid: string;
  seriesNumber: number;
  modality: string;
  seriesDescription: string;
  images: readonly DicomdirImage[];
}
export interface DicomdirStudy {
  studyInstanceUid: string;
  studyId: string;
  studyDescription: string;
  series: readonly DicomdirSeries[];
}
export interface DicomdirPatient {
  patientId: string;
  patientName: string;
  studies: readonly DicomdirStudy[];
}

const FILE_ID_COMPONENT = /^[A-Z0-9_]{1,8}$/;

/** PS3.10 §8.5 / §8.2: components of uppercase A–Z, 0–9 and _, at most 8 characters, at most 8 levels. */
export function checkFileId(components: readonly string[]): void {
  if (components.length < 1 || components.length > 8) {
    throw new Error(`File ID ${components.join('/')} must have 1–8 components`);
  }
  for (const c of components) {
    if (!FILE_ID_COMPONENT.test(c)) throw new Error(`File ID component "${c}" is not 1–8 characters of A–Z 0–9 _`);
  }
}

interface PendingRecord {
  elements: DataSet;
  /** index of the next sibling record (0 when last) */
  next: number | null;
  /** index of the first child record */
  lower: number | null;
}

function recordElements(r: PendingRecord, offsets: readonly number[]): DataSet {
  return [
    el(0x00041400, 'UL', r.next === null ? 0 : offsets[r.next]!),
    el(0x00041410, 'US', 0xffff),
    el(0x00041420, 'UL', r.lower === null ? 0 : offsets[r.lower]!),
    ...r.elements,
  ];
}

/** Records in depth-first order, with sibling and child links as record indices. */
function flatten(patients: readonly DicomdirPatient[]): PendingRecord[] {
  const records: PendingRecord[] = [];
  const add = (type: string, elements: DataSet): PendingRecord => {
    const r: PendingRecord = { elements: [el(0x00041430, 'CS', type), ...elements], next: null, lower: null };
    records.push(r);
    return r;
  };
  const link = <T>(items: readonly T[], emit: (item: T) => PendingRecord, parent: PendingRecord | null): void => {
    let previous: PendingRecord | null = null;
    for (const item of items) {
      const index = records.length;
      const r = emit(item);
      if (previous) previous.next = index;
      else if (parent) parent.lower = index;
      previous = r;
    }
  };
  link(patients, (p) => {
    const pr = add('PATIENT', [el(0x00080005, 'CS', 'ISO_IR 100'), el(0x00100010, 'PN', p.patientName), el(0x00100020, 'LO', p.patientId)]);
    link(p.studies, (s) => {
      const sr = add('STUDY', [
        el(0x00080005, 'CS', 'ISO_IR 100'),
        el(0x00080020, 'DA', ''),
        el(0x00080030, 'TM', ''),
        el(0x00080050, 'SH', ''),
        el(0x00081030, 'LO', s.studyDescription),
        el(0x0020000d, 'UI', s.studyInstanceUid),
        el(0x00200010, 'SH', s.studyId),
      ]);
      link(s.series, (se) => {
        const ser = add('SERIES', [
          el(0x00080005, 'CS', 'ISO_IR 100'),
          el(0x00080060, 'CS', se.modality),
          el(0x0008103e, 'LO', se.seriesDescription),
          el(0x0020000e, 'UI', se.seriesInstanceUid),
          el(0x00200011, 'IS', se.seriesNumber),
        ]);
        link(se.images, (im) => {
          checkFileId(im.fileId);
          return add('IMAGE', [
            el(0x00041500, 'CS', im.fileId),
            el(0x00041510, 'UI', im.sopClassUid),
            el(0x00041511, 'UI', im.sopInstanceUid),
            el(0x00041512, 'UI', im.transferSyntaxUid),
            el(0x00200013, 'IS', im.instanceNumber),
          ]);
        }, ser);
        return ser;
      }, sr);
      return sr;
    }, pr);
    return pr;
  }, null);
  return records;
}

/** Bytes of a DICOMDIR file. `fileSetId` ≤ 16 characters of A–Z 0–9 _ (CS). */
export function encodeDicomdir(patients: readonly DicomdirPatient[], fileSetId: string): Uint8Array {
  if (!/^[A-Z0-9_ ]{0,16}$/.test(fileSetId)) throw new Error(`invalid File-set ID "${fileSetId}"`);
  const records = flatten(patients);
  const meta: Part10Meta = {
    mediaStorageSopClassUid: SOP_CLASS.mediaStorageDirectory,
    mediaStorageSopInstanceUid: uidFor(`DICOMDIR/${fileSetId}/${patients.map((p) => p.patientId).join('/')}`),
    transferSyntaxUid: '1.2.840.10008.1.2.1',
  };
  const head = (first: number, last: number): DataSet => [
    el(0x00041130, 'CS', fileSetId),
    el(0x00041200, 'UL', first),
    el(0x00041202, 'UL', last),
    el(0x00041212, 'US', 0),
  ];
  // Offsets are 4-byte UL values, so record sizes do not depend on them: size first, then fill in.
  const zeros = records.map(() => 0);
  const sizes = records.map((r) => encodeItem(recordElements(r, zeros)).length);
  const headBytes = encodeItem(head(0, 0)).subarray(8); // the data set without item tag and length
  let offset = part10HeaderLength(meta) + headBytes.length + 12; // + SQ header (tag, VR, 2 reserved, length)
  const offsets = sizes.map((size) => {
    const o = offset;
    offset += size;
    return o;
  });
  let lastRootIndex = 0;
  while (records[lastRootIndex]?.next != null) lastRootIndex = records[lastRootIndex]!.next!;
  const firstRoot = records.length ? offsets[0]! : 0;
  const lastRoot = records.length ? offsets[lastRootIndex]! : 0;
  const dataset: DataSet = [
    ...head(firstRoot, lastRoot),
    el(0x00041220, 'SQ', records.map((r) => recordElements(r, offsets))),
  ];
  return encodePart10(meta, dataset, offset);
}
