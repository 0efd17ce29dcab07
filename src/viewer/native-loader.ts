/**
 * The 'dicomfile:' image loader: dicom-image-loader's own (legacy wadouri) loader, except for native
 * little-endian monochrome slices, which need no decoding. Those are rescaled in one pass on the page
 * (src/dicom/native-frame.ts: the same numbers as the loader's worker) instead of a round trip per slice
 * to a decode worker (copy out of the data set, structured clone there and back, four passes over the
 * pixels, a canvas per image): that round trip was most of the main thread's work while a Cas 1 volume
 * streamed in. The image object is the one dicom-image-loader's createImage builds for such a slice.
 * Anything else (compressed, colour, multi-frame, PT/RTDOSE scaling, a range the target type cannot hold)
 * goes to the stock loader unchanged.
 */
import { canRenderFloatTextures, Enums, eventTarget, imageLoader, metaData, triggerEvent, utilities, type Types } from '@cornerstonejs/core';
import dicomImageLoader, { wadouri } from '@cornerstonejs/dicom-image-loader';
import { NATIVE_LITTLE_ENDIAN_SYNTAXES, rescaleNativeFrame, type TargetType } from '../dicom/native-frame.ts';

interface LoaderOptions {
  targetBuffer?: { type?: string; arrayBuffer?: ArrayBuffer; offset?: number; length?: number; rows?: number; columns?: number };
  preScale?: { enabled?: boolean };
  [k: string]: unknown;
}

type DataSet = ReturnType<typeof wadouri.dataSetCacheManager.get>;
const TARGETS: readonly string[] = ['Uint8Array', 'Int8Array', 'Uint16Array', 'Int16Array', 'Float32Array'];

/**
 * Fired on Cornerstone's eventTarget when a slice of a volume cannot be decoded: detail `{ imageId, reason }`.
 * The volume gets an air-filled slice in its place (see `withBlankOnFailure`) and the app lists the file.
 */
export const SLICE_DECODE_FAILED = 'CORO_SLICE_DECODE_FAILED';

/** The registered loader's handle on its loads in flight. */
export interface NativeFileLoader {
  /** starts again every load in flight (their decode workers were replaced); returns how many */
  restartInFlight(): number;
}

/** Tries per slice: a first load, and two more after its decode workers were replaced (a slice that hangs every
 *  decoder it meets is then given up and listed as blank). */
const MAX_ATTEMPTS = 3;

/** Registers the loader for 'dicomfile:' (after dicom-image-loader's init, which registered its own). */
export function registerNativeFileLoader(): NativeFileLoader {
  const inFlight = new Set<() => void>();
  imageLoader.registerImageLoader('dicomfile', ((imageId: string, options: LoaderOptions = {}) =>
    withBlankOnFailure(imageId, options, restartable(imageId, options, inFlight))) as unknown as Types.ImageLoaderFn);
  return {
    restartInFlight() {
      const restarts = [...inFlight];
      inFlight.clear();
      for (const r of restarts) r();
      return restarts.length;
    },
  };
}

/**
 * A load that can be started again: a decode worker that died or hangs never answers (its comlink call stays
 * pending), so when the workers are replaced the loads waiting on them are issued anew.
 */
function restartable(imageId: string, options: LoaderOptions, inFlight: Set<() => void>): Types.IImageLoadObject {
  let first: Types.IImageLoadObject | undefined;
  const promise = new Promise<Types.IImage>((resolve, reject) => {
    let attempt = 0;
    const run = () => {
      const mine = ++attempt;
      let load: Types.IImageLoadObject;
      try {
        load = loadDicomFile(imageId, options);
      } catch (e) {
        load = { promise: Promise.reject(e) } as Types.IImageLoadObject;
      }
      first ??= load;
      const restart = () => (mine < MAX_ATTEMPTS ? run() : reject(new Error('the image decoder stopped answering')));
      inFlight.add(restart);
      Promise.resolve(load.promise).then(
        (image) => { if (mine === attempt) { inFlight.delete(restart); resolve(image); } },
        (e: unknown) => { if (mine === attempt) { inFlight.delete(restart); reject(e); } },
      );
    };
    run();
  });
  return { ...first, promise } as Types.IImageLoadObject;
}

/**
 * A failed decode resolves with an air slice and fires SLICE_DECODE_FAILED instead of rejecting: Cornerstone's
 * image cache re-throws a rejected load from a promise nobody holds (an unhandled rejection per broken slice),
 * and the volume is the same either way (Cornerstone leaves a failed slice unfilled). Loads that are not
 * volume slices (no target buffer) reject as before.
 */
function withBlankOnFailure(imageId: string, options: LoaderOptions, load: Types.IImageLoadObject): Types.IImageLoadObject {
  const promise = Promise.resolve(load.promise).catch((e: unknown) => {
    const blank = blankImage(imageId, options);
    if (!blank) throw e instanceof Error ? e : new Error(loaderErrorText(e));
    triggerEvent(eventTarget, SLICE_DECODE_FAILED, { imageId, reason: loaderErrorText(e) });
    return blank as unknown as Types.IImage;
  });
  return { ...load, promise } as Types.IImageLoadObject;
}

/** dicom-image-loader rejects with `{ error, dataSet }` (error an Error, a string or a codec's object). */
export function loaderErrorText(e: unknown): string {
  const inner = e instanceof Error ? e : ((e as { error?: unknown } | null)?.error ?? e);
  if (inner instanceof Error) return inner.message;
  if (typeof inner === 'string') return inner;
  const text = JSON.stringify(inner, (_k, v: unknown) => (ArrayBuffer.isView(v) || v instanceof ArrayBuffer ? undefined : v));
  return text && text !== '{}' ? text.slice(0, 200) : 'unknown decoder error';
}

/** Air (−1024 HU) where the target type is signed, 0 otherwise: a missing slice shows as a dark band, not as tissue. */
const AIR_HU = -1024;
const TYPED = { Uint8Array, Int8Array, Uint16Array, Int16Array, Float32Array } as const;

function blankImage(imageId: string, options: LoaderOptions): Record<string, unknown> | undefined {
  const t = options.targetBuffer;
  if (!t?.rows || !t.columns || !t.type || !(t.type in TYPED)) return undefined;
  const pixels = new TYPED[t.type as keyof typeof TYPED](t.rows * t.columns);
  const fill = t.type.startsWith('Int') || t.type === 'Float32Array' ? AIR_HU : 0;
  pixels.fill(fill);
  const frame = {
    rows: t.rows, columns: t.columns, photometricInterpretation: 'MONOCHROME2', pixelData: pixels, pixelDataLength: pixels.length,
    smallestPixelValue: fill, largestPixelValue: fill, decodeTimeInMS: 0,
    preScale: { enabled: true, scaled: true, scalingParameters: { rescaleSlope: 1, rescaleIntercept: 0 } },
  };
  return imageObject(imageId, frame as unknown as Parameters<typeof imageObject>[1], undefined, Date.now());
}

function loadDicomFile(imageId: string, options: LoaderOptions = {}): Types.IImageLoadObject {
  const url = imageId.slice('dicomfile:'.length);
  const plan = /^\d+$/.test(url) ? nativePlan(imageId, url, options) : undefined;
  if (!plan) return wadouri.loadImage(imageId, options as never);
  // One slice per task: the page renders (first image, progress) between slices, as it did while workers decoded.
  const promise = new Promise<Types.IImage>((resolve, reject) => {
    setTimeout(() => {
      try {
        const image = nativeImage(plan);
        if (image) {
          // as the stock loader: the image holds one count on the cached data set (given back by decache)
          void wadouri.dataSetCacheManager.load(url, wadouri.loadFileRequest, imageId);
          resolve(image as unknown as Types.IImage);
        } else wadouri.loadImage(imageId, options as never).promise.then(resolve, reject);
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    }, 0);
  });
  return { promise, decache: () => wadouri.dataSetCacheManager.unload(url) } as Types.IImageLoadObject;
}

interface NativePlan {
  readonly imageId: string;
  readonly ds: DataSet;
  readonly element: Uint8Array;
  readonly frame: Record<string, unknown> & {
    rows: number; columns: number; bitsAllocated: number; bitsStored?: number; pixelRepresentation: number; samplesPerPixel: number; photometricInterpretation: string;
  };
  readonly scaling: { rescaleSlope: number; rescaleIntercept: number; modality?: string };
  readonly target: TargetType;
}

/** What a native slice whose data set is cached needs, or undefined (→ stock loader). Cheap: headers only. */
function nativePlan(imageId: string, url: string, options: LoaderOptions): NativePlan | undefined {
  if (!wadouri.dataSetCacheManager.isLoaded(url)) return undefined;
  const ds: DataSet = wadouri.dataSetCacheManager.get(url);
  const syntax = ds.string('x00020010') ?? '';
  const pixelElement = ds.elements['x7fe00010'];
  const target = options.targetBuffer?.type;
  if (!NATIVE_LITTLE_ENDIAN_SYNTAXES.includes(syntax) || !pixelElement || pixelElement.encapsulatedPixelData) return undefined;
  if (!target || !TARGETS.includes(target) || options.targetBuffer?.arrayBuffer || options.preScale?.enabled === false) return undefined;
  const frame = dicomImageLoader.getImageFrame(imageId) as unknown as NativePlan['frame'];
  const mono = frame.photometricInterpretation === 'MONOCHROME1' || frame.photometricInterpretation === 'MONOCHROME2';
  const frames = Number(ds.string('x00280008') ?? '1') || 1;
  if (!mono || frame.samplesPerPixel !== 1 || frames !== 1 || (frame.bitsAllocated !== 16 && frame.bitsAllocated !== 8)) return undefined;
  const { rows: targetRows, columns: targetColumns } = options.targetBuffer ?? {};
  if ((targetRows && targetRows !== frame.rows) || (targetColumns && targetColumns !== frame.columns)) return undefined;
  const scaling = scalingParameters(imageId);
  // no rescale (slope 1, intercept 0), PET/dose scaling or a modality LUT: the stock path
  if (!scaling) return undefined;
  const floatRescale = !Number.isInteger(scaling.rescaleSlope) || !Number.isInteger(scaling.rescaleIntercept);
  if (floatRescale && !canRenderFloatTextures()) return undefined;
  const element = new Uint8Array(ds.byteArray.buffer, ds.byteArray.byteOffset + pixelElement.dataOffset, pixelElement.length);
  return { imageId, ds, element, frame, scaling, target: target as TargetType };
}

/** The image, or undefined when the rescaled range does not fit the target type (→ stock loader). */
function nativeImage(plan: NativePlan): Record<string, unknown> | undefined {
  const start = Date.now();
  const { frame, scaling } = plan;
  const out = rescaleNativeFrame(plan.element, frame, scaling.rescaleSlope, scaling.rescaleIntercept, plan.target);
  if (!out) return undefined;
  Object.assign(frame, {
    pixelData: out.pixels,
    pixelDataLength: out.pixels.length,
    smallestPixelValue: out.min,
    largestPixelValue: out.max,
    preScale: { enabled: true, scalingParameters: scaling, scaled: true },
    decodeTimeInMS: Date.now() - start,
  });
  return imageObject(plan.imageId, frame as unknown as Parameters<typeof imageObject>[1], plan.ds, start);
}

/** The loader's getScalingParameters (not exported) for the cases handled here: linear rescale only. */
function scalingParameters(imageId: string): { rescaleSlope: number; rescaleIntercept: number; modality?: string } | undefined {
  const lut = (metaData.get(Enums.MetadataModules.MODALITY_LUT, imageId) ?? {}) as { rescaleSlope?: number; rescaleIntercept?: number; modalityLUTSequence?: unknown[] };
  const series = (metaData.get(Enums.MetadataModules.GENERAL_SERIES, imageId) ?? {}) as { modality?: string };
  if (series.modality === 'PT' || series.modality === 'RTDOSE' || lut.modalityLUTSequence?.length) return undefined;
  const rescaleSlope = lut.rescaleSlope ?? 1;
  const rescaleIntercept = lut.rescaleIntercept ?? 0;
  if (rescaleSlope === 1 && rescaleIntercept === 0) return undefined;
  return { rescaleSlope, rescaleIntercept, ...(series.modality !== undefined ? { modality: series.modality } : {}) };
}

/** dicom-image-loader's createImage result for a monochrome frame (same fields, same metadata lookups). */
function imageObject(
  imageId: string,
  frame: Record<string, unknown> & { rows: number; columns: number; photometricInterpretation: string; pixelData: ArrayLike<number> & { byteLength: number; constructor: { name: string } }; smallestPixelValue: number; largestPixelValue: number; preScale: unknown; decodeTimeInMS: number },
  dataSet: DataSet | undefined,
  start: number,
): Record<string, unknown> {
  const M = Enums.MetadataModules;
  const plane = (metaData.get(M.IMAGE_PLANE, imageId) ?? {}) as { columnPixelSpacing?: number; rowPixelSpacing?: number };
  const voi = (metaData.get(M.VOI_LUT, imageId) ?? {}) as { windowCenter?: number[]; windowWidth?: number[]; voiLUTFunction?: string[]; voiLutFunction?: string; voiLUTSequence?: unknown[] };
  const modality = (metaData.get(M.MODALITY_LUT, imageId) ?? {}) as { rescaleIntercept?: number; rescaleSlope?: number };
  const calibration = metaData.get(M.CALIBRATION, imageId) ?? {};
  const voxelManager = utilities.VoxelManager.createImageVoxelManager({
    scalarData: frame.pixelData as unknown as Types.PixelDataTypedArray,
    width: frame.columns,
    height: frame.rows,
    numberOfComponents: 1,
  });
  const image: Record<string, unknown> = {
    imageId,
    dataType: frame.pixelData.constructor.name,
    color: false,
    calibration,
    columnPixelSpacing: plane.columnPixelSpacing,
    columns: frame.columns,
    height: frame.rows,
    preScale: frame.preScale,
    intercept: modality.rescaleIntercept ? modality.rescaleIntercept : 0,
    slope: modality.rescaleSlope ? modality.rescaleSlope : 1,
    invert: frame.photometricInterpretation === 'MONOCHROME1',
    minPixelValue: frame.smallestPixelValue,
    maxPixelValue: frame.largestPixelValue,
    rowPixelSpacing: plane.rowPixelSpacing,
    rows: frame.rows,
    sizeInBytes: frame.pixelData.byteLength,
    width: frame.columns,
    windowCenter: voi.windowCenter ? voi.windowCenter[0] : undefined,
    windowWidth: voi.windowWidth ? voi.windowWidth[0] : undefined,
    voiLUTFunction: (voi.voiLUTFunction?.length && voi.voiLUTFunction[0]) || voi.voiLutFunction || undefined,
    decodeTimeInMS: frame.decodeTimeInMS,
    floatPixelData: undefined,
    imageFrame: frame,
    voxelManager,
    rgba: false,
    getPixelData: () => frame.pixelData,
    getCanvas: undefined,
    numberOfComponents: 1,
  };
  if (voi.voiLUTSequence?.length) image.voiLUT = voi.voiLUTSequence[0];
  if (image.windowCenter === undefined || image.windowWidth === undefined) {
    const wl = utilities.windowLevel.toWindowLevel(frame.smallestPixelValue, frame.largestPixelValue);
    image.windowWidth = wl.windowWidth;
    image.windowCenter = wl.windowCenter;
  }
  const end = Date.now();
  image.data = dataSet;
  image.loadTimeInMS = 0;
  image.totalTimeInMS = end - start;
  image.imageQualityStatus = Enums.ImageQualityStatus.FULL_RESOLUTION;
  return image;
}
