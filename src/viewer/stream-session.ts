/**
 * A series streamed from a PACS into its volume. The volume is built before most slices have arrived, from
 * the slice positions the server listed and the header of one slice that is in (size, spacing, pixel type,
 * rescale: what the slices of one series share); each slice is then decoded into it as its bytes come, so
 * the views fill while the series downloads. Until a slice's own header is in, Cornerstone reads that
 * slice's metadata from the arrived one with the listed position; once in, the slice's own header answers,
 * and a slice whose header disagrees with the listing (size, orientation, position) is left out and listed.
 */
import { Enums, metaData, volumeLoader } from '@cornerstonejs/core';
import { wadouri } from '@cornerstonejs/dicom-image-loader';
import { DicomError } from '../dicom/errors.ts';
import { cacheSliceBytes, finiteGeometry, newVolumeId, planeProblem, releaseSlices, streamVolume, syntaxOf, type SliceRefusal, type VolumeSession } from './volume-session.ts';

export interface SliceStream {
  /** SOP instance UIDs sorted along the slice normal (the slices given to the viewer, in this order). */
  readonly sortedSops: readonly string[];
  /** Each slice's listed ImagePositionPatient (mm, LPS). */
  readonly positionsLps: ReadonlyMap<string, readonly [number, number, number]>;
  /** The order the bytes are expected in: decoding waits for them in this order. */
  readonly arrivalOrder: readonly string[];
  /** A slice already in: its header stands for the others' until theirs arrive. */
  readonly templateSop: string;
  /** A slice's bytes, when they arrive (a retry may bring them long after a fault). */
  arrival(sop: string): Promise<Uint8Array>;
  /** The viewer let the series go (closed, another opened): stop retrieving it. */
  stop(): void;
}

/** Above dicom-image-loader's providers: asked first, it answers only for slices whose header is not in yet. */
const PROVIDER_PRIORITY = 10_000;
/** A header's position may differ from the listed one by the rounding of a DS value (mm). */
const POSITION_TOLERANCE_MM = 0.01;

interface StreamingVolume {
  imageIds: string[];
  framesProcessed: number;
  getImageIdsRequests(ids: string[], priority: number): LoadRequest[];
  getImageLoadRequests(priority: number): LoadRequest[];
  getLoaderImageOptions(imageId: string): Record<string, unknown>;
  errorCallback(imageId: string, permanent: boolean, error: unknown): void;
}
interface LoadRequest {
  callLoadImage(imageId: string, imageIdIndex: number, options: Record<string, unknown>): unknown;
  [k: string]: unknown;
}

const urlOf = (imageId: string) => imageId.slice('dicomfile:'.length);
const isIn = (imageId: string) => wadouri.dataSetCacheManager.isLoaded(urlOf(imageId));

export async function createStreamedVolumeSession(stream: SliceStream, seriesKey: string, mark: (phase: string) => void = () => {}): Promise<VolumeSession> {
  const placeholder = new Blob([]);
  const imageIds = stream.sortedSops.map(() => wadouri.fileManager.add(placeholder));
  const idOf = new Map(stream.sortedSops.map((sop, i) => [sop, imageIds[i]!]));
  const sopOf = new Map(imageIds.map((id, i) => [id, stream.sortedSops[i]!]));
  const indexOf = new Map(imageIds.map((id, i) => [id, i]));
  const templateId = idOf.get(stream.templateSop);
  if (!templateId) throw new Error('createStreamedVolumeSession: the template slice is not in the series');

  const provider = pendingSliceMetadata(sopOf, templateId, stream.positionsLps);
  metaData.addProvider(provider as Parameters<typeof metaData.addProvider>[0], PROVIDER_PRIORITY);

  let released = false;
  let volumeId: string | undefined;
  let endWaits: () => void = () => {};
  const releasedWait = new Promise<undefined>((resolve) => (endWaits = () => resolve(undefined)));
  const release = () => {
    if (released) return;
    released = true;
    endWaits();
    stream.stop();
    metaData.removeProvider(provider as Parameters<typeof metaData.removeProvider>[0]);
    releaseSlices(imageIds, imageIds.map(urlOf), volumeId);
  };

  try {
    await cacheSliceBytes(templateId, await stream.arrival(stream.templateSop));
    if (planeProblem(templateId, undefined)) throw new DicomError('not-a-volume', { reason: 'missing-geometry' }, 'the first slice has no readable geometry');
    mark('headersCached');
    volumeId = newVolumeId(seriesKey);
    const volume = await volumeLoader.createAndCacheVolume(volumeId, { imageIds });
    if (!finiteGeometry(volume)) throw new DicomError('volume-inconsistent', {}, `volume ${volumeId}: non-finite geometry`);
    (volume as unknown as { autoRenderOnLoad: boolean }).autoRenderOnLoad = false;
    const v = volume as unknown as StreamingVolume;
    const arrived = new Set<string>();
    let failed: ((f: SliceRefusal) => void) | undefined;

    /** Waits for a slice's bytes and caches its header; false when it is not to be decoded (released, refused). */
    const whenIn = async (imageId: string): Promise<boolean> => {
      const bytes = await Promise.race([stream.arrival(sopOf.get(imageId)!), releasedWait]);
      if (!bytes || released) return false;
      if (!isIn(imageId)) await cacheSliceBytes(imageId, bytes);
      arrived.add(imageId);
      const problem = planeProblem(imageId, templateId) ?? positionProblem(imageId, stream.positionsLps.get(sopOf.get(imageId)!)!);
      if (!problem) return true;
      v.errorCallback(imageId, true, new Error(problem.code));
      failed?.({ index: indexOf.get(imageId)!, ...problem });
      return false;
    };
    queueInArrivalOrder(v, stream.arrivalOrder.map((sop) => idOf.get(sop)).filter((id): id is string => !!id), whenIn);
    mark('volumeCreated');
    return {
      volumeId,
      imageIds,
      volume,
      dropped: [],
      load: (onFrame, onFailed) => {
        failed = onFailed;
        return streamVolume(volume, volumeId!, imageIds.length, onFrame, (imageId, reason) => {
          const index = indexOf.get(imageId);
          if (index !== undefined) onFailed?.({ index, code: 'decode-failed', params: { syntax: syntaxOf(imageId), detail: reason } });
        });
      },
      release,
      waitingForNetwork: () => !released && arrived.size <= v.framesProcessed,
    };
  } catch (e) {
    release();
    throw e;
  }
}

/**
 * Metadata of the slices whose header is not in yet: the template slice's, with the listed position and the
 * slice's own SOP instance UID. Nothing for any other image (or once the slice's header is in).
 */
function pendingSliceMetadata(sopOf: ReadonlyMap<string, string>, templateId: string, positionsLps: SliceStream['positionsLps']) {
  return (type: string, imageId: string): unknown => {
    const sop = sopOf.get(imageId);
    if (!sop || isIn(imageId)) return undefined;
    const base = metaData.get(type, templateId) as Record<string, unknown> | undefined;
    if (!base) return undefined;
    if (type === Enums.MetadataModules.IMAGE_PLANE) return { ...base, imagePositionPatient: [...positionsLps.get(sop)!], sliceLocation: undefined };
    if (type === Enums.MetadataModules.SOP_COMMON) return { ...base, sopInstanceUID: sop };
    return base;
  };
}

/**
 * The volume's decoding requests queue in the order the bytes will come (the loader pool takes them first in,
 * first out): each waits for its slice, holding a loader slot meanwhile, and reads its options again once the
 * slice's own header is in (its own rescale).
 */
function queueInArrivalOrder(v: StreamingVolume, order: string[], whenIn: (imageId: string) => Promise<boolean>): void {
  v.getImageLoadRequests = (priority: number) => {
    const requests = v.getImageIdsRequests(order, priority).map((r) => ({
      ...r,
      callLoadImage: (imageId: string, index: number, options: Record<string, unknown>) =>
        whenIn(imageId).then((ok) => (ok ? r.callLoadImage(imageId, index, { ...v.getLoaderImageOptions(imageId), retrieveOptions: options.retrieveOptions }) : undefined)),
    }));
    // the volume hands its list to the pool reversed
    return requests.reverse();
  };
}

/** The slice's header places it elsewhere than the listing did (the volume was laid out from the listing). */
function positionProblem(imageId: string, listed: readonly [number, number, number]): Pick<SliceRefusal, 'code' | 'params'> | undefined {
  const plane = metaData.get(Enums.MetadataModules.IMAGE_PLANE, imageId) as { imagePositionPatient?: number[] } | undefined;
  const p = plane?.imagePositionPatient;
  if (p && p.length >= 3 && p.every((x, k) => k > 2 || Math.abs(x - listed[k]!) <= POSITION_TOLERANCE_MM)) return undefined;
  return { code: 'invalid-value', params: { attribute: 'ImagePositionPatient', value: `${(p ?? []).join('\\')} ≠ ${listed.join('\\')}` } };
}
