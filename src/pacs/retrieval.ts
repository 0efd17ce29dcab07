/**
 * Retrieving one series with resume: the first attempt streams the whole series in one WADO-RS request;
 * every instance that arrived whole is kept, keyed by its SOP instance UID (read from the Part 10 meta
 * header), so a retry after a fault (server stopped, network lost, cancel) asks only for the missing ones.
 * From a static DICOMweb tree every attempt fetches instance by instance.
 */
import dicomParser from 'dicom-parser';
import type { InputFile } from '../dicom/types.ts';
import type { DicomWebClient } from './client.ts';
import { isPacsError, PacsError } from './errors.ts';

export interface RetrievalProgress {
  readonly done: number;
  readonly total: number;
  /** Bytes received since this retrieval object was created. */
  readonly bytes: number;
}

export interface SeriesRetrieval {
  readonly studyUid: string;
  readonly seriesUid: string;
  readonly total: number;
  received(): number;
  missing(): string[];
  /** Fetches what is missing. Rejects with a PacsError; what arrived is kept for the next call. */
  run(o: { signal?: AbortSignal; onProgress?: (p: RetrievalProgress) => void; onInstance?: (bytes: Uint8Array) => void }): Promise<void>;
  /** The instances in the QIDO order (complete after a successful run). */
  files(): InputFile[];
}

/** The SOP instance UID of a Part 10 file (meta header), or undefined. */
export function sopUidOf(bytes: Uint8Array): string | undefined {
  try {
    const meta = dicomParser.readPart10Header(bytes);
    return meta.string('x00020003')?.replace(/\0/g, '').trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Parallel single-instance requests when resuming (a browser keeps ~6 connections per host). */
const RESUME_CONCURRENCY = 4;

export function createSeriesRetrieval(client: DicomWebClient, studyUid: string, seriesUid: string, sopUids: readonly string[]): SeriesRetrieval {
  const wanted = new Set(sopUids);
  const got = new Map<string, Uint8Array>();
  let bytesBefore = 0;
  const missing = () => sopUids.filter((u) => !got.has(u));

  const run: SeriesRetrieval['run'] = async ({ signal, onProgress, onInstance }) => {
    let inFlight = 0;
    const report = () => onProgress?.({ done: got.size, total: sopUids.length, bytes: bytesBefore + inFlight });
    const keep = (bytes: Uint8Array) => {
      const uid = sopUidOf(bytes);
      if (!uid) throw new PacsError('bad-response', 'WADO-RS: a part is not a DICOM Part 10 instance');
      if (wanted.has(uid)) {
        got.set(uid, bytes);
        onInstance?.(bytes);
      }
      report();
    };
    const request = async (fetchPart: (o: { onInstance: (b: Uint8Array) => void; onBytes: (n: number) => void }) => Promise<void>) => {
      let last = 0;
      try {
        await fetchPart({
          onInstance: keep,
          onBytes: (n) => {
            inFlight += n - last;
            last = n;
            report();
          },
        });
      } finally {
        bytesBefore += last;
        inFlight -= last;
      }
    };
    report();
    const todo = missing();
    if (todo.length === 0) return;
    // a static tree has no series-level answer: its instances are files, fetched a few at a time
    if (got.size === 0 && !client.isStatic) {
      await request((o) => client.retrieveSeries(studyUid, seriesUid, { ...o, ...(signal ? { signal } : {}) }));
    } else {
      let next = 0;
      const worker = async () => {
        while (next < todo.length) {
          const uid = todo[next++]!;
          await request((o) => client.retrieveInstance(studyUid, seriesUid, uid, { ...o, ...(signal ? { signal } : {}) }));
        }
      };
      await Promise.all(Array.from({ length: Math.min(RESUME_CONCURRENCY, todo.length) }, worker));
    }
    const left = missing().length;
    if (left > 0) throw new PacsError('bad-response', `WADO-RS: ${left} instance(s) listed by QIDO-RS were not sent`);
  };

  return {
    studyUid,
    seriesUid,
    total: sopUids.length,
    received: () => got.size,
    missing,
    run: async (o) => {
      try {
        await run(o);
      } catch (e) {
        throw isPacsError(e) ? e : new PacsError('network', e instanceof Error ? e.message : String(e));
      }
    },
    files: () => sopUids.filter((u) => got.has(u)).map((u) => ({ name: `${seriesUid}/${u}.dcm`, bytes: got.get(u)! })),
  };
}
