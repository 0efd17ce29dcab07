/** DICOM RLE Lossless (PS3.5 Annex G) frame decoder → native little-endian interleaved bytes. */
import { DicomError } from './errors.ts';

/**
 * Decode one RLE frame. Segments hold byte planes (most significant byte first) of each sample;
 * the result is interleaved samples, little-endian, `bytesPerSample` bytes each.
 */
export function decodeRleFrame(frame: Uint8Array, pixels: number, samplesPerPixel: number, bytesPerSample: number): Uint8Array {
  if (frame.length < 64) throw new DicomError('decode-failed', { syntax: 'RLE Lossless (1.2.840.10008.1.2.5)' }, 'RLE header too short');
  const dv = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const nSegments = dv.getUint32(0, true);
  const expected = samplesPerPixel * bytesPerSample;
  if (nSegments !== expected || nSegments > 15) {
    throw new DicomError('decode-failed', { syntax: 'RLE Lossless (1.2.840.10008.1.2.5)' }, `RLE has ${nSegments} segments, expected ${expected}`);
  }
  const stride = expected;
  const out = new Uint8Array(pixels * stride);
  for (let s = 0; s < nSegments; s++) {
    const start = dv.getUint32(4 + 4 * s, true);
    const end = s + 1 < nSegments ? dv.getUint32(8 + 4 * s, true) : frame.length;
    const sample = Math.floor(s / bytesPerSample);
    const byteInSample = bytesPerSample - 1 - (s % bytesPerSample); // MSB segment first → LE position
    let o = sample * bytesPerSample + byteInSample;
    const oEnd = out.length;
    let i = start;
    const stop = Math.min(end, frame.length);
    while (i < stop && o < oEnd) {
      const n = frame[i++] as number;
      if (n < 128) {
        for (let k = 0; k <= n && i < stop && o < oEnd; k++, o += stride) out[o] = frame[i++] as number;
      } else if (n > 128) {
        const v = frame[i++] as number;
        for (let k = 0; k < 257 - n && o < oEnd; k++, o += stride) out[o] = v;
      }
    }
    if (o < oEnd) throw new DicomError('decode-failed', { syntax: 'RLE Lossless (1.2.840.10008.1.2.5)' }, `RLE segment ${s} too short`);
  }
  return out;
}
