// Transfer syntaxes the writer produces and the WASM encoders (@cornerstonejs codec packages) behind them.
import { createRequire } from 'node:module';

export const TRANSFER_SYNTAX = {
  'implicit-le': '1.2.840.10008.1.2',
  'explicit-le': '1.2.840.10008.1.2.1',
  'jpeg-ls': '1.2.840.10008.1.2.4.80',
  j2k: '1.2.840.10008.1.2.4.90',
  htj2k: '1.2.840.10008.1.2.4.201',
} as const;

export type TransferSyntaxName = keyof typeof TRANSFER_SYNTAX;

export function isEncapsulatedSyntax(ts: TransferSyntaxName): boolean {
  return ts === 'jpeg-ls' || ts === 'j2k' || ts === 'htj2k';
}

/** One frame of 16-bit samples (bit pattern as stored: signed or unsigned). */
export interface FrameToEncode {
  readonly columns: number;
  readonly rows: number;
  readonly bitsStored: number;
  readonly signed: boolean;
  /** rows·columns samples, little endian, 2 bytes each */
  readonly samples: Uint8Array;
}

export type FrameEncoder = (frame: FrameToEncode) => Uint8Array;

interface WasmCodecEncoder {
  getDecodedBuffer(info: Record<string, number | boolean>): Uint8Array;
  getEncodedBuffer(): Uint8Array;
  encode(): void;
  delete(): void;
  setNearLossless?(n: number): void;
  setQuality?(lossless: boolean, quantizationStep: number): void;
  setDecompositions?(n: number): void;
}
type EncoderCtor = new () => WasmCodecEncoder;
type CodecFactory = () => Promise<Record<string, unknown>>;

const require = createRequire(import.meta.url);

async function loadEncoder(pkg: string, className: string): Promise<EncoderCtor> {
  const factory = require(pkg) as CodecFactory;
  const module = await factory();
  const ctor = module[className];
  if (typeof ctor !== 'function') throw new Error(`${pkg} has no ${className}`);
  return ctor as EncoderCtor;
}

function runEncoder(ctor: EncoderCtor, frame: FrameToEncode, configure: (e: WasmCodecEncoder) => void): Uint8Array {
  const expected = frame.columns * frame.rows * 2;
  if (frame.samples.length !== expected) {
    throw new Error(`frame has ${frame.samples.length} bytes, expected ${expected} (${frame.columns}×${frame.rows}×2)`);
  }
  const enc = new ctor();
  try {
    const input = enc.getDecodedBuffer({
      width: frame.columns,
      height: frame.rows,
      bitsPerSample: frame.bitsStored,
      componentCount: 1,
      isSigned: frame.signed,
      isUsingColorTransform: false,
    });
    input.set(frame.samples);
    configure(enc);
    enc.encode();
    return enc.getEncodedBuffer().slice();
  } finally {
    enc.delete();
  }
}

/**
 * A lossless frame encoder for a transfer syntax (null for native syntaxes).
 * Loads the WASM module once per call: create one encoder per worker and reuse it.
 */
export async function createFrameEncoder(ts: TransferSyntaxName): Promise<FrameEncoder | null> {
  switch (ts) {
    case 'implicit-le':
    case 'explicit-le':
      return null;
    case 'jpeg-ls': {
      const ctor = await loadEncoder('@cornerstonejs/codec-charls/wasmjs', 'JpegLSEncoder');
      // JPEG-LS has no signed samples: the 16-bit pattern is coded as unsigned and read back as stored.
      return (f) => runEncoder(ctor, f, (e) => e.setNearLossless?.(0));
    }
    case 'htj2k': {
      const ctor = await loadEncoder('@cornerstonejs/codec-openjph/wasmjs', 'HTJ2KEncoder');
      return (f) => runEncoder(ctor, f, (e) => e.setQuality?.(true, 0));
    }
    case 'j2k': {
      const ctor = await loadEncoder('@cornerstonejs/codec-openjpeg/wasmjs', 'J2KEncoder');
      return (f) => runEncoder(ctor, f, (e) => e.setQuality?.(true, 0));
    }
  }
}
