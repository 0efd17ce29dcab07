/**
 * Compressed-frame decoders behind an injectable registry, so Node (CLI/tests) and browser
 * workers share the decoding logic and only differ in how the codec modules are loaded
 * (see codecs-node.ts for Node; a worker passes loaders that fetch the .wasm files).
 */

/** One decoded compressed frame, before DICOM signedness/bit-depth handling. */
export interface CodecOutput {
  readonly width: number;
  readonly height: number;
  readonly components: number;
  readonly bitsPerSample: number;
  /** Whether the codestream declared signed samples (J2K/HTJ2K SIZ); undefined when it cannot say. */
  readonly signed?: boolean;
  /** Samples interleaved; 16-bit samples as Uint16Array/Int16Array (host order). */
  readonly pixels: Uint8Array | Int8Array | Uint16Array | Int16Array;
  /** Set when the decoder could only give 8-bit precision for deeper data (reported as a problem). */
  readonly eightBitPrecision?: boolean;
}

export type CodecKind = 'jpeg-baseline' | 'jpeg-lossless' | 'jpeg-ls' | 'jpeg2000' | 'htj2k' | 'jpeg-xl';

/** What the DICOM header says about the frame (some codecs need it). */
export interface FrameCodecInfo {
  readonly rows: number;
  readonly columns: number;
  readonly samplesPerPixel: number;
  readonly bitsAllocated: number;
  readonly signed: boolean;
}

/** Decodes one compressed frame. `frame` is the complete codestream of that frame. */
export type FrameCodec = (frame: Uint8Array, info: FrameCodecInfo) => Promise<CodecOutput>;

/** Provides codecs on demand (loading modules lazily). Returns undefined when unavailable. */
export interface CodecRegistry {
  get(kind: CodecKind): Promise<FrameCodec | undefined>;
}

/** Factories returning the raw modules of the codec packages (each called at most once per registry). */
export interface CodecModuleLoaders {
  /** @cornerstonejs/codec-charls decode module (instance with JpegLSDecoder). */
  readonly charls?: () => Promise<unknown>;
  /** @cornerstonejs/codec-openjpeg decode module (J2KDecoder). */
  readonly openjpeg?: () => Promise<unknown>;
  /** @cornerstonejs/codec-openjph module (HTJ2KDecoder). */
  readonly openjph?: () => Promise<unknown>;
  /** @cornerstonejs/codec-libjpeg-turbo-8bit decode module (JPEGDecoder). */
  readonly libjpegTurbo8?: () => Promise<unknown>;
  /** @cornerstonejs/codec-libjxl decode module (JpegXLDecoder). */
  readonly libjxl?: () => Promise<unknown>;
  /** @cornerstonejs/jpeg-lossless-decoder-js module ({ Decoder }). */
  readonly jpegLossless?: () => Promise<unknown>;
  /** A pdf.js-style JpegImage class (12-bit and progressive JPEG), e.g. dicom-image-loader's codecs/jpeg.js. */
  readonly jpegJs?: () => Promise<unknown>;
}

interface EmFrameInfo {
  width: number;
  height: number;
  bitsPerSample: number;
  componentCount: number;
  isSigned?: boolean;
}
interface EmDecoder {
  getEncodedBuffer(n: number): Uint8Array;
  getDecodedBuffer(): Uint8Array;
  getFrameInfo(): EmFrameInfo;
  decode(): void;
  delete?(): void;
}
type EmModule = Record<string, unknown> & { getExceptionMessage?: (e: number) => string };

/** Copy the decoder output into its own buffer, typed by sample size and signedness. */
function typedOutput(bytes: Uint8Array, fi: EmFrameInfo): CodecOutput {
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  const signed = fi.isSigned === true;
  const pixels =
    fi.bitsPerSample > 8
      ? signed
        ? new Int16Array(copy.buffer, 0, copy.length >> 1)
        : new Uint16Array(copy.buffer, 0, copy.length >> 1)
      : signed
        ? new Int8Array(copy.buffer)
        : copy;
  return {
    width: fi.width,
    height: fi.height,
    components: fi.componentCount,
    bitsPerSample: fi.bitsPerSample,
    ...(fi.isSigned !== undefined ? { signed: fi.isSigned } : {}),
    pixels,
  };
}

function emscriptenCodec(mod: EmModule, className: string, kind: CodecKind, signedFromStream: boolean): FrameCodec {
  const Ctor = mod[className] as (new () => EmDecoder) | undefined;
  if (typeof Ctor !== 'function') throw new Error(`${kind} module has no ${className}`);
  // One decoder per registry, reused frame after frame (decode is synchronous, so frames never
  // interleave); HTJ2K gets a fresh decoder per frame as dicom-image-loader does.
  const reuse = kind !== 'htj2k';
  let shared: EmDecoder | undefined;
  return async (frame) => {
    const dec = reuse ? (shared ??= new Ctor()) : new Ctor();
    let ok = false;
    try {
      dec.getEncodedBuffer(frame.length).set(frame);
      try {
        dec.decode();
      } catch (e) {
        throw new Error(typeof e === 'number' && mod.getExceptionMessage ? mod.getExceptionMessage(e) : String(e));
      }
      const fi = dec.getFrameInfo();
      const { width, height, bitsPerSample, componentCount } = fi;
      const info: EmFrameInfo = signedFromStream ? fi : { width, height, bitsPerSample, componentCount };
      const out = typedOutput(dec.getDecodedBuffer(), info);
      ok = true;
      return out;
    } finally {
      if (!reuse || !ok) {
        dec.delete?.();
        if (dec === shared) shared = undefined;
      }
    }
  };
}

/** Precision (bits) of the first SOF marker of a JPEG codestream, 0 when not found. */
export function jpegPrecision(b: Uint8Array): { precision: number; sof: number } {
  for (let i = 2; i + 4 < b.length; ) {
    if (b[i] !== 0xff) {
      i++;
      continue;
    }
    const m = b[i + 1] as number;
    if (m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc) return { precision: b[i + 4] as number, sof: m };
    if (m === 0xd8 || m === 0x01 || (m >= 0xd0 && m <= 0xd7) || m === 0xff) {
      i += m === 0xff ? 1 : 2;
      continue;
    }
    i += 2 + (((b[i + 2] as number) << 8) | (b[i + 3] as number));
  }
  return { precision: 0, sof: 0 };
}

type JpegImageCtor = new () => {
  parse(d: Uint8Array): void;
  colorTransform: boolean;
  width: number;
  height: number;
  components: unknown[];
  getData(w: number, h: number): Uint8Array;
  getData16(w: number, h: number): Uint16Array;
};

/**
 * The pdf.js-derived decoder scales its 8-bit level shift and rounding term (2056 = 128·16 + 8)
 * by (2^P − 1)/255 for P-bit data instead of using 2^(P−1)·16 + 8, which biases every 12-bit
 * sample by +15 (≈ +30 HU at slope 2). Undo the bias (exact to ±1 stored unit on lossy data).
 */
export function correctJpegJsLevelShift(px: Uint16Array, precision: number): void {
  const max = 2 ** precision - 1;
  const bias = Math.round((2056 * max) / 255 / 16 - 2 ** (precision - 1) - 0.5);
  if (bias === 0) return;
  for (let i = 0; i < px.length; i++) {
    const v = (px[i] as number) - bias;
    px[i] = v < 0 ? 0 : v > max ? max : v;
  }
}

function jpegJsCodec(JpegImage: JpegImageCtor): FrameCodec {
  return async (frame, info) => {
    const jpeg = new JpegImage();
    jpeg.parse(frame);
    jpeg.colorTransform = false;
    const { precision } = jpegPrecision(frame);
    const wide = precision > 8;
    const pixels = wide ? jpeg.getData16(jpeg.width, jpeg.height) : jpeg.getData(jpeg.width, jpeg.height);
    if (wide) correctJpegJsLevelShift(pixels as Uint16Array, precision);
    void info;
    return { width: jpeg.width, height: jpeg.height, components: jpeg.components.length, bitsPerSample: wide ? 16 : 8, pixels };
  };
}

type LosslessDecoderCtor = new () => { decode(b: ArrayBuffer, o: number, l: number, n: number): Uint8Array | Uint16Array };
interface LosslessPredictorHost {
  getPreviousX(c: number): number;
  getPreviousY(c: number): number;
  getPreviousXY(c: number): number;
}

/** Mean |horizontal neighbour difference| of 16-bit samples read as signed (smaller = smoother). */
function roughness(px: Uint16Array, width: number): number {
  let tv = 0;
  for (let i = 1; i < px.length; i++) if (i % width) tv += Math.abs(((px[i] as number) << 16 >> 16) - ((px[i - 1] as number) << 16 >> 16));
  return tv / px.length;
}

function jpegLosslessCodec(mod: { Decoder: LosslessDecoderCtor }): FrameCodec {
  /**
   * Some encoders computed predictor 6 (Rb + (Ra − Rc)/2) on signed 16-bit values instead of
   * the unsigned samples JPEG specifies; plain decoders then return noise (dcmtk's
   * `dcmdjpeg +w6`). This decoder applies that signed predictor.
   */
  class Pred6SignedDecoder extends mod.Decoder {
    select6(this: LosslessPredictorHost, c: number): number {
      const s = (x: number) => (x << 16) >> 16;
      return s(this.getPreviousY(c)) + ((s(this.getPreviousX(c)) - s(this.getPreviousXY(c))) >> 1);
    }
  }
  const run = (Ctor: LosslessDecoderCtor, frame: Uint8Array, bytes: number) => {
    const out = new Ctor().decode(frame.buffer as ArrayBuffer, frame.byteOffset, frame.length, bytes);
    const copy = new Uint8Array(out.byteLength);
    copy.set(new Uint8Array(out.buffer, out.byteOffset, out.byteLength));
    return bytes === 2 ? new Uint16Array(copy.buffer) : copy;
  };
  return async (frame, info) => {
    const bytes = info.bitsAllocated <= 8 ? 1 : 2;
    let pixels: Uint8Array | Uint16Array = run(mod.Decoder, frame, bytes);
    const { precision } = jpegPrecision(frame);
    if (bytes === 2 && precision === 16 && info.samplesPerPixel === 1 && jpegScans(frame)[0]?.ss === 6) {
      // Decode both ways and keep the smoother image: the wrong predictor yields noise.
      const alt = run(Pred6SignedDecoder, frame, 2) as Uint16Array;
      if (roughness(alt, info.columns) < roughness(pixels as Uint16Array, info.columns)) pixels = alt;
    }
    return { width: info.columns, height: info.rows, components: info.samplesPerPixel, bitsPerSample: bytes * 8, pixels };
  };
}

/** Scan headers (SOS) of a JPEG codestream: Ss (predictor for lossless), Se, Ah/Al byte. */
export function jpegScans(b: Uint8Array): { ss: number; se: number; ahal: number }[] {
  const scans: { ss: number; se: number; ahal: number }[] = [];
  let i = 2;
  while (i + 4 < b.length) {
    if (b[i] !== 0xff) {
      i++;
      continue;
    }
    const m = b[i + 1] as number;
    if (m === 0x00 || m === 0xff || (m >= 0xd0 && m <= 0xd8) || m === 0x01) {
      i += m === 0xff ? 1 : 2;
      continue;
    }
    if (m === 0xd9) break;
    const len = ((b[i + 2] as number) << 8) | (b[i + 3] as number);
    if (m === 0xda) {
      const p = i + 4 + 1 + 2 * (b[i + 4] as number);
      scans.push({ ss: b[p] ?? 0, se: b[p + 1] ?? 0, ahal: b[p + 2] ?? 0 });
    }
    i += 2 + len;
  }
  return scans;
}

/** True when any scan of a JPEG codestream uses successive approximation (Ah or Al ≠ 0). */
export function jpegUsesSuccessiveApproximation(b: Uint8Array): boolean {
  return jpegScans(b).some((s) => s.ahal !== 0);
}

/** Thrown by a codec for input it knows it cannot decode correctly (mapped to unsupported-transfer-syntax). */
export class CodecUnsupportedError extends Error {
  override readonly name = 'CodecUnsupportedError';
}

function jpegBaselineCodec(turbo: FrameCodec | undefined, jsLoader: () => Promise<FrameCodec | undefined>): FrameCodec {
  return async (frame, info) => {
    const { precision, sof } = jpegPrecision(frame);
    // libjpeg-turbo-8bit: 8-bit only; 12-bit (extended) and arithmetic coding go to the JS decoder.
    if (turbo && precision <= 8 && sof !== 0xc9 && sof !== 0xca) {
      try {
        return await turbo(frame, info);
      } catch {
        /* fall through to the JS decoder */
      }
    }
    // The JS decoder mis-decodes refinement scans of >8-bit progressive JPEG (errors of
    // hundreds of HU seen on process 10/12 data): refuse rather than show wrong values.
    if (precision > 8 && jpegUsesSuccessiveApproximation(frame)) {
      throw new CodecUnsupportedError(`${precision}-bit progressive JPEG with successive approximation`);
    }
    const js = await jsLoader();
    if (!js) throw new Error(`no decoder for ${precision}-bit JPEG (SOF ${sof.toString(16)})`);
    return js(frame, info);
  };
}

/**
 * The libjxl wrapper returns P-bit codestreams with 8 < P < 16 as 8-bit-scaled values
 * (v·255/(2^P−1)) in 16-bit words. Scale back to P bits (precision is limited to 2^P/256 steps).
 */
function jxlPrecisionFix(inner: FrameCodec): FrameCodec {
  return async (frame, info) => {
    const out = await inner(frame, info);
    const p = out.bitsPerSample;
    if (p <= 8 || p >= 16) return out;
    const px = out.pixels;
    let max = 0;
    for (let i = 0; i < px.length; i++) if ((px[i] as number) > max) max = px[i] as number;
    if (max > 255) return out;
    const scale = (2 ** p - 1) / 255;
    const fixed = new Uint16Array(px.length);
    for (let i = 0; i < px.length; i++) fixed[i] = Math.round((px[i] as number) * scale);
    return { ...out, pixels: fixed, eightBitPrecision: true };
  };
}

/** Build a registry from module loaders (each module is initialised once per registry). */
export function createCodecRegistry(loaders: CodecModuleLoaders): CodecRegistry {
  const cache = new Map<string, Promise<FrameCodec | undefined>>();
  const once = (key: string, make: () => Promise<FrameCodec | undefined>): Promise<FrameCodec | undefined> => {
    let p = cache.get(key);
    if (!p) {
      p = make().catch(() => undefined);
      cache.set(key, p);
    }
    return p;
  };
  const em = (loader: (() => Promise<unknown>) | undefined, cls: string, kind: CodecKind, signed: boolean) => async () =>
    loader ? emscriptenCodec((await loader()) as EmModule, cls, kind, signed) : undefined;
  const jsJpeg = () =>
    once('jpeg-js', async () => (loaders.jpegJs ? jpegJsCodec((await loaders.jpegJs()) as JpegImageCtor) : undefined));
  return {
    get(kind) {
      switch (kind) {
        case 'jpeg-ls':
          return once(kind, em(loaders.charls, 'JpegLSDecoder', kind, false));
        case 'jpeg2000':
          return once(kind, em(loaders.openjpeg, 'J2KDecoder', kind, true));
        case 'htj2k':
          return once(kind, em(loaders.openjph, 'HTJ2KDecoder', kind, true));
        case 'jpeg-xl':
          return once(kind, async () => {
            const inner = await em(loaders.libjxl, 'JpegXLDecoder', kind, false)();
            return inner ? jxlPrecisionFix(inner) : undefined;
          });
        case 'jpeg-lossless':
          return once(kind, async () =>
            loaders.jpegLossless ? jpegLosslessCodec((await loaders.jpegLossless()) as { Decoder: LosslessDecoderCtor }) : undefined,
          );
        case 'jpeg-baseline':
          return once(kind, async () => {
            const turbo = await once('turbo', em(loaders.libjpegTurbo8, 'JPEGDecoder', kind, false));
            if (!turbo && !loaders.jpegJs) return undefined;
            return jpegBaselineCodec(turbo, jsJpeg);
          });
      }
    },
  };
}
