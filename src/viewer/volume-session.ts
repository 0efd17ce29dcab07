/**
 * One opened series: local bytes registered with dicom-image-loader's file manager (nothing leaves the
 * machine), a streaming volume decoded by the loader's web workers, and its release.
 */
import { cache, Enums, eventTarget, volumeLoader, type Types } from '@cornerstonejs/core';
import { wadouri } from '@cornerstonejs/dicom-image-loader';

export interface VolumeSession {
  readonly volumeId: string;
  readonly imageIds: readonly string[];
  readonly volume: Types.IImageVolume;
  /** Starts decoding; `onFrame` gets (framesProcessed, total) after each slice. Resolves when all are done. */
  load(onFrame: (done: number, total: number) => void): Promise<void>;
  /** Cancels loading and frees the volume, the cached data sets and the registered files. */
  release(): void;
}

let sessionCounter = 0;

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
  const release = (volumeId?: string): void => {
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
  };
  try {
    // Hand the bytes we already hold to the data-set cache (no FileReader round trip).
    await Promise.all(
      imageIds.map((id, i) => {
        const bytes = slices[i]!;
        const own = (): Promise<ArrayBuffer> =>
          Promise.resolve(
            bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
              ? (bytes.buffer as ArrayBuffer)
              : (bytes.slice().buffer as ArrayBuffer),
          );
        return wadouri.dataSetCacheManager.load(urls[i]!, own as unknown as typeof wadouri.loadFileRequest, id);
      }),
    );
  } catch (e) {
    release();
    throw e;
  }
  mark('headersCached');
  // A local volume id must not contain ':' (DEVELOPERS.md).
  const volumeId = `coro-${++sessionCounter}-${seriesKey.replace(/[^\w.-]/g, '_').slice(0, 64)}`;
  const volume = await volumeLoader.createAndCacheVolume(volumeId, { imageIds: [...imageIds] });
  loadFromMiddle(volume);
  // The viewer throttles its own renders while streaming (software GL renders are costly).
  (volume as unknown as { autoRenderOnLoad: boolean }).autoRenderOnLoad = false;
  return {
    volumeId,
    imageIds,
    volume,
    load: (onFrame) =>
      new Promise<void>((resolve) => {
        // Progress per slice comes from IMAGE_VOLUME_MODIFIED; the load callback only fires at the end.
        const total = imageIds.length;
        const onModified = (e: Event) => {
          const d = (e as CustomEvent<{ volumeId?: string; framesProcessed?: number }>).detail;
          if (d?.volumeId === volumeId && (d.framesProcessed ?? 0) < total) onFrame(d.framesProcessed ?? 0, total);
        };
        eventTarget.addEventListener(Enums.Events.IMAGE_VOLUME_MODIFIED, onModified);
        volume.load(() => {
          eventTarget.removeEventListener(Enums.Events.IMAGE_VOLUME_MODIFIED, onModified);
          onFrame(total, total);
          resolve();
        });
      }),
    release: () => release(volumeId),
  };
}

/**
 * Decode the middle slices first so the first image (the middle axial slice) appears early. The loader
 * queues requests in reverse order (FIFO pool), so the list is handed over reversed.
 */
function loadFromMiddle(volume: Types.IImageVolume): void {
  const v = volume as unknown as {
    getImageIdsRequests?: (ids: string[], priority: number) => unknown[];
    getImageLoadRequests?: (priority: number) => unknown[];
    imageIds: string[];
  };
  const base = v.getImageIdsRequests?.bind(v);
  if (!base || !v.getImageLoadRequests) return;
  v.getImageLoadRequests = (priority: number) => {
    const n = v.imageIds.length;
    const mid = Math.floor(n / 2);
    const order: string[] = [];
    for (let d = 0; order.length < n; d++) {
      if (mid + d < n) order.push(v.imageIds[mid + d]!);
      if (d > 0 && mid - d >= 0) order.push(v.imageIds[mid - d]!);
    }
    return base(order, priority).reverse();
  };
}
