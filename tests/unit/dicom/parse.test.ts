/** Parsing edge cases on synthetic files, and the FR/EN message catalogue. */
import { describe, expect, it } from 'vitest';
import { ctSlice, writeDicom } from './helpers/write-dicom.ts';
import { parseDicom } from '../../../src/dicom/parse.ts';
import { DicomError, DICOM_ERROR_CODES } from '../../../src/dicom/errors.ts';
import { MESSAGES, dicomMessage } from '../../../src/dicom/messages.ts';

const slice = () =>
  ctSlice({ rows: 2, columns: 3, ippLps: [1, 2, 3], iop: [1, 0, 0, 0, 1, 0], pixelSpacingMm: [0.8, 0.6], stored: new Int16Array([1, 2, 3, 4, 5, 6]), signed: true, intercept: -1024 });

/** Strip preamble, DICM and the group-0002 meta: a bare explicit VR LE data set. */
function bare(file: Uint8Array): Uint8Array {
  const dv = new DataView(file.buffer, file.byteOffset);
  const metaLength = dv.getUint32(132 + 8, true);
  return file.subarray(132 + 12 + metaLength);
}

describe('parseDicom', () => {
  it('reads the typed header (PixelSpacing order [row, column])', () => {
    const p = parseDicom(slice());
    expect(p.kind).toBe('image');
    const h = p.header;
    expect([h.rows, h.columns, h.numberOfFrames, h.bitsAllocated, h.pixelRepresentation]).toEqual([2, 3, 1, 16, 1]);
    expect(h.shared.pixelSpacingMm).toEqual([0.8, 0.6]);
    expect(h.shared.ippLps).toEqual([1, 2, 3]);
    expect(h.frames[0]?.rescaleIntercept).toBe(-1024);
    expect(h.transferSyntaxUid).toBe('1.2.840.10008.1.2.1');
  });

  it('accepts an image data set without preamble/meta (explicit VR LE guessed)', () => {
    const p = parseDicom(bare(slice()));
    expect(p.kind).toBe('image');
    expect(p.header.rows).toBe(2);
  });

  it('refuses a bare data set without an image (no-file-meta) and random bytes (not-dicom)', () => {
    const sr = writeDicom([
      { tag: [0x0008, 0x0016], vr: 'UI', value: '1.2.840.10008.5.1.4.1.1.88.11' },
      { tag: [0x0008, 0x0060], vr: 'CS', value: 'SR' },
    ]);
    expect(parseDicom(sr).kind).toBe('non-image');
    const codeOf = (b: Uint8Array) => {
      try {
        parseDicom(b);
        return 'accepted';
      } catch (e) {
        return e instanceof DicomError ? e.code : 'crash';
      }
    };
    expect(codeOf(bare(sr))).toBe('no-file-meta');
    expect(codeOf(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]))).toBe('not-dicom');
    expect(codeOf(new Uint8Array(0))).toBe('empty-file');
    expect(codeOf(slice().subarray(0, 300))).toBe('truncated');
  });

  it('has a French and an English message for every code', () => {
    for (const code of [...DICOM_ERROR_CODES, ...Object.keys(MESSAGES)]) {
      const entry = MESSAGES[code as keyof typeof MESSAGES];
      expect(entry, code).toBeDefined();
      const fr = dicomMessage(code as keyof typeof MESSAGES, { syntax: 'JPEG X (1.2.3)' }, 'fr');
      const en = dicomMessage(code as keyof typeof MESSAGES, { syntax: 'JPEG X (1.2.3)' }, 'en');
      expect(fr.length).toBeGreaterThan(5);
      expect(en.length).toBeGreaterThan(5);
    }
    expect(dicomMessage('unsupported-transfer-syntax', { syntax: 'JPEG X (1.2.3)' }, 'en')).toContain('1.2.3');
  });
});
