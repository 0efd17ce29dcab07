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

/** Mask 16-bit words to `bs` bits (unsigned) in place. */
function mask16(a: Uint16Array, bs: number): void {
  const m = (1 << bs) - 1;
  for (let i = 0; i < a.length; i++) a[i] = (a[i] as number) & m;
}

/** Sign-extend `bs`-bit patterns held in 16-bit words, in place (the Int16Array views the same words). */
function signExtend16(a: Int16Array, bs: number): void {
  const sh = 32 - bs;
  for (let i = 0; i < a.length; i++) a[i] = ((a[i] as number) << sh) >> sh;
}

/** 16-bit samples → stored values (little-endian bytes, copied to an aligned buffer). */
function native16(bytes: Uint8Array, h: BitsInfo, samples: number, bigEndian: boolean): StoredArray {
  const copy = bytes.slice(0, samples * 2);
  if (bigEndian) {
    for (let i = 0; i + 1 < copy.length; i += 2) {
      const t = copy[i] as number;
      copy[i] = copy[i + 1] as number;
      copy[i + 1] = t;
    }
  }
  const u = new Uint16Array(copy.buffer, 0, samples);
  const signed = h.pixelRepresentation === 1;
  const bs = h.bitsStored;
  if (h.highBit !== bs - 1 || bs < 1 || bs > 16) {
    const out = makeOut(16, signed, samples);
    applyBits(u, h, out);
    return out;
  }
  if (!signed) {
    if (bs < 16) mask16(u, bs);
    return u;
  }
  const s = new Int16Array(copy.buffer, 0, samples);
  if (bs < 16 && !alreadySignExtended(u, h)) signExtend16(s, bs);
  // Already sign-extended: the writer stored full-width two's complement integers (some
  // beyond BitsStored, e.g. IHE mlut_18): keep them as they are.
  return s;
}

/** Native bytes of one frame (any alignment) → stored values. 1-bit data is unpacked to 0/1. */
export function nativeToStored(bytes: Uint8Array, h: BitsInfo, samples: number, bigEndian: boolean): StoredArray {
  const signed = h.pixelRepresentation === 1;
  if (h.bitsAllocated === 1) {
    const out = new Uint8Array(samples);
    for (let i = 0; i < samples; i++) out[i] = ((bytes[i >> 3] as number) >> (i & 7)) & 1;
    return out;
  }
  if (h.bitsAllocated === 16) return native16(bytes, h, samples, bigEndian);
  const out = makeOut(h.bitsAllocated, signed, samples);
  const full = h.bitsStored >= h.bitsAllocated && h.highBit === h.bitsAllocated - 1;
  if (h.bitsAllocated === 8) {
    if (full) out.set(signed ? new Int8Array(bytes.buffer, bytes.byteOffset, samples) : bytes.subarray(0, samples));
    else applyBits(bytes.subarray(0, samples), h, out);
    return out;
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const raw = new Uint32Array(samples);
  for (let i = 0; i < samples; i++) raw[i] = dv.getUint32(4 * i, !bigEndian);
  if (!full && signed && alreadySignExtended(raw, h)) out.set(new Int32Array(raw.buffer));
  else if (full) out.set(signed ? new Int32Array(raw.buffer) : raw);
  else applyBits(raw, h, out);
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
  const wide = out.bitsPerSample > 8;
  const keep = (out.signed !== undefined && out.signed === signed) || (!signed && out.signed === undefined);
  if (keep && (h.bitsAllocated > 8) === wide) return out.pixels;
  if (keep) {
    const target = makeOut(Math.max(h.bitsAllocated, wide ? 16 : 8), signed, n);
    target.set(out.pixels);
    return target;
  }
  const bs = Math.min(h.bitsStored || 16, wide ? 16 : 8);
  if (wide && h.bitsAllocated <= 16) {
    // Reinterpret the decoded 16-bit patterns, then mask / sign-extend from BitsStored.
    const px = out.pixels;
    const words = new Uint16Array(px.buffer.slice(px.byteOffset, px.byteOffset + px.byteLength));
    if (!signed) {
      if (bs < 16) mask16(words, bs);
      return words;
    }
    const s = new Int16Array(words.buffer);
    if (bs < 16) signExtend16(s, bs);
    return s;
  }
  const target = makeOut(Math.max(h.bitsAllocated, wide ? 16 : 8), signed, n);
  const wordMask = wide ? 0xffff : 0xff;
  const pattern = new Uint32Array(n);
  for (let i = 0; i < n; i++) pattern[i] = (out.pixels[i] as number) & wordMask;
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
