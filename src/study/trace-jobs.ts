/**
 * A vessel trace as a cancellable job, without DOM or Cornerstone. A new trace of the same vessel (a moved
 * waypoint), the vessel's removal or closing the study cancels the running trace: its worker call is aborted
 * (the worker stops between stages) and whatever it would have returned is dropped, so a cancelled trace never
 * writes into the store or the session.
 */
import type { TraceRequest, TracedVessel, WorkerFailure } from '../vessel/worker-api.ts';
import type { StudySession } from './session.ts';
import type { VesselMeasures } from './vessel-measures.ts';

/** The vessel worker as the jobs see it. */
export interface TraceWorker {
  /** centreline, lumen, lesions; `onCentreline` gets the centreline first; `signal` aborts tell the worker to stop */
  trace(req: TraceRequest, onCentreline: (flatLps: Float32Array) => void, signal: AbortSignal): Promise<TracedVessel | WorkerFailure>;
  /** the lesions of a traced vessel again with other reference positions (arc lengths, mm) */
  remeasure(id: string, referenceSMm: readonly [number, number] | undefined): Promise<TracedVessel | WorkerFailure>;
}

export type TraceOutcome =
  | { readonly kind: 'done'; readonly traced: TracedVessel; readonly totalMs: number }
  | { readonly kind: 'failed'; readonly failure: WorkerFailure }
  | { readonly kind: 'cancelled' }
  /** nothing to trace: the vessel is gone or has fewer than two points */
  | { readonly kind: 'skipped' };

export interface TraceJobsDeps {
  readonly session: StudySession;
  readonly measures: VesselMeasures;
  readonly worker: TraceWorker;
  /** the failure in the user's language (stored with the vessel) */
  readonly failureText: (f: WorkerFailure) => string;
  /** the centreline of a running trace was stored (the CPR can be shown while the lumen is measured) */
  readonly onCentreline?: (id: string) => void;
  readonly now?: () => number;
}

export interface TraceJobs {
  /**
   * traces the vessel (cancelling its running trace) and stores the result; `centrelineLps` (a found vessel's
   * own centreline, flat LPS) is measured as it is instead of a path traced through the vessel's points
   */
  run(id: string, centrelineLps?: Float64Array): Promise<TraceOutcome>;
  /** sets the vessel's reference and measures its lesions again (a running trace is traced again instead) */
  setReference(id: string, referenceSMm: readonly [number, number] | undefined): Promise<TraceOutcome>;
  cancel(id: string): void;
  cancelAll(): void;
  /** true while a trace of the vessel runs */
  running(id: string): boolean;
  dispose(): void;
}

const CANCELLED: TraceOutcome = { kind: 'cancelled' };
const SKIPPED: TraceOutcome = { kind: 'skipped' };
export const isFailure = (x: TracedVessel | WorkerFailure): x is WorkerFailure => 'code' in x;
const isAbort = (e: unknown): boolean => (e as { name?: string } | null)?.name === 'AbortError';

/** `p`, or an AbortError as soon as `signal` aborts (the work behind `p` is the caller's to stop). */
export function abortable<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(abortError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError());
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function abortError(): Error {
  const e = new Error('trace cancelled');
  e.name = 'AbortError';
  return e;
}

export function createTraceJobs(deps: TraceJobsDeps): TraceJobs {
  const { session, measures, worker } = deps;
  const store = session.vessels;
  const now = deps.now ?? (() => performance.now());
  const jobs = new Map<string, AbortController>();
  const cancel = (id: string) => { jobs.get(id)?.abort(); jobs.delete(id); };
  const cancelAll = () => { for (const id of [...jobs.keys()]) cancel(id); };
  const offs = [
    store.events.on('changed', (e) => { if (!store.get(e.id)) cancel(e.id); }),
    session.events.on('closed', cancelAll),
  ];

  const traceOnce = async (id: string, job: AbortController, centrelineLps: Float64Array | undefined): Promise<TraceOutcome> => {
    await session.volumeReady();
    const v = store.get(id);
    if (job.signal.aborted || !v) return CANCELLED;
    const t0 = now();
    const onCentreline = (flat: Float32Array) => {
      if (job.signal.aborted) return;
      measures.setCentreline(id, flat);
      deps.onCentreline?.(id);
    };
    const req = {
      id, pointsLps: v.pointsLps, ...(v.referenceSMm ? { referenceSMm: v.referenceSMm } : {}),
      ...(v.found ? { found: { fromAorta: v.found.fromAorta } } : {}),
      ...(centrelineLps ? { centrelineLps } : {}),
    };
    const out = await abortable(worker.trace(req, onCentreline, job.signal), job.signal);
    if (job.signal.aborted) return CANCELLED;
    if (isFailure(out)) {
      store.setStatus(id, 'failed', deps.failureText(out));
      return { kind: 'failed', failure: out };
    }
    measures.setTraced(v, out);
    return { kind: 'done', traced: out, totalMs: now() - t0 };
  };

  const run = async (id: string, centrelineLps?: Float64Array): Promise<TraceOutcome> => {
    const v = store.get(id);
    if (!v || v.pointsLps.length < 2) return SKIPPED;
    cancel(id);
    const job = new AbortController();
    jobs.set(id, job);
    store.setStatus(id, 'analysing');
    measures.startTrace(id);
    try {
      return await traceOnce(id, job, centrelineLps);
    } catch (e) {
      if (job.signal.aborted || isAbort(e)) return CANCELLED;
      throw e;
    } finally {
      if (jobs.get(id) === job) jobs.delete(id);
    }
  };

  return {
    run,
    async setReference(id, referenceSMm) {
      const v = store.get(id);
      if (!v) return SKIPPED;
      store.setReference(id, referenceSMm);
      if (jobs.has(id)) return run(id);
      const out = await worker.remeasure(id, referenceSMm);
      if (!store.get(id) || jobs.has(id) || session.studyKey !== v.studyKey) return CANCELLED;
      if (isFailure(out)) {
        store.setStatus(id, v.status, deps.failureText(out));
        return { kind: 'failed', failure: out };
      }
      measures.setTraced(v, out); // the edits are kept: same centreline, same sections
      return { kind: 'done', traced: out, totalMs: 0 };
    },
    cancel,
    cancelAll,
    running: (id) => jobs.has(id),
    dispose() {
      for (const off of offs) off();
      cancelAll();
    },
  };
}
