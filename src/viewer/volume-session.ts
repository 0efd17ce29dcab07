/**
 * One opened series: local bytes registered with dicom-image-loader's file manager (nothing leaves the
 * machine), a streaming volume decoded by the loader's web workers, and its release.
 */
import { cache, Enums, eventTarget, metaData, volumeLoader, type Types } from '@cornerstonejs/core';
import { wadouri } from '@cornerstonejs/dicom-image-loader';
import { DicomError, type DicomErrorParams } from '../dicom/errors.ts';
import type { MessageCode } from '../dicom/messages.ts';
import { transferSyntaxLabel } from '../dicom/transfer-syntax.ts';
import { SLICE_DECODE_FAILED } from './native-loader.ts';
import { disableAutoRenderOnLoad, loadFromMiddle } from './cornerstone-adapter.ts';
import { uniqueToken } from './unique-token.ts';

/** A slice left out of the volume or left blank in it: its index in the slices given, and why (a DICOM message code). */
export interface SliceRefusal {
  readonly index: number;
  readonly code: MessageCode;
  readonly params: DicomErrorParams;
}

export interface VolumeSession {
  readonly volumeId: string;
  readonly imageIds: readonly string[];
  readonly volume: Types.IImageVolume;
  /** Slices whose geometry Cornerstone cannot read: left out of the volume. */
  readonly dropped: readonly SliceRefusal[];
  /**
   * Starts decoding; `onFrame` gets (framesProcessed, total) after each slice, `onFailed` each slice that could not
   * be decoded (it stays as air in the volume). Resolves when all are done.
   */
  load(onFrame: (done: number, total: number) => void, onFailed?: (f: SliceRefusal) => void): Promise<void>;
  /** Cancels loading and frees the volume, the cached data sets and the registered files. */
  release(): void;
  /** True while every slice that has arrived is decoded and the rest are still on the network (a streamed series). */
  waitingForNetwork?(): boolean;
}

/** A volume id unique in the page, `coro-<token>-<series>` (a local volume id must not contain ':', DEVELOPERS.md). */
export const newVolumeId = (seriesKey: string): string => `coro-${uniqueToken()}-${seriesKey.replace(/[^\w.-]/g, '_').slice(0, 64)}`;

/** Registers sorted slice bytes and caches their headers (metadata must exist before the volume is created). */
export async function createVolumeSession(slices: readonly Uint8Array[], seriesKey: string, mark: (phase: string) => void = () => {}): Promise<VolumeSession> {
  if (slices.length === 0) throw new Error('createVolumeSession: no slices');
  // The file manager only hands out 'dicomfile:' ids here: the bytes go straight to the data-set cache below,
  // which keeps them until release() (each image holds one more count and gives it back when decached, so
  // the loader never re-reads a file). A copy of every slice into a Blob (a 148 MB IPC copy for Cas 1,
  // ~0.6 s of main thread while headers were cached) bought nothing.
  const placeholder = new Blob([]);
  const imageIds = slices.map(() => wadouri.fileManager.add(placeholder));
  const urls = imageIds.map((id) => id.slice('dicomfile:'.length));
  const release = (volumeId?: string): void => releaseSlices(imageIds, urls, volumeId);
  try {
    await cacheHeaders(slices, imageIds);
  } catch (e) {
    release();
    throw e;
  }
  mark('headersCached');
  const { placed, dropped } = placeableSlices(imageIds);
  if (placed.length === 0) {
    release();
    throw new DicomError('not-a-volume', { reason: 'missing-geometry' }, 'no slice with a readable geometry');
  }
  const volumeId = newVolumeId(seriesKey);
  const volume = await volumeLoader.createAndCacheVolume(volumeId, { imageIds: placed });
  if (!finiteGeometry(volume)) {
    // Cornerstone reads the headers with its own parser: a value ours accepted can still come out NaN there,
    // and a NaN spacing or direction reaches the renderer's shaders (a GL compile error in every later frame).
    release(volumeId);
    throw new DicomError('volume-inconsistent', {}, `volume ${volumeId}: non-finite geometry`);
  }
  loadFromMiddle(volume);
  disableAutoRenderOnLoad(volume);
  const indexOf = new Map(imageIds.map((id, i) => [id, i]));
  return {
    volumeId,
    imageIds: placed,
    volume,
    dropped,
    load: (onFrame, onFailed) => streamVolume(volume, volumeId, placed.length, onFrame, (imageId, reason) => {
      const index = indexOf.get(imageId);
      if (index !== undefined) onFailed?.({ index, code: 'decode-failed', params: { syntax: syntaxOf(imageId), detail: reason } });
    }),
    release: () => release(volumeId),
  };
}

/** Hands the bytes we already hold to the loader's data-set cache (no FileReader round trip). */
async function cacheHeaders(slices: readonly Uint8Array[], imageIds: readonly string[]): Promise<void> {
  await Promise.all(imageIds.map((id, i) => cacheSliceBytes(id, slices[i]!)));
}

/** One slice's bytes into the loader's data-set cache for `imageId` (no copy when the bytes are a whole buffer). */
export function cacheSliceBytes(imageId: string, bytes: Uint8Array): Promise<unknown> {
  const own = (): Promise<ArrayBuffer> =>
    Promise.resolve(
      bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? (bytes.buffer as ArrayBuffer) : (bytes.slice().buffer as ArrayBuffer),
    );
  return wadouri.dataSetCacheManager.load(imageId.slice('dicomfile:'.length), own as unknown as typeof wadouri.loadFileRequest, imageId);
}

/** Frees the volume (when created), the images the streaming volume cached, the data sets and the registered files. */
export function releaseSlices(imageIds: readonly string[], urls: readonly string[], volumeId?: string): void {
  if (volumeId) {
    const v = cache.getVolume(volumeId) as (Types.IImageVolume & { cancelLoading?: () => void }) | undefined;
    v?.cancelLoading?.();
    if (v) cache.removeVolumeLoadObject(volumeId);
  }
  // The streaming volume also caches one image per slice (views on its voxels plus the decoded frames
  // of the prefetched ones): drop them, or each switch keeps a volume's worth of bytes.
  for (const id of imageIds) {
    if (cache.getImageLoadObject(id) || cache.getImage(id)) cache.removeImageLoadObject(id, { force: true });
  }
  for (const url of urls) {
    while (wadouri.dataSetCacheManager.isLoaded(url)) wadouri.dataSetCacheManager.unload(url);
    wadouri.fileManager.remove(Number(url));
  }
}

/**
 * Cornerstone builds the volume from its own reading of the headers, which can fail where ours did not:
 * slices it cannot place are left out (and listed) rather than failing the whole volume in its loader.
 */
function placeableSlices(imageIds: readonly string[]): { placed: string[]; dropped: SliceRefusal[] } {
  const dropped: SliceRefusal[] = [];
  const placed: string[] = [];
  const ref = imageIds.find((id) => !planeProblem(id, undefined));
  imageIds.forEach((id, index) => {
    const problem = ref ? planeProblem(id, ref) : { code: 'missing-attribute' as const, params: { attribute: 'ImagePositionPatient / ImageOrientationPatient / PixelSpacing' } };
    if (problem) dropped.push({ index, ...problem });
    else placed.push(id);
  });
  return { placed, dropped };
}

/** Loads the streaming volume: (framesProcessed, total) after each slice, each slice the decoder refused. */
export function streamVolume(
  volume: Types.IImageVolume, volumeId: string, total: number,
  onFrame: (done: number, total: number) => void, onDecodeFailed: (imageId: string, reason: string) => void,
): Promise<void> {
  return new Promise<void>((resolve) => {
    // Progress per slice comes from IMAGE_VOLUME_MODIFIED; the load callback only fires at the end.
    const onModified = (e: Event) => {
      const d = (e as CustomEvent<{ volumeId?: string; framesProcessed?: number }>).detail;
      if (d?.volumeId === volumeId && (d.framesProcessed ?? 0) < total) onFrame(d.framesProcessed ?? 0, total);
    };
    const onFailed = (e: Event) => {
      const d = (e as CustomEvent<{ imageId: string; reason: string }>).detail;
      onDecodeFailed(d.imageId, d.reason);
    };
    eventTarget.addEventListener(Enums.Events.IMAGE_VOLUME_MODIFIED, onModified);
    eventTarget.addEventListener(SLICE_DECODE_FAILED, onFailed);
    volume.load(() => {
      eventTarget.removeEventListener(Enums.Events.IMAGE_VOLUME_MODIFIED, onModified);
      eventTarget.removeEventListener(SLICE_DECODE_FAILED, onFailed);
      onFrame(total, total);
      resolve();
    });
  });
}

/** Transfer syntax named in a slice's cached header (for the decode-failure message). */
export function syntaxOf(imageId: string): string {
  const uid = wadouri.dataSetCacheManager.get(imageId.slice('dicomfile:'.length))?.string('x00020010') ?? '';
  return uid ? transferSyntaxLabel(uid) : '?';
}

const finite = (v: unknown, n: number): v is number[] => Array.isArray(v) && v.length >= n && v.slice(0, n).every((x) => Number.isFinite(Number(x)));

/**
 * Why Cornerstone could not place this slice (position, orientation, pixel spacing unreadable, or a size or
 * orientation other than the reference slice's), or undefined. Without a reference: readability only.
 */
export function planeProblem(imageId: string, refId: string | undefined): { code: MessageCode; params: DicomErrorParams } | undefined {
  type Plane = { imagePositionPatient?: unknown; imageOrientationPatient?: unknown; rowPixelSpacing?: unknown; columnPixelSpacing?: unknown; rows?: unknown; columns?: unknown };
  const plane = (id: string) => (metaData.get(Enums.MetadataModules.IMAGE_PLANE, id) ?? {}) as Plane;
  const p = plane(imageId);
  const attr = (attribute: string) => ({ code: 'missing-attribute' as const, params: { attribute } });
  if (!finite(p.imagePositionPatient, 3)) return attr('ImagePositionPatient');
  if (!finite(p.imageOrientationPatient, 6)) return attr('ImageOrientationPatient');
  if (!finite([p.rowPixelSpacing, p.columnPixelSpacing], 2) || !(Number(p.rowPixelSpacing) > 0 && Number(p.columnPixelSpacing) > 0)) return attr('PixelSpacing');
  if (!refId) return undefined;
  const r = plane(refId);
  if (p.rows !== r.rows || p.columns !== r.columns) return { code: 'varying-size', params: { sizes: `${String(r.rows)}x${String(r.columns)}, ${String(p.rows)}x${String(p.columns)}` } };
  const a = p.imageOrientationPatient as number[];
  const b = r.imageOrientationPatient as number[];
  if (a.some((x, i) => Math.abs(x - (b[i] as number)) > 1e-3)) return { code: 'varying-orientation', params: {} };
  return undefined;
}

/** Dimensions, spacing, origin and direction all finite, spacing and dimensions positive. */
export function finiteGeometry(v: Types.IImageVolume): boolean {
  const values = [...v.dimensions, ...v.spacing, ...v.origin, ...v.direction];
  return values.every(Number.isFinite) && [...v.dimensions, ...v.spacing].every((x) => x > 0);
}
