/**
 * Part-10 parsing (dicom-parser) into a typed header, and classification of a file as
 * image / non-image / error (DicomError with a stable code).
 */
import dicomParser from 'dicom-parser';
import type { DataSet, ParseDicomOptions } from 'dicom-parser';
import { inflateSync } from 'fflate';
import type { DicomHeader, NonImageKind, ParsedDicom } from './types.ts';
import { DicomError } from './errors.ts';
import { readHeader, str, TAGS } from './header.ts';
import { isDicomdir } from './dicomdir.ts';
import { isKnownSyntax, pixelEncoding, transferSyntaxLabel } from './transfer-syntax.ts';

export interface ParseOptions {
  /** File name, used in messages only. */
  readonly name?: string;
}

const EXPLICIT_LE = '1.2.840.10008.1.2.1';
const IMPLICIT_LE = '1.2.840.10008.1.2';
const DEFLATED_LE = '1.2.840.10008.1.2.1.99';

/**
 * Parse a DICOM file. Accepts Part-10 files (preamble + DICM + file meta) and, when the
 * encoding can be recognised, bare data sets without preamble that hold an image.
 * Inflates deflated data sets.
 * @throws DicomError (`empty-file`, `not-dicom`, `truncated`, `no-transfer-syntax`, …)
 */
export function parseDicom(bytes: Uint8Array, opts: ParseOptions = {}): ParsedDicom {
  const name = opts.name ?? '';
  if (bytes.length === 0) throw new DicomError('empty-file', { file: name }, 'empty file');
  const part10 = bytes.length >= 132 && ascii(bytes, 128, 4) === 'DICM';
  let ds: DataSet;
  let noMeta = false;
  if (part10) {
    if (bytes.length < 132 + 8) throw new DicomError('truncated', { file: name }, 'file ends right after the DICM prefix');
    try {
      ds = runParser(bytes, {}, name);
    } catch (e) {
      // A DICOMDIR with broken record offsets/lengths is still a DICOMDIR: dicomdir.ts reads
      // its references with a byte scanner, so list it as a non-image instead of an error.
      if (!isDicomdir(bytes)) throw e;
      const meta = dicomParser.readPart10Header(bytes);
      return { kind: 'non-image', header: readHeader(meta, str(meta, 'x00020010')), nonImageKind: 'dicomdir', dataSet: meta };
    }
  } else {
    sniffNonDicom(bytes, name);
    const guess = guessRawEncoding(bytes);
    if (!guess) throw new DicomError('not-dicom', { file: name }, 'no DICM prefix and no recognisable DICOM data set');
    ds = runParser(bytes, { TransferSyntaxUID: guess }, name);
    noMeta = true;
  }
  const ts = str(ds, 'x00020010');
  if (!ts) throw new DicomError('no-transfer-syntax', { file: name }, 'file meta has no Transfer Syntax UID (0002,0010)');
  const header = readHeader(ds, ts);
  const nonImage = nonImageKind(header, str(ds, 'x00020002'));
  if (noMeta && (nonImage || header.pixelDataKind === 'none')) {
    throw new DicomError('no-file-meta', { file: name }, 'no preamble/DICM/file meta and no image in the data set');
  }
  if (nonImage) return { kind: 'non-image', header, nonImageKind: nonImage, dataSet: ds };
  validateImage(header, ds, name);
  return { kind: 'image', header, dataSet: ds };
}

function ascii(b: Uint8Array, start: number, n: number): string {
  let s = '';
  for (let i = start; i < Math.min(b.length, start + n); i++) s += String.fromCharCode(b[i] as number);
  return s;
}

/** Recognise common non-DICOM files to give a precise message. */
function sniffNonDicom(b: Uint8Array, name: string): void {
  const lower = name.toLowerCase();
  if (b[0] === 0x1f && b[1] === 0x8b) {
    if (lower.endsWith('.nii.gz')) throw new DicomError('nifti-file', { file: name }, 'gzip-compressed NIfTI, not DICOM');
    throw new DicomError('gzip-file', { file: name }, 'gzip-compressed file, not DICOM (unzip it first)');
  }
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) throw new DicomError('jpeg-file', { file: name }, 'a JPEG picture, not DICOM');
  if (b.length >= 348 && ((b[0] === 92 && b[1] === 1 && b[2] === 0 && b[3] === 0) || ascii(b, 344, 3) === 'n+1')) {
    throw new DicomError('nifti-file', { file: name }, 'NIfTI image, not DICOM');
  }
  let i = 0;
  while (i < b.length && i < 64 && (b[i] === 0x20 || b[i] === 0x0a || b[i] === 0x0d || b[i] === 0x09 || b[i] === 0xef || b[i] === 0xbb || b[i] === 0xbf)) i++;
  if (b[i] === 0x7b || b[i] === 0x5b) throw new DicomError('json-file', { file: name }, 'JSON text, not a DICOM Part 10 file');
}

const VRS = new Set(
  'AE AS AT CS DA DS DT FL FD IS LO LT OB OD OF OL OV OW PN SH SL SQ SS ST SV TM UC UI UL UN UR US UT UV'.split(' '),
);

/** Guess the encoding of a bare data set (no preamble, no meta): explicit or implicit LE. */
function guessRawEncoding(b: Uint8Array): string | undefined {
  if (b.length < 12) return undefined;
  const group = (b[0] as number) | ((b[1] as number) << 8);
  // A data set starts with a low group (0002 meta, 0008 identification…); anything else is not DICOM.
  if (group !== 0x0002 && group !== 0x0008 && group !== 0x0010 && group !== 0x0018 && group !== 0x0020) return undefined;
  const vr = ascii(b, 4, 2);
  if (VRS.has(vr)) return EXPLICIT_LE;
  const len = ((b[4] as number) | ((b[5] as number) << 8) | ((b[6] as number) << 16)) + (b[7] as number) * 16777216;
  return len < b.length ? IMPLICIT_LE : undefined;
}

function runParser(bytes: Uint8Array, options: ParseDicomOptions, name: string): DataSet {
  try {
    return dicomParser.parseDicom(bytes, {
      ...options,
      inflater: (arr: Uint8Array, position: number) => inflateDataSet(arr, position, name),
    } as ParseDicomOptions);
  } catch (e) {
    if (e instanceof DicomError) throw e;
    throw parserError(e, name);
  }
}

/** Deflated Explicit VR LE: meta bytes + raw-inflated rest. */
function inflateDataSet(arr: Uint8Array, position: number, name: string): Uint8Array {
  let inflated: Uint8Array;
  try {
    inflated = inflateSync(arr.subarray(position));
  } catch (e) {
    throw new DicomError('decode-failed', { file: name, syntax: transferSyntaxLabel(DEFLATED_LE) }, `inflate failed: ${String(e)}`);
  }
  const out = new Uint8Array(position + inflated.length);
  out.set(arr.subarray(0, position), 0);
  out.set(inflated, position);
  return out;
}

function parserError(e: unknown, name: string): DicomError {
  const inner = typeof e === 'object' && e !== null && 'exception' in e ? (e as { exception: unknown }).exception : e;
  const msg = inner instanceof Error ? inner.message : String(inner);
  if (inner instanceof DicomError) return inner;
  if (inner instanceof Error && !/dicomParser|buffer|overread/i.test(msg)) return new DicomError('internal', { file: name, detail: msg }, msg);
  if (/0002,0010/.test(msg)) return new DicomError('no-transfer-syntax', { file: name }, msg);
  if (/overread|premature|end of|beyond|outside|exceed|index/i.test(msg)) return new DicomError('truncated', { file: name }, msg);
  if (/DICM prefix/.test(msg)) return new DicomError('not-dicom', { file: name }, msg);
  return new DicomError('truncated', { file: name, detail: msg.slice(0, 200) }, msg);
}

const SEG = '1.2.840.10008.5.1.4.1.1.66.4';

function nonImageKind(h: DicomHeader, mediaSopClass: string): NonImageKind | undefined {
  const c = h.sopClassUid || mediaSopClass;
  if (c === '1.2.840.10008.1.3.10') return 'dicomdir';
  if (c.startsWith('1.2.840.10008.5.1.4.1.1.88.59')) return 'key-object';
  if (c.startsWith('1.2.840.10008.5.1.4.1.1.88.')) return 'structured-report';
  if (c.startsWith('1.2.840.10008.5.1.4.1.1.481.') && /\.(5|8|9)$/.test(c)) return 'rt-plan';
  if (c === '1.2.840.10008.5.1.4.1.1.481.3') return 'rt-structure-set';
  if (c.startsWith('1.2.840.10008.5.1.4.1.1.9.')) return 'waveform';
  if (c === SEG) return 'segmentation';
  if (c.startsWith('1.2.840.10008.5.1.4.1.1.11.')) return 'presentation-state';
  if (c.startsWith('1.2.840.10008.5.1.4.1.1.104.')) return 'encapsulated-document';
  if (c === '1.2.840.10008.5.1.4.1.1.66') return 'raw-data';
  if (h.pixelDataKind === 'none') return 'other';
  return undefined;
}

/** Bytes one frame needs in native encoding. */
export function nativeFrameBytes(h: DicomHeader): number {
  const pixels = h.rows * h.columns;
  // YBR_FULL_422 native: two luma and one Cb/Cr pair per two pixels.
  const samples = h.photometric === 'YBR_FULL_422' && h.samplesPerPixel === 3 ? pixels * 2 : pixels * h.samplesPerPixel;
  return h.bitsAllocated === 1 ? Math.ceil(samples / 8) : samples * (h.bitsAllocated / 8);
}

function validateImage(h: DicomHeader, ds: DataSet, name: string): void {
  if (h.rows <= 0 || h.columns <= 0) {
    throw new DicomError('missing-attribute', { file: name, attribute: h.rows <= 0 ? 'Rows' : 'Columns' }, 'Rows/Columns missing');
  }
  if (h.pixelDataKind !== 'int') {
    const bits = h.pixelDataKind === 'float' ? 32 : 64;
    const el = ds.elements[h.pixelDataKind === 'float' ? TAGS.floatPixelData : TAGS.doublePixelData];
    checkLength(el?.length ?? 0, h.rows * h.columns * h.samplesPerPixel * (bits / 8) * h.numberOfFrames, name);
    return;
  }
  if (![1, 8, 16, 32].includes(h.bitsAllocated)) {
    throw new DicomError('unsupported-pixel-format', { file: name, bitsAllocated: h.bitsAllocated }, `BitsAllocated ${h.bitsAllocated}`);
  }
  const el = ds.elements[TAGS.pixelData];
  if (!el) throw new DicomError('missing-attribute', { file: name, attribute: 'PixelData' }, 'no Pixel Data');
  const enc = pixelEncoding(h.transferSyntaxUid);
  const nativeTs = enc.kind === 'native';
  const itemTagFirst = ds.byteArray[el.dataOffset] === 0xfe && ds.byteArray[el.dataOffset + 1] === 0xff && ds.byteArray[el.dataOffset + 2] === 0x00 && ds.byteArray[el.dataOffset + 3] === 0xe0;
  if (nativeTs && (el.encapsulatedPixelData || (itemTagFirst && (el.hadUndefinedLength || el.length < nativeFrameBytes(h) * h.numberOfFrames)))) {
    throw new DicomError('mislabelled-transfer-syntax', { file: name, syntax: transferSyntaxLabel(h.transferSyntaxUid) },
      'encapsulated (compressed) Pixel Data in a file labelled with a native transfer syntax');
  }
  if (!nativeTs && isKnownSyntax(h.transferSyntaxUid) && !el.encapsulatedPixelData) {
    throw new DicomError('mislabelled-transfer-syntax', { file: name, syntax: transferSyntaxLabel(h.transferSyntaxUid) },
      'native Pixel Data in a file labelled with a compressed transfer syntax');
  }
  if (nativeTs) {
    checkLength(el.length, nativeFrameBytes(h) * h.numberOfFrames, name);
    if (el.dataOffset + el.length > ds.byteArray.length) {
      throw new DicomError('truncated', { file: name }, 'Pixel Data runs past the end of the file');
    }
  } else if (el.encapsulatedPixelData) {
    const frags = el.fragments ?? [];
    const last = frags[frags.length - 1];
    const truncated = ds.warnings.some((w) => /delimit|end of file|overread/i.test(w));
    if (frags.length === 0 || truncated || (last && last.position + last.length > ds.byteArray.length)) {
      throw new DicomError('truncated', { file: name }, 'encapsulated Pixel Data is cut short');
    }
  }
}

function checkLength(have: number, need: number, name: string): void {
  if (have < need) {
    throw new DicomError('pixel-data-length', { file: name, have, need }, `Pixel Data holds ${have} bytes, the header needs ${need}`);
  }
}
