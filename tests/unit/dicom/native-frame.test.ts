/**
 * The viewer's one-pass rescale of native frames (src/dicom/native-frame.ts) against two references: the
 * project's own decode (stored → HU) and dicom-image-loader's worker post-processing, which it replaces
 * for native little-endian slices (same values, same type, same reported min/max).
 */
import { describe, expect, it } from 'vitest';
import * as dicomParser from 'dicom-parser';
import { postProcessDecodedPixels } from '@cornerstonejs/dicom-image-loader';
import { ctSlice } from './helpers/write-dicom.ts';
import { parseDicom } from '../../../src/dicom/parse.ts';
import { decodeFrame, storedToHu } from '../../../src/dicom/decode.ts';
import { createNodeCodecs } from '../../../src/dicom/codecs-node.ts';
import type { ParsedImage } from '../../../src/dicom/types.ts';
import { nativeSamples, rescaleNativeFrame, type NativeFrameLayout, type TargetType } from '../../../src/dicom/native-frame.ts';

const rows = 16;
const columns = 12;
const geometry = { rows, columns, ippLps: [0, 0, 0], iop: [1, 0, 0, 0, 1, 0], pixelSpacingMm: [0.5, 0.5] } as const;

/** Deterministic pseudo-random integers in [lo, hi]. */
function values(n: number, lo: number, hi: number, seed: number): number[] {
  let s = seed >>> 0;
  return Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return lo + (s % (hi - lo + 1));
  });
}

function pixelElement(file: Uint8Array): Uint8Array {
  const ds = dicomParser.parseDicom(file);
  const el = ds.elements['x7fe00010']!;
  return new Uint8Array(file.buffer, file.byteOffset + el.dataOffset, el.length);
}

/** dicom-image-loader's worker result for the same frame (decodeLittleEndian view + postProcessDecodedPixels). */
function workerResult(element: Uint8Array, layout: NativeFrameLayout, slope: number, intercept: number, target: TargetType) {
  const copy = element.slice();
  const pixelData =
    layout.bitsAllocated === 8 ? copy : layout.pixelRepresentation === 1 ? new Int16Array(copy.buffer) : new Uint16Array(copy.buffer);
  const frame = { ...layout, samplesPerPixel: 1, photometricInterpretation: 'MONOCHROME2', pixelData } as Record<string, unknown>;
  const options = {
    targetBuffer: { type: target, rows: layout.rows, columns: layout.columns },
    allowFloatRendering: true,
    preScale: { enabled: true, scalingParameters: { rescaleSlope: slope, rescaleIntercept: intercept, modality: 'CT' } },
  };
  const out = postProcessDecodedPixels(frame as never, options as never, Date.now(), {} as never) as unknown as {
    pixelData: ArrayLike<number> & { constructor: { name: string } };
    smallestPixelValue: number;
    largestPixelValue: number;
  };
  return { type: out.pixelData.constructor.name, pixels: Array.from(out.pixelData), min: out.smallestPixelValue, max: out.largestPixelValue };
}

const cases: { name: string; stored: Uint16Array | Int16Array; signed: boolean; bitsStored: number; slope: number; intercept: number; target: TargetType }[] = [
  { name: 'unsigned 12-bit, intercept −1024 (Cas 1)', stored: new Uint16Array(values(rows * columns, 0, 4095, 1)), signed: false, bitsStored: 12, slope: 1, intercept: -1024, target: 'Int16Array' },
  { name: 'signed 16-bit, slope 2, intercept −10', stored: new Int16Array(values(rows * columns, -3000, 3000, 2)), signed: true, bitsStored: 16, slope: 2, intercept: -10, target: 'Int16Array' },
  { name: 'signed 12-bit stored values', stored: new Int16Array(values(rows * columns, -2048, 2047, 3)), signed: true, bitsStored: 12, slope: 1, intercept: 0.5, target: 'Float32Array' },
  // (the stored minimum 1 makes the rescaled range non-integral: the loader keeps Float32 only then)
  { name: 'float slope into Float32', stored: new Uint16Array([1, ...values(rows * columns - 1, 2, 4095, 4)]), signed: false, bitsStored: 12, slope: 0.75, intercept: -1000, target: 'Float32Array' },
];

describe('native frame rescale', () => {
  for (const c of cases) {
    it(`${c.name}: same values as the project decode and as the loader's worker`, async () => {
      const file = ctSlice({ ...geometry, stored: c.stored, signed: c.signed, bitsStored: c.bitsStored, slope: c.slope, intercept: c.intercept });
      const layout: NativeFrameLayout = { rows, columns, bitsAllocated: 16, bitsStored: c.bitsStored, pixelRepresentation: c.signed ? 1 : 0 };
      const element = pixelElement(file);
      const before = element.slice();
      const out = rescaleNativeFrame(element, layout, c.slope, c.intercept, c.target);
      expect(out).toBeDefined();
      expect(out!.pixels.constructor.name).toBe(c.target);
      expect(Array.from(element)).toEqual(Array.from(before)); // the file's bytes are not touched
      // project decode: HU of every pixel
      const p = parseDicom(file) as ParsedImage;
      const d = await decodeFrame(p, 0, createNodeCodecs());
      const hu = Array.from(storedToHu(d.stored, p.header.frames[0]!));
      expect(Array.from(out!.pixels)).toEqual(hu.map((v) => (c.target === 'Int16Array' ? v : Math.fround(v))));
      // the loader's worker
      const w = workerResult(element, layout, c.slope, c.intercept, c.target);
      expect(w.type).toBe(c.target);
      expect(Array.from(out!.pixels)).toEqual(w.pixels);
      expect([out!.min, out!.max]).toEqual([w.min, w.max]);
      expect(out!.min).toBe(Math.min(...hu));
    });
  }

  it('declines a range the target type cannot hold (the loader then picks another type)', () => {
    const stored = new Uint16Array(values(rows * columns, 0, 65535, 5));
    stored[0] = 65535;
    const file = ctSlice({ ...geometry, stored, signed: false, bitsStored: 16, slope: 1, intercept: -1024 });
    const layout: NativeFrameLayout = { rows, columns, bitsAllocated: 16, bitsStored: 16, pixelRepresentation: 0 };
    expect(rescaleNativeFrame(pixelElement(file), layout, 1, -1024, 'Int16Array')).toBeUndefined();
    expect(workerResult(pixelElement(file), layout, 1, -1024, 'Int16Array').type).not.toBe('Int16Array');
  });

  it('reads a frame at an odd byte offset and the n-th frame of an element', () => {
    const layout: NativeFrameLayout = { rows: 2, columns: 2, bitsAllocated: 16, pixelRepresentation: 1 };
    const words = new Int16Array([1, -2, 3, -4, 5, -6, 7, -8]);
    const odd = new Uint8Array(words.byteLength + 1);
    odd.set(new Uint8Array(words.buffer), 1);
    const element = odd.subarray(1);
    expect(Array.from(nativeSamples(element, layout, 0))).toEqual([1, -2, 3, -4]);
    expect(Array.from(nativeSamples(element, layout, 1))).toEqual([5, -6, 7, -8]);
    expect(() => nativeSamples(element, layout, 2)).toThrow(/frame 2/);
  });
});
