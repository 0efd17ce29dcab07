/**
 * Saved work per StudyInstanceUID over any async key-value store (the viewer passes idb-keyval's get/set/del
 * on its own store; tests pass a Map). Works are stored as validated JSON text. An import is validated
 * completely before anything is written, and the work it replaces is kept under `<uid>#previous`, so a bad
 * or hostile file never loses what was saved.
 */
import { exportWork, importWork, MAX_WORK_BYTES, type SavedWork } from './saved-work.ts';
import { WorkError } from './work-errors.ts';

export interface KeyValueStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  del(key: string): Promise<void>;
}

const keyOf = (uid: string): string => `coroscanner-work:${uid}`;
const previousKeyOf = (uid: string): string => `${keyOf(uid)}#previous`;

/** The saved work of a study, or null. A stored value that no longer validates throws WorkError (kept as is). */
export async function loadWork(store: KeyValueStore, studyInstanceUid: string): Promise<SavedWork | null> {
  const v = await store.get(keyOf(studyInstanceUid));
  if (v === undefined || v === null) return null;
  return importWork(String(v), { expectedStudyUid: studyInstanceUid });
}

/** A file to import (the browser's File, or anything with a size and a reader). */
export interface ImportFile {
  readonly size: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/**
 * The bytes of a file to import. A file over `maxBytes` is refused from its size alone (WorkError
 * 'work-too-large'), before a byte is read: a 50 MB file costs nothing and the page stays responsive.
 */
export async function readImportFile(file: ImportFile, maxBytes = MAX_WORK_BYTES): Promise<ArrayBuffer> {
  if (!(file.size <= maxBytes)) throw new WorkError('work-too-large', { bytes: file.size, maxBytes });
  return file.arrayBuffer();
}

/** The store refused a write for lack of space (IndexedDB's QuotaExceededError; legacy code 22). */
export function isQuotaExceeded(e: unknown): boolean {
  const d = e as { name?: unknown; code?: unknown; inner?: unknown } | null;
  return !!d && (d.name === 'QuotaExceededError' || d.code === 22 || (d.inner !== undefined && isQuotaExceeded(d.inner)));
}

/**
 * Validates and saves; the work saved before is kept as the previous version. A full store throws WorkError
 * 'work-storage-full': each write replaces one whole value, so a refused write leaves the saved work as it was.
 */
export async function saveWork(store: KeyValueStore, work: SavedWork): Promise<void> {
  const text = exportWork(work); // throws before any write
  const key = keyOf(work.studyInstanceUid);
  const old = await store.get(key);
  try {
    if (typeof old === 'string' && old !== text) await store.set(previousKeyOf(work.studyInstanceUid), old);
    await store.set(key, text);
  } catch (e) {
    if (isQuotaExceeded(e)) throw new WorkError('work-storage-full', {});
    throw e;
  }
}

/** Imports a file for the open study: validated first (WorkError on any problem, store untouched), then saved. */
export async function importIntoStore(
  store: KeyValueStore,
  input: string | Uint8Array | ArrayBuffer,
  studyInstanceUid: string,
): Promise<SavedWork> {
  const work = importWork(input, { expectedStudyUid: studyInstanceUid });
  await saveWork(store, work);
  return work;
}

/** The version saved before the last save (undo of an import), or null. */
export async function loadPreviousWork(store: KeyValueStore, studyInstanceUid: string): Promise<SavedWork | null> {
  const v = await store.get(previousKeyOf(studyInstanceUid));
  return v === undefined || v === null ? null : importWork(String(v), { expectedStudyUid: studyInstanceUid });
}
