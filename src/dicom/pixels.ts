/** Raw samples → stored values with the DICOM signedness and BitsStored/HighBit applied. */
import type { DicomHeader } from './types.ts';
import type { CodecOutput } from './codecs.ts';

export type StoredArray =
  | Uint8Array
  | Int8Array
  | Uint16Array
  | Int16Array
  | Uint32Array
  | Int32Array
  | Float32Array
  | Float64Array;

type BitsInfo = Pick<DicomHeader, 'bitsAllocated' | 'bitsStored' | 'highBit' | 'pixelRepresentation'>;

/** Apply BitsStored/HighBit: shift, mask, sign-extend (PixelRepresentation 1) in place on `v`. */
function applyBits(src: ArrayLike<number>, h: BitsInfo, out: Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array): void {
  const bs = Math.max(1, Math.min(h.bitsStored || h.bitsAllocated, h.bitsAllocated));
  const shift = Math.max(0, h.highBit + 1 - bs);
  const signed = h.pixelRepresentation === 1;
  const n = src.length;
  if (bs >= 32) {
    for (let i = 0; i < n; i++) out[i] = src[i] as number;
    return;
  }
  const mask = bs === 32 ? 0xffffffff : (1 << bs) - 1;
  const signBit = 1 << (bs - 1);
  for (let i = 0; i < n; i++) {
    let v = ((src[i] as number) >>> shift) & mask;
    if (signed && v & signBit) v -= mask + 1;
    out[i] = v;
  }
}

function makeOut(bitsAllocated: number, signed: boolean, n: number): Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array {
  if (bitsAllocated <= 8) return signed ? new Int8Array(n) : new Uint8Array(n);
  if (bitsAllocated <= 16) return signed ? new Int16Array(n) : new Uint16Array(n);
  return signed ? new Int32Array(n) : new Uint32Array(n);
}

/**
 * True when some value has all bits above BitsStored set (a sign-extended negative), i.e. the
 * writer stored full-width two's complement integers; BitsStored-bit patterns never do that.
 */
function alreadySignExtended(raw: Uint16Array | Uint32Array, h: BitsInfo): boolean {
  const bs = h.bitsStored;
  if (h.highBit !== bs - 1) return false;
  const width = h.bitsAllocated;
  const hiMask = width === 32 ? (0xffffffff >>> bs) << bs : ((1 << width) - 1) ^ ((1 << bs) - 1);
  for (let i = 0; i < raw.length; i++) if (((raw[i] as number) & hiMask) >>> 0 === hiMask >>> 0) return true;
  return false;
}

/** Native bytes of one frame (any alignment) → stored values. 1-bit data is unpacked to 0/1. */
export function nativeToStored(bytes: Uint8Array, h: BitsInfo, samples: number, bigEndian: boolean): StoredArray {
  const signed = h.pixelRepresentation === 1;
  if (h.bitsAllocated === 1) {
    const out = new Uint8Array(samples);
    for (let i = 0; i < samples; i++) out[i] = ((bytes[i >> 3] as number) >> (i & 7)) & 1;
    return out;
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = makeOut(h.bitsAllocated, signed, samples);
  const full = h.bitsStored >= h.bitsAllocated && h.highBit === h.bitsAllocated - 1;
  if (h.bitsAllocated === 8) {
    if (full) out.set(signed ? new Int8Array(bytes.buffer, bytes.byteOffset, samples) : bytes.subarray(0, samples));
    else applyBits(bytes.subarray(0, samples), h, out);
    return out;
  }
  const raw = h.bitsAllocated === 16 ? new Uint16Array(samples) : new Uint32Array(samples);
  const le = !bigEndian;
  if (h.bitsAllocated === 16) for (let i = 0; i < samples; i++) raw[i] = dv.getUint16(2 * i, le);
  else for (let i = 0; i < samples; i++) raw[i] = dv.getUint32(4 * i, le);
  if (!full && signed && alreadySignExtended(raw, h)) {
    // Negative values already carry 16/32-bit sign extension: the file stores plain integers
    // (some exceed BitsStored, e.g. IHE mlut_18): keep them rather than re-extend from BitsStored.
    out.set(h.bitsAllocated === 16 ? new Int16Array(raw.buffer) : new Int32Array(raw.buffer));
  } else if (full) {
    if (signed && h.bitsAllocated === 16) out.set(new Int16Array(raw.buffer));
    else if (signed) out.set(new Int32Array(raw.buffer));
    else out.set(raw);
  } else applyBits(raw, h, out);
  return out;
}

/** Float/Double Pixel Data → Float32Array/Float64Array. */
export function floatToStored(bytes: Uint8Array, samples: number, double: boolean, bigEndian: boolean): StoredArray {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (double) {
    const out = new Float64Array(samples);
    for (let i = 0; i < samples; i++) out[i] = dv.getFloat64(8 * i, !bigEndian);
    return out;
  }
  const out = new Float32Array(samples);
  for (let i = 0; i < samples; i++) out[i] = dv.getFloat32(4 * i, !bigEndian);
  return out;
}

/**
 * Codec output → stored values. When the codestream's signedness is known and agrees with
 * PixelRepresentation, values are kept as decoded (no masking: lossy overshoot must not wrap).
 * Otherwise (JPEG-LS/lossless carry no sign; J2K quirks where SIZ disagrees with the header)
 * the decoded bit pattern is masked to BitsStored and sign-extended per PixelRepresentation.
 */
export function codecToStored(out: CodecOutput, h: BitsInfo): StoredArray {
  const signed = h.pixelRepresentation === 1;
  const n = out.pixels.length;
  const target = makeOut(Math.max(h.bitsAllocated, out.bitsPerSample > 8 ? 16 : 8), signed, n);
  if (out.signed !== undefined && out.signed === signed) {
    target.set(out.pixels);
    return target;
  }
  if (!signed && out.signed === undefined) {
    target.set(out.pixels);
    return target;
  }
  const wordMask = out.bitsPerSample > 8 ? 0xffff : 0xff;
  const pattern = new Uint32Array(n);
  for (let i = 0; i < n; i++) pattern[i] = (out.pixels[i] as number) & wordMask;
  const bs = Math.min(h.bitsStored || 16, out.bitsPerSample > 8 ? 16 : 8);
  applyBits(pattern, { bitsAllocated: h.bitsAllocated, bitsStored: bs, highBit: bs - 1, pixelRepresentation: h.pixelRepresentation }, target);
  return target;
}

/** Planar configuration 1 (RR…GG…BB…) → interleaved. */
export function planarToInterleaved<T extends StoredArray>(a: T, pixels: number, spp: number): T {
  const out = new (a.constructor as new (n: number) => T)(a.length);
  for (let s = 0; s < spp; s++) for (let p = 0; p < pixels; p++) out[p * spp + s] = a[s * pixels + p] as number;
  return out;
}

/** Native YBR_FULL_422 (Y0 Y1 Cb Cr per pixel pair) → full YBR interleaved (Y Cb Cr per pixel). */
export function expandYbr422(bytes: Uint8Array, pixels: number): Uint8Array {
  const out = new Uint8Array(pixels * 3);
  for (let p = 0, i = 0; p + 1 < pixels + 1 && i + 3 < bytes.length + 1; p += 2, i += 4) {
    const y0 = bytes[i] as number, y1 = bytes[i + 1] as number, cb = bytes[i + 2] as number, cr = bytes[i + 3] as number;
    out[3 * p] = y0; out[3 * p + 1] = cb; out[3 * p + 2] = cr;
    if (p + 1 < pixels) { out[3 * p + 3] = y1; out[3 * p + 4] = cb; out[3 * p + 5] = cr; }
  }
  return out;
}
