/**
 * Pixel decoding: one frame → stored values (typed array), then → HU (rescale).
 * Native LE/BE, encapsulated uncompressed, deflated image frames, RLE, and compressed
 * syntaxes through an injected CodecRegistry (JPEG, JPEG-LS, J2K, HTJ2K, JPEG XL).
 */
import dicomParser from 'dicom-parser';
import { inflateSync } from 'fflate';
import type { ParsedImage, FrameInfo, DicomHeader } from './types.ts';
import { CodecUnsupportedError, type CodecKind, type CodecRegistry, type FrameCodecInfo } from './codecs.ts';
import { DicomError } from './errors.ts';
import { TAGS } from './header.ts';
import { nativeFrameBytes } from './parse.ts';
import { pixelEncoding, transferSyntaxLabel } from './transfer-syntax.ts';
import { decodeRleFrame } from './rle.ts';
import { codecToStored, expandYbr422, floatToStored, nativeToStored, planarToInterleaved, type StoredArray } from './pixels.ts';

export type { StoredArray } from './pixels.ts';

export interface DecodedFrame {
  readonly rows: number;
  readonly columns: number;
  /** 1 (grey) or 3 (colour samples interleaved, in the file's photometric space). */
  readonly samplesPerPixel: number;
  /** Stored values with the file's signedness and BitsStored applied (sign-extended/masked). */
  readonly stored: StoredArray;
}

/**
 * Decode frame `frameIndex` (0-based) of an image.
 * @throws DicomError `unsupported-transfer-syntax` (params.syntax names it), `decode-failed`,
 *         `pixel-data-length`, `frame-out-of-range`
 */
export async function decodeFrame(image: ParsedImage, frameIndex: number, codecs: CodecRegistry): Promise<DecodedFrame> {
  const h = image.header;
  if (!Number.isInteger(frameIndex) || frameIndex < 0 || frameIndex >= h.numberOfFrames) {
    throw new DicomError('frame-out-of-range', { frame: frameIndex, frames: h.numberOfFrames });
  }
  const pixels = h.rows * h.columns;
  const samples = pixels * h.samplesPerPixel;
  const bigEndian = h.transferSyntaxUid === '1.2.840.10008.1.2.2';
  const ds = image.dataSet;
  const result = (stored: StoredArray): DecodedFrame => ({
    rows: h.rows,
    columns: h.columns,
    samplesPerPixel: h.samplesPerPixel,
    stored: h.samplesPerPixel > 1 && h.planarConfiguration === 1 && !isCodecInterleaved(h) ? planarToInterleaved(stored, pixels, h.samplesPerPixel) : stored,
  });
  if (h.pixelDataKind === 'float' || h.pixelDataKind === 'double') {
    const el = ds.elements[h.pixelDataKind === 'float' ? TAGS.floatPixelData : TAGS.doublePixelData];
    const bytesPer = h.pixelDataKind === 'float' ? 4 : 8;
    if (!el) throw new DicomError('missing-attribute', { attribute: 'PixelData' });
    const start = el.dataOffset + frameIndex * samples * bytesPer;
    return result(floatToStored(ds.byteArray.subarray(start, start + samples * bytesPer), samples, bytesPer === 8, bigEndian));
  }
  const el = ds.elements[TAGS.pixelData];
  if (!el) throw new DicomError('missing-attribute', { attribute: 'PixelData' });
  const syntax = transferSyntaxLabel(h.transferSyntaxUid);
  const enc = pixelEncoding(h.transferSyntaxUid);
  switch (enc.kind) {
    case 'native': {
      const frameBytes = nativeFrameBytes(h);
      const bitOffset = h.bitsAllocated === 1 ? frameIndex * samples : 0;
      const start = el.dataOffset + (h.bitsAllocated === 1 ? bitOffset >> 3 : frameIndex * frameBytes);
      const bytes = ds.byteArray.subarray(start, start + frameBytes + (h.bitsAllocated === 1 ? 1 : 0));
      if (bytes.length < frameBytes) throw new DicomError('pixel-data-length', { have: bytes.length, need: frameBytes });
      if (h.photometric === 'YBR_FULL_422' && h.samplesPerPixel === 3 && h.bitsAllocated === 8) {
        return result(expandYbr422(bytes, pixels));
      }
      return result(nativeToStored(bytes, h, samples, enc.bigEndian));
    }
    case 'encapsulated-uncompressed':
      return result(nativeToStored(encapsulatedFrame(image, frameIndex), h, samples, false));
    case 'deflated-frame': {
      let raw: Uint8Array;
      try {
        raw = inflateSync(encapsulatedFrame(image, frameIndex));
      } catch (e) {
        throw new DicomError('decode-failed', { syntax }, `inflate: ${String(e)}`);
      }
      return result(nativeToStored(raw, h, samples, false));
    }
    case 'rle': {
      const bytesPer = Math.ceil(h.bitsAllocated / 8);
      const le = decodeRleFrame(encapsulatedFrame(image, frameIndex), pixels, h.samplesPerPixel, bytesPer);
      return result(nativeToStored(le, h, samples, false));
    }
    case 'codec':
      return { rows: h.rows, columns: h.columns, samplesPerPixel: h.samplesPerPixel, stored: await decodeWithCodec(image, frameIndex, codecs, enc.codec) };
    case 'unsupported':
      throw new DicomError('unsupported-transfer-syntax', { syntax }, `no decoder for ${syntax}`);
  }
}

/** A compressed frame through the registry's codec; the codec's output checked against the header. */
async function decodeWithCodec(image: ParsedImage, frameIndex: number, codecs: CodecRegistry, kind: CodecKind): Promise<StoredArray> {
  const h = image.header;
  const samples = h.rows * h.columns * h.samplesPerPixel;
  const syntax = transferSyntaxLabel(h.transferSyntaxUid);
  const codec = await codecs.get(kind);
  if (!codec) throw new DicomError('unsupported-transfer-syntax', { syntax }, `no ${kind} decoder available for ${syntax}`);
  const info: FrameCodecInfo = {
    rows: h.rows,
    columns: h.columns,
    samplesPerPixel: h.samplesPerPixel,
    bitsAllocated: h.bitsAllocated,
    signed: h.pixelRepresentation === 1,
  };
  const frame = encapsulatedFrame(image, frameIndex);
  let out;
  try {
    out = await codec(frame, info);
  } catch (e) {
    if (e instanceof CodecUnsupportedError) throw new DicomError('unsupported-transfer-syntax', { syntax, detail: e.message }, `${syntax}: ${e.message}`);
    throw new DicomError('decode-failed', { syntax, detail: String(e instanceof Error ? e.message : e).slice(0, 120) }, `${syntax}: ${String(e)}`);
  }
  if (out.width !== h.columns || out.height !== h.rows || out.pixels.length < samples) {
    throw new DicomError('decode-failed', { syntax, detail: `decoded ${out.width}×${out.height}×${out.components}, header says ${h.columns}×${h.rows}×${h.samplesPerPixel}` });
  }
  return codecToStored(out.pixels.length > samples ? { ...out, pixels: out.pixels.subarray(0, samples) } : out, h);
}

function isCodecInterleaved(h: DicomHeader): boolean {
  return pixelEncoding(h.transferSyntaxUid).kind === 'codec' || pixelEncoding(h.transferSyntaxUid).kind === 'rle';
}

const START_MARKERS: readonly (readonly number[])[] = [
  [0xff, 0xd8, 0xff], // JPEG
  [0xff, 0x4f, 0xff, 0x51], // J2K codestream
  [0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50], // JP2 box
  [0xff, 0x0a], // JPEG XL codestream
  [0x00, 0x00, 0x00, 0x0c, 0x4a, 0x58, 0x4c, 0x20], // JPEG XL container
];

function startsFrame(b: Uint8Array): boolean {
  return START_MARKERS.some((m) => m.every((v, i) => b[i] === v));
}

/** The bytes of one frame of encapsulated Pixel Data (BOT, one fragment per frame, or start markers). */
export function encapsulatedFrame(image: ParsedImage, frameIndex: number): Uint8Array {
  const h = image.header;
  const ds = image.dataSet;
  const el = ds.elements[TAGS.pixelData];
  const syntax = transferSyntaxLabel(h.transferSyntaxUid);
  const frags = el?.fragments ?? [];
  if (!el || frags.length === 0) throw new DicomError('decode-failed', { syntax, detail: 'no fragments' });
  try {
    if (el.basicOffsetTable && el.basicOffsetTable.length > 0) {
      return dicomParser.readEncapsulatedImageFrame(ds, el, frameIndex) as Uint8Array;
    }
    if (h.numberOfFrames === 1) return dicomParser.readEncapsulatedPixelDataFromFragments(ds, el, 0, frags.length) as Uint8Array;
    if (frags.length === h.numberOfFrames) return dicomParser.readEncapsulatedPixelDataFromFragments(ds, el, frameIndex, 1) as Uint8Array;
    const starts: number[] = [];
    frags.forEach((f, i) => {
      if (startsFrame(ds.byteArray.subarray(f.position, f.position + 8))) starts.push(i);
    });
    if (starts.length === h.numberOfFrames) {
      const first = starts[frameIndex] as number;
      const next = starts[frameIndex + 1] ?? frags.length;
      return dicomParser.readEncapsulatedPixelDataFromFragments(ds, el, first, next - first) as Uint8Array;
    }
  } catch (e) {
    throw new DicomError('decode-failed', { syntax, detail: String(e).slice(0, 120) });
  }
  throw new DicomError('decode-failed', { syntax, detail: `cannot split ${frags.length} fragments into ${h.numberOfFrames} frames` });
}

/** Stored → HU (or modality values) as Float32: v·slope + intercept (grey images only). */
export function storedToHu(stored: StoredArray, rescale: Pick<FrameInfo, 'rescaleSlope' | 'rescaleIntercept'>): Float32Array {
  const out = new Float32Array(stored.length);
  const { rescaleSlope: s, rescaleIntercept: b } = rescale;
  for (let i = 0; i < stored.length; i++) out[i] = (stored[i] as number) * s + b;
  return out;
}

/** Stored → HU rounded and clamped to Int16 (the Volume voxel type). Writes into `out` when given. */
export function storedToHuInt16(
  stored: StoredArray,
  rescale: Pick<FrameInfo, 'rescaleSlope' | 'rescaleIntercept'>,
  out: Int16Array = new Int16Array(stored.length),
): Int16Array {
  const { rescaleSlope: s, rescaleIntercept: b } = rescale;
  // Integer rescale of 16-bit data (nearly every CT): exact, monomorphic fast paths.
  if (s === 1 && Number.isInteger(b)) {
    if (stored instanceof Int16Array) return addInt16(stored, b, out);
    if (stored instanceof Uint16Array) return addUint16(stored, b, out);
  }
  for (let i = 0; i < stored.length; i++) {
    const v = Math.round((stored[i] as number) * s + b);
    out[i] = v < -32768 ? -32768 : v > 32767 ? 32767 : v;
  }
  return out;
}

function addInt16(a: Int16Array, b: number, out: Int16Array): Int16Array {
  if (b === 0) {
    out.set(a);
    return out;
  }
  for (let i = 0; i < a.length; i++) {
    const v = (a[i] as number) + b;
    out[i] = v < -32768 ? -32768 : v > 32767 ? 32767 : v;
  }
  return out;
}

function addUint16(a: Uint16Array, b: number, out: Int16Array): Int16Array {
  for (let i = 0; i < a.length; i++) {
    const v = (a[i] as number) + b;
    out[i] = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
  }
  return out;
}
