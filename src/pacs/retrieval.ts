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
import type { SliceOrder } from './slice-order.ts';

export interface RetrievalProgress {
  readonly done: number;
  readonly total: number;
  /** Bytes received since this retrieval object was created. */
  readonly bytes: number;
}

export interface RunOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: RetrievalProgress) => void;
  /** Each instance once, as soon as it is whole. */
  readonly onInstance?: (bytes: Uint8Array, sopUid: string) => void;
  /** Instances wanted before the others (the middle slices): asked alone at once, beside the series answer. */
  readonly first?: readonly string[];
}

export interface SeriesRetrieval {
  readonly studyUid: string;
  readonly seriesUid: string;
  readonly total: number;
  /** The listed instances, in the listing's order. */
  readonly sopUids: readonly string[];
  /** The slices' order from the listing, when it tells (the volume can then fill as they arrive). */
  readonly order: SliceOrder | undefined;
  received(): number;
  missing(): string[];
  /** Fetches what is missing. Rejects with a PacsError; what arrived is kept for the next call. */
  run(o: RunOptions): Promise<void>;
  /** The bytes of an instance that is in, else undefined. */
  bytesOf(sopUid: string): Uint8Array | undefined;
  /** The bytes of one listed instance: at once when it is in, else when a run brings it. */
  arrival(sopUid: string): Promise<Uint8Array>;
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

/** What a retrieval keeps across runs. */
interface Kept {
  readonly client: DicomWebClient;
  readonly studyUid: string;
  readonly seriesUid: string;
  readonly sopUids: readonly string[];
  readonly wanted: ReadonlySet<string>;
  readonly got: Map<string, Uint8Array>;
  /** Who waits for an instance not in yet (arrival()). */
  readonly waiting: Map<string, (bytes: Uint8Array) => void>;
  /** Bytes of the requests finished so far. */
  bytesBefore: number;
}

type PartFetch = (o: { onInstance: (b: Uint8Array) => void; onBytes: (n: number) => void }) => Promise<void>;

/** One run: the whole series in one answer (the first instances asked alone beside it), else the missing ones one by one. */
async function runOnce(k: Kept, { signal, onProgress, onInstance, first }: RunOptions): Promise<void> {
  const { client, studyUid, seriesUid, got } = k;
  const missing = () => k.sopUids.filter((u) => !got.has(u));
  let inFlight = 0;
  const report = () => onProgress?.({ done: got.size, total: k.sopUids.length, bytes: k.bytesBefore + inFlight });
  const keep = (bytes: Uint8Array) => {
    const uid = sopUidOf(bytes);
    if (!uid) throw new PacsError('bad-response', 'WADO-RS: a part is not a DICOM Part 10 instance');
    // an instance asked first also comes in the series answer: the second copy is dropped
    if (k.wanted.has(uid) && !got.has(uid)) {
      got.set(uid, bytes);
      k.waiting.get(uid)?.(bytes);
      k.waiting.delete(uid);
      onInstance?.(bytes, uid);
    }
    report();
  };
  const request = async (fetchPart: PartFetch) => {
    let last = 0;
    try {
      await fetchPart({ onInstance: keep, onBytes: (n) => { inFlight += n - last; last = n; report(); } });
    } finally {
      k.bytesBefore += last;
      inFlight -= last;
    }
  };
  report();
  const todo = missing();
  if (todo.length === 0) return;
  const withSignal = <T extends object>(o: T) => ({ ...o, ...(signal ? { signal } : {}) });
  const firstMissing = (first ?? []).filter((u) => todo.includes(u));
  // a static tree has no series-level answer: its instances are files, fetched a few at a time
  if (got.size === 0 && !client.isStatic) {
    // an instance's own request is a shortcut: its failure leaves the series answer to bring it
    const alone = firstMissing.map((u) => request((o) => client.retrieveInstance(studyUid, seriesUid, u, withSignal(o))).catch(() => undefined));
    await Promise.all([request((o) => client.retrieveSeries(studyUid, seriesUid, withSignal(o))), ...alone]);
  } else {
    todo.sort((a, b) => Number(firstMissing.includes(b)) - Number(firstMissing.includes(a)));
    let next = 0;
    const worker = async () => {
      while (next < todo.length) {
        const uid = todo[next++]!;
        await request((o) => client.retrieveInstance(studyUid, seriesUid, uid, withSignal(o)));
      }
    };
    await Promise.all(Array.from({ length: Math.min(RESUME_CONCURRENCY, todo.length) }, worker));
  }
  const left = missing().length;
  if (left > 0) throw new PacsError('bad-response', `WADO-RS: ${left} instance(s) listed by QIDO-RS were not sent`);
}

/** An instance's bytes now, or when a run brings them. */
function arrivalOf(k: Kept, uid: string): Promise<Uint8Array> {
  const bytes = k.got.get(uid);
  if (bytes) return Promise.resolve(bytes);
  if (!k.wanted.has(uid)) return Promise.reject(new PacsError('not-found', `instance ${uid} is not in the series`));
  return new Promise((resolve) => {
    const before = k.waiting.get(uid);
    k.waiting.set(uid, (b) => {
      before?.(b);
      resolve(b);
    });
  });
}

export function createSeriesRetrieval(client: DicomWebClient, studyUid: string, seriesUid: string, sopUids: readonly string[], order?: SliceOrder): SeriesRetrieval {
  const k: Kept = { client, studyUid, seriesUid, sopUids, wanted: new Set(sopUids), got: new Map(), waiting: new Map(), bytesBefore: 0 };
  const got = k.got;
  return {
    studyUid,
    seriesUid,
    total: sopUids.length,
    sopUids,
    order,
    bytesOf: (uid) => got.get(uid),
    received: () => got.size,
    missing: () => sopUids.filter((u) => !got.has(u)),
    run: async (o) => {
      try {
        await runOnce(k, o);
      } catch (e) {
        throw isPacsError(e) ? e : new PacsError('network', e instanceof Error ? e.message : String(e));
      }
    },
    arrival: (uid) => arrivalOf(k, uid),
    files: () => sopUids.filter((u) => got.has(u)).map((u) => ({ name: `${seriesUid}/${u}.dcm`, bytes: got.get(u)! })),
  };
}
