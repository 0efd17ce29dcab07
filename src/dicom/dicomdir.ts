/**
 * DICOMDIR reading: the referenced files (ReferencedFileID) of every directory record.
 * A byte scanner rather than a full parse, so explicit/implicit LE, explicit BE and DICOMDIRs
 * with broken record offsets or sequence lengths are all read.
 */
import { DicomError } from './errors.ts';

export interface DicomdirEntry {
  /** ReferencedFileID components, e.g. ['98892001', 'CT2N', '6293']. */
  readonly pathComponents: readonly string[];
  /** DirectoryRecordType of the record holding the reference (IMAGE, SR DOCUMENT…), '' if unknown. */
  readonly recordType: string;
}

const MEDIA_STORAGE_DIRECTORY = '1.2.840.10008.1.3.10';

function ascii(b: Uint8Array, start: number, n: number): string {
  let s = '';
  for (let i = start; i < Math.min(b.length, start + n); i++) s += String.fromCharCode(b[i] as number);
  return s;
}

/** True when the bytes are a DICOMDIR (Media Storage Directory SOP class in the file meta). */
export function isDicomdir(bytes: Uint8Array): boolean {
  if (bytes.length < 132 || ascii(bytes, 128, 4) !== 'DICM') return false;
  return ascii(bytes, 132, Math.min(400, bytes.length - 132)).includes(MEDIA_STORAGE_DIRECTORY);
}

/** Read a string element value at tag position `i` (group 0004), any of the three encodings. */
function readValue(b: Uint8Array, i: number, bigEndian: boolean): { value: string; end: number } | undefined {
  const vr = ascii(b, i + 4, 2);
  let len: number;
  let start: number;
  if (vr === 'CS') {
    len = bigEndian ? ((b[i + 6] as number) << 8) | (b[i + 7] as number) : (b[i + 6] as number) | ((b[i + 7] as number) << 8);
    start = i + 8;
  } else if (!bigEndian) {
    len = (b[i + 4] as number) | ((b[i + 5] as number) << 8) | ((b[i + 6] as number) << 16) | ((b[i + 7] as number) << 24);
    start = i + 8;
  } else return undefined;
  if (len <= 0 || len > 1024 || start + len > b.length) return undefined;
  const value = ascii(b, start, len);
  if (!/^[\x20-\x7e\0]*$/.test(value)) return undefined;
  return { value: value.replace(/[\0 ]+$/, ''), end: start + len };
}

/**
 * Read the file references of a DICOMDIR.
 * @throws DicomError `dicomdir-invalid` when the bytes are not a DICOMDIR
 */
export function readDicomdir(bytes: Uint8Array): DicomdirEntry[] {
  if (!isDicomdir(bytes)) throw new DicomError('dicomdir-invalid', {}, 'not a DICOMDIR (no Media Storage Directory SOP class)');
  const out: DicomdirEntry[] = [];
  let recordType = '';
  for (let i = 132; i + 8 < bytes.length; i++) {
    const le = bytes[i] === 0x04 && bytes[i + 1] === 0x00;
    const be = bytes[i] === 0x00 && bytes[i + 1] === 0x04;
    if (!le && !be) continue;
    const elem = le ? (bytes[i + 2] as number) | ((bytes[i + 3] as number) << 8) : ((bytes[i + 2] as number) << 8) | (bytes[i + 3] as number);
    if (elem !== 0x1430 && elem !== 0x1500) continue;
    const v = readValue(bytes, i, be);
    if (!v) continue;
    if (elem === 0x1430) recordType = v.value.trim();
    else {
      const parts = v.value.split('\\').map((p) => p.trim()).filter((p) => p.length > 0);
      if (parts.length > 0) out.push({ pathComponents: parts, recordType });
    }
    i = v.end - 1;
  }
  return out;
}
