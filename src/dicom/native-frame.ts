/**
 * One native (uncompressed, little-endian) monochrome frame → rescaled values in the viewer's target
 * array, in a single pass. Same numbers as dicom-image-loader's worker path for these syntaxes
 * (decodeLittleEndian + postProcessDecodedPixels: sign extension from BitsStored for signed data, no
 * masking of unsigned data, value × slope + intercept stored into the target type), without the copy
 * to a worker, the copy back and the three extra passes. Pure: no DOM, no Cornerstone.
 */

/** Explicit VR Little Endian and Implicit VR Little Endian: the pixel data is the raw samples. */
export const NATIVE_LITTLE_ENDIAN_SYNTAXES: readonly string[] = ['1.2.840.10008.1.2.1', '1.2.840.10008.1.2'];

export interface NativeFrameLayout {
  readonly rows: number;
  readonly columns: number;
  /** 8 or 16 (other widths are not handled here). */
  readonly bitsAllocated: number;
  readonly bitsStored?: number;
  /** 0 unsigned, 1 two's complement. */
  readonly pixelRepresentation: number;
}

export type TargetArray = Uint8Array | Int8Array | Uint16Array | Int16Array | Float32Array;
export type TargetType = 'Uint8Array' | 'Int8Array' | 'Uint16Array' | 'Int16Array' | 'Float32Array';

export interface RescaledFrame {
  readonly pixels: TargetArray;
  /** min / max of the stored values after rescale (slope × stored min + intercept, as the loader reports them). */
  readonly min: number;
  readonly max: number;
}

const CTORS = { Uint8Array, Int8Array, Uint16Array, Int16Array, Float32Array } as const;

/** The smallest array type holding [min, max] (the loader's getPixelDataTypeFromMinMax). */
export function pixelTypeFor(min: number, max: number): TargetType | 'Uint32Array' {
  if (Number.isInteger(min) && Number.isInteger(max)) {
    if (min >= 0) {
      if (max <= 255) return 'Uint8Array';
      if (max <= 65535) return 'Uint16Array';
      if (max <= 4294967295) return 'Uint32Array';
    } else if (min >= -128 && max <= 127) return 'Int8Array';
    else if (min >= -32768 && max <= 32767) return 'Int16Array';
  }
  return 'Float32Array';
}

/** The raw samples of frame `frameIndex` of a native pixel data element, as a typed view (copied only when misaligned). */
export function nativeSamples(element: Uint8Array, layout: NativeFrameLayout, frameIndex = 0): Uint8Array | Int8Array | Uint16Array | Int16Array {
  const count = layout.rows * layout.columns;
  const bytesPer = layout.bitsAllocated / 8;
  if (layout.bitsAllocated !== 8 && layout.bitsAllocated !== 16) throw new Error(`nativeSamples: ${layout.bitsAllocated} bits allocated not handled`);
  const start = frameIndex * count * bytesPer;
  if (start + count * bytesPer > element.length) {
    throw new Error(`nativeSamples: frame ${frameIndex} needs ${count * bytesPer} bytes at ${start}, the element has ${element.length}`);
  }
  let buffer = element.buffer as ArrayBuffer;
  let offset = element.byteOffset + start;
  if (layout.bitsAllocated === 8) return new Uint8Array(buffer, offset, count);
  if (offset % 2) {
    buffer = buffer.slice(offset, offset + count * 2);
    offset = 0;
  }
  return layout.pixelRepresentation === 1 ? new Int16Array(buffer, offset, count) : new Uint16Array(buffer, offset, count);
}

/**
 * Rescales the frame into a new array of `target`. Returns undefined when the rescaled range does not
 * fit `target` (the loader then picks another type: let it do so).
 */
export function rescaleNativeFrame(
  element: Uint8Array,
  layout: NativeFrameLayout,
  slope: number,
  intercept: number,
  target: TargetType,
  frameIndex = 0,
): RescaledFrame | undefined {
  const raw = nativeSamples(element, layout, frameIndex);
  const n = raw.length;
  // the worker sign-extends signed data from BitsStored (8-bit samples are read unsigned there: same here)
  const shift = layout.pixelRepresentation === 1 && layout.bitsAllocated === 16 && layout.bitsStored !== undefined ? 32 - layout.bitsStored : 0;
  let min = Infinity;
  let max = -Infinity;
  if (shift > 0) {
    for (let i = 0; i < n; i++) {
      const v = ((raw[i] as number) << shift) >> shift;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const v = raw[i] as number;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  const lo = slope * min + intercept;
  const hi = slope * max + intercept;
  if (pixelTypeFor(lo, hi) !== target) return undefined;
  const out = new CTORS[target](n);
  if (shift > 0) for (let i = 0; i < n; i++) out[i] = (((raw[i] as number) << shift) >> shift) * slope + intercept;
  else if (slope === 1) for (let i = 0; i < n; i++) out[i] = (raw[i] as number) + intercept;
  else for (let i = 0; i < n; i++) out[i] = (raw[i] as number) * slope + intercept;
  return { pixels: out, min: lo, max: hi };
}
