/** Transfer syntax table: names (for messages) and how their pixel data is decoded. */
import type { CodecKind } from './codecs.ts';

export type PixelEncoding =
  | { readonly kind: 'native'; readonly bigEndian: boolean }
  | { readonly kind: 'encapsulated-uncompressed' }
  | { readonly kind: 'deflated-frame' }
  | { readonly kind: 'rle' }
  | { readonly kind: 'codec'; readonly codec: CodecKind }
  | { readonly kind: 'unsupported' };

interface TsEntry {
  readonly name: string;
  readonly encoding: PixelEncoding;
  readonly lossy?: boolean;
}

const NATIVE_LE: PixelEncoding = { kind: 'native', bigEndian: false };

export const TRANSFER_SYNTAXES: Readonly<Record<string, TsEntry>> = {
  '1.2.840.10008.1.2': { name: 'Implicit VR Little Endian', encoding: NATIVE_LE },
  '1.2.840.10008.1.2.1': { name: 'Explicit VR Little Endian', encoding: NATIVE_LE },
  '1.2.840.10008.1.2.1.99': { name: 'Deflated Explicit VR Little Endian', encoding: NATIVE_LE },
  '1.2.840.10008.1.2.2': { name: 'Explicit VR Big Endian (retired)', encoding: { kind: 'native', bigEndian: true } },
  '1.2.840.10008.1.2.1.98': { name: 'Encapsulated Uncompressed Explicit VR Little Endian', encoding: { kind: 'encapsulated-uncompressed' } },
  '1.2.840.10008.1.2.8.1': { name: 'Deflated Image Frame Compression', encoding: { kind: 'deflated-frame' } },
  '1.2.840.10008.1.2.5': { name: 'RLE Lossless', encoding: { kind: 'rle' } },
  '1.2.840.10008.1.2.4.50': { name: 'JPEG Baseline (Process 1)', encoding: { kind: 'codec', codec: 'jpeg-baseline' }, lossy: true },
  '1.2.840.10008.1.2.4.51': { name: 'JPEG Extended (Process 2 & 4)', encoding: { kind: 'codec', codec: 'jpeg-baseline' }, lossy: true },
  '1.2.840.10008.1.2.4.53': { name: 'JPEG Spectral Selection, Non-Hierarchical (Process 6 & 8, retired)', encoding: { kind: 'codec', codec: 'jpeg-baseline' }, lossy: true },
  '1.2.840.10008.1.2.4.55': { name: 'JPEG Full Progression, Non-Hierarchical (Process 10 & 12, retired)', encoding: { kind: 'codec', codec: 'jpeg-baseline' }, lossy: true },
  '1.2.840.10008.1.2.4.57': { name: 'JPEG Lossless, Non-Hierarchical (Process 14)', encoding: { kind: 'codec', codec: 'jpeg-lossless' } },
  '1.2.840.10008.1.2.4.70': { name: 'JPEG Lossless, First-Order Prediction (Process 14, SV1)', encoding: { kind: 'codec', codec: 'jpeg-lossless' } },
  '1.2.840.10008.1.2.4.80': { name: 'JPEG-LS Lossless', encoding: { kind: 'codec', codec: 'jpeg-ls' } },
  '1.2.840.10008.1.2.4.81': { name: 'JPEG-LS Lossy (Near-Lossless)', encoding: { kind: 'codec', codec: 'jpeg-ls' }, lossy: true },
  '1.2.840.10008.1.2.4.90': { name: 'JPEG 2000 (Lossless Only)', encoding: { kind: 'codec', codec: 'jpeg2000' } },
  '1.2.840.10008.1.2.4.91': { name: 'JPEG 2000', encoding: { kind: 'codec', codec: 'jpeg2000' }, lossy: true },
  '1.2.840.10008.1.2.4.92': { name: 'JPEG 2000 Part 2 Multi-component (Lossless Only)', encoding: { kind: 'unsupported' } },
  '1.2.840.10008.1.2.4.93': { name: 'JPEG 2000 Part 2 Multi-component', encoding: { kind: 'unsupported' }, lossy: true },
  '1.2.840.10008.1.2.4.201': { name: 'High-Throughput JPEG 2000 (Lossless Only)', encoding: { kind: 'codec', codec: 'htj2k' } },
  '1.2.840.10008.1.2.4.202': { name: 'High-Throughput JPEG 2000 with RPCL Options (Lossless Only)', encoding: { kind: 'codec', codec: 'htj2k' } },
  '1.2.840.10008.1.2.4.203': { name: 'High-Throughput JPEG 2000', encoding: { kind: 'codec', codec: 'htj2k' }, lossy: true },
  '1.2.840.10008.1.2.4.110': { name: 'JPEG XL Lossless', encoding: { kind: 'codec', codec: 'jpeg-xl' } },
  '1.2.840.10008.1.2.4.111': { name: 'JPEG XL JPEG Recompression', encoding: { kind: 'codec', codec: 'jpeg-xl' }, lossy: true },
  '1.2.840.10008.1.2.4.112': { name: 'JPEG XL', encoding: { kind: 'codec', codec: 'jpeg-xl' }, lossy: true },
  '1.2.840.10008.1.2.4.100': { name: 'MPEG2 Main Profile / Main Level', encoding: { kind: 'unsupported' }, lossy: true },
  '1.2.840.10008.1.2.4.102': { name: 'MPEG-4 AVC/H.264 High Profile', encoding: { kind: 'unsupported' }, lossy: true },
  '1.2.840.10008.1.2.4.107': { name: 'HEVC/H.265 Main Profile', encoding: { kind: 'unsupported' }, lossy: true },
};

/** "JPEG 2000 (Lossless Only) (1.2.840.10008.1.2.4.90)"; unknown UIDs are named by their UID. */
export function transferSyntaxLabel(uid: string): string {
  const e = TRANSFER_SYNTAXES[uid];
  return e ? `${e.name} (${uid})` : `unknown transfer syntax ${uid || '(empty)'}`;
}

export function pixelEncoding(uid: string): PixelEncoding {
  return TRANSFER_SYNTAXES[uid]?.encoding ?? { kind: 'unsupported' };
}

export function isLossySyntax(uid: string): boolean {
  return TRANSFER_SYNTAXES[uid]?.lossy === true;
}

export function isKnownSyntax(uid: string): boolean {
  return uid in TRANSFER_SYNTAXES;
}
