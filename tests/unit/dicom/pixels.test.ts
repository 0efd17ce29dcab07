/** Rescale, signed/unsigned storage, BitsStored < BitsAllocated, RLE — against hand values. */
import { describe, expect, it } from 'vitest';
import { ctSlice } from './helpers/write-dicom.ts';
import { parseDicom } from '../../../src/dicom/parse.ts';
import { decodeFrame, storedToHu, storedToHuInt16 } from '../../../src/dicom/decode.ts';
import { nativeToStored } from '../../../src/dicom/pixels.ts';
import { decodeRleFrame } from '../../../src/dicom/rle.ts';
import { createNodeCodecs } from '../../../src/dicom/codecs-node.ts';
import type { ParsedImage } from '../../../src/dicom/types.ts';

const geometry = { rows: 1, columns: 4, ippLps: [0, 0, 0], iop: [1, 0, 0, 0, 1, 0], pixelSpacingMm: [0.5, 0.5] } as const;

async function decodeOne(bytes: Uint8Array) {
  const p = parseDicom(bytes) as ParsedImage;
  const d = await decodeFrame(p, 0, createNodeCodecs());
  return { stored: Array.from(d.stored), hu: Array.from(storedToHu(d.stored, p.header.frames[0]!)) };
}

describe('pixel values', () => {
  it('unsigned 12-bit with intercept −1024 and slope 1 (Philips style)', async () => {
    const r = await decodeOne(ctSlice({ ...geometry, stored: new Uint16Array([0, 1024, 2047, 4095]), signed: false, bitsStored: 12, intercept: -1024 }));
    expect(r.stored).toEqual([0, 1024, 2047, 4095]);
    expect(r.hu).toEqual([-1024, 0, 1023, 3071]);
  });

  it('signed 16-bit, slope 2, intercept −10', async () => {
    const r = await decodeOne(ctSlice({ ...geometry, stored: new Int16Array([-2000, -1, 0, 1500]), signed: true, slope: 2, intercept: -10 }));
    expect(r.stored).toEqual([-2000, -1, 0, 1500]);
    expect(r.hu).toEqual([-4010, -12, -10, 2990]);
  });

  it('signed 12-bit patterns are sign-extended from BitsStored', async () => {
    // 12-bit two's complement: 0x0FFF = −1, 0x0800 = −2048, 0x07FF = 2047
    const r = await decodeOne(ctSlice({ ...geometry, stored: new Uint16Array([0x0fff, 0x0800, 0x07ff, 5]), signed: true, bitsStored: 12 }));
    expect(r.stored).toEqual([-1, -2048, 2047, 5]);
  });

  it('signed data already sign-extended to 16 bits is kept (values beyond BitsStored too)', () => {
    const raw = new Uint8Array(new Int16Array([-2048, 4095, -1, 0]).buffer);
    const s = nativeToStored(raw, { bitsAllocated: 16, bitsStored: 12, highBit: 11, pixelRepresentation: 1 }, 4, false);
    expect(Array.from(s)).toEqual([-2048, 4095, -1, 0]);
  });

  it('unsigned 12-bit masks garbage in the unused high bits', () => {
    const raw = new Uint8Array(new Uint16Array([0xf123, 0x0123, 0x1fff, 0]).buffer);
    const s = nativeToStored(raw, { bitsAllocated: 16, bitsStored: 12, highBit: 11, pixelRepresentation: 0 }, 4, false);
    expect(Array.from(s)).toEqual([0x123, 0x123, 0xfff, 0]);
  });

  it('big-endian 16-bit bytes', () => {
    const s = nativeToStored(new Uint8Array([0xf8, 0x30, 0x00, 0x01]), { bitsAllocated: 16, bitsStored: 16, highBit: 15, pixelRepresentation: 1 }, 2, true);
    expect(Array.from(s)).toEqual([-2000, 1]);
  });

  it('rounds and clamps HU into Int16', () => {
    const out = storedToHuInt16(new Float32Array([1.4, 1.6, 40000, -40000]), { rescaleSlope: 1, rescaleIntercept: 0 });
    expect(Array.from(out)).toEqual([1, 2, 32767, -32768]);
  });

  it('RLE: two segments (MSB, LSB) with literal and repeat runs', () => {
    // values 0x0102, 0x0102, 0x0102, 0x0304 → MSB plane 01 01 01 03, LSB plane 02 02 02 04
    const msb = [0xfe, 0x01, 0x00, 0x03]; // repeat 3×01, literal 1: 03
    const lsb = [0xfe, 0x02, 0x00, 0x04];
    const header = new Uint8Array(64);
    const dv = new DataView(header.buffer);
    dv.setUint32(0, 2, true);
    dv.setUint32(4, 64, true);
    dv.setUint32(8, 64 + msb.length, true);
    const frame = new Uint8Array([...header, ...msb, ...lsb]);
    const le = decodeRleFrame(frame, 4, 1, 2);
    expect(Array.from(new Uint16Array(le.buffer))).toEqual([0x0102, 0x0102, 0x0102, 0x0304]);
  });
});
