/**
 * Pixel decoding: one frame → stored values (typed array), then → HU (rescale).
 * Handles native LE/BE, encapsulated uncompressed, deflated image frames, RLE, and
 * compressed syntaxes through an injected CodecRegistry.
 */
import type { ParsedImage, FrameInfo } from './types.ts';
import type { CodecRegistry } from './codecs.ts';
import { DicomError } from './errors.ts';

export type StoredArray =
  | Uint8Array
  | Int8Array
  | Uint16Array
  | Int16Array
  | Uint32Array
  | Int32Array
  | Float32Array
  | Float64Array;

export interface DecodedFrame {
  readonly rows: number;
  readonly columns: number;
  /** 1 (grey) or 3 (colour, interleaved RGB after planar/YBR handling is NOT applied: raw samples). */
  readonly samplesPerPixel: number;
  /** Stored values with the file's signedness and BitsStored applied (sign-extended/masked). */
  readonly stored: StoredArray;
}

/**
 * Decode frame `frameIndex` (0-based) of an image.
 * @throws DicomError `unsupported-transfer-syntax` (names the syntax), `decode-failed`,
 *         `pixel-data-length`, `frame-out-of-range`
 */
export async function decodeFrame(image: ParsedImage, frameIndex: number, codecs: CodecRegistry): Promise<DecodedFrame> {
  void image;
  void frameIndex;
  void codecs;
  throw new DicomError('internal', {}, 'decodeFrame: not implemented yet');
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
  for (let i = 0; i < stored.length; i++) {
    const v = Math.round((stored[i] as number) * s + b);
    out[i] = v < -32768 ? -32768 : v > 32767 ? 32767 : v;
  }
  return out;
}

/** Whether the decoders of this module can decode this transfer syntax (given a registry). */
export function isSupportedTransferSyntax(uid: string): boolean {
  void uid;
  return false;
}
