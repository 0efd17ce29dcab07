// Deterministic UIDs: 2.25.<decimal of the first 128 bits of SHA-256(key)> (PS3.5 B.2, UUID-derived root).
import { createHash } from 'node:crypto';

/** Same key, same UID, every run. At most 2.25. + 39 digits = 44 characters. */
export function uidFor(key: string): string {
  const h = createHash('sha256').update(key, 'utf8').digest();
  let n = 0n;
  for (let i = 0; i < 16; i++) n = (n << 8n) | BigInt(h[i]!);
  // a UUID-derived UID is an integer without leading zeros (n == 0 is astronomically unlikely)
  return `2.25.${n.toString(10)}`;
}

export const IMPLEMENTATION_CLASS_UID = uidFor('coroscanner-viewer/sample-data/dicom-writer/1');
export const IMPLEMENTATION_VERSION_NAME = 'CORO_SAMPLE_1';

export const SOP_CLASS = {
  ctImage: '1.2.840.10008.5.1.4.1.1.2',
  mediaStorageDirectory: '1.2.840.10008.1.3.10',
} as const;

/** UIDs of one series, all derived from a seed (e.g. 'CORO-01'). */
export interface SeriesUids {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  frameOfReferenceUid: string;
  /** SOP Instance UID of the slice with 0-based index k (volume order). */
  sopInstanceUid(k: number): string;
}

export function seriesUids(seed: string): SeriesUids {
  return {
    studyInstanceUid: uidFor(`${seed}/study`),
    seriesInstanceUid: uidFor(`${seed}/series/1`),
    frameOfReferenceUid: uidFor(`${seed}/frame-of-reference`),
    sopInstanceUid: (k) => uidFor(`${seed}/series/1/image/${k}`),
  };
}
