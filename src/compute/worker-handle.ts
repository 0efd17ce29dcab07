/**
 * A comlink worker that may die (uncaught error, out of memory, exit) or hang, as the compute pool and the
 * supervised worker both see it: a typed handle, the error a lost worker's calls reject with, and the watch that
 * turns a crash or a missed deadline into that rejection.
 */
import * as Comlink from 'comlink';

export interface WorkerHandle<Api> {
  readonly api: Comlink.Remote<Api>;
  terminate(): void;
  /** Registers the callback for a crash of this worker (its error / exit events). Without it, only a deadline
   *  detects a lost worker. */
  onCrash?(listener: (reason: string) => void): void;
}

/** The worker running a call died (uncaught error, out of memory, exit) or stopped answering. */
export class WorkerCrashedError extends Error {
  readonly code = 'COMPUTE_WORKER_CRASHED';
  constructor(readonly reason: string) {
    super(`compute worker crashed: ${reason}`);
    this.name = 'WorkerCrashedError';
  }
}

/** A browser Worker as a WorkerHandle (its error and messageerror events are the crash signals). */
export function browserWorkerHandle<Api>(w: Worker): WorkerHandle<Api> {
  const api = Comlink.wrap<Api>(w);
  return {
    api,
    terminate: () => { api[Comlink.releaseProxy](); w.terminate(); },
    onCrash: (listener) => {
      w.addEventListener('error', (e) => listener(e.message || 'uncaught error in the worker'));
      w.addEventListener('messageerror', () => listener('a message could not be deserialised'));
    },
  };
}

/** One worker's fate: `crashed` rejects with a WorkerCrashedError once it dies or `fail` is called. */
export interface CrashWatch {
  readonly crashed: Promise<never>;
  fail(e: Error): void;
  /** `p`, or the crash if it comes first */
  guard<T>(p: Promise<T>): Promise<T>;
}

/** Watches `handle` for crashes; `onCrash` hears the reason after `crashed` has rejected. */
export function watchCrashes(handle: WorkerHandle<unknown>, onCrash: (reason: string) => void): CrashWatch {
  let fail: (e: Error) => void = () => {};
  const crashed = new Promise<never>((_, reject) => (fail = reject));
  crashed.catch(() => { /* observed through guard() */ });
  handle.onCrash?.((reason) => {
    fail(new WorkerCrashedError(reason));
    onCrash(reason);
  });
  return { crashed, fail: (e) => fail(e), guard: (p) => Promise.race([p, crashed]) };
}

/** Calls `lose` with the "no answer" reason unless cleared within `deadlineMs` (undefined: never). */
export function answerDeadline(deadlineMs: number | undefined, lose: (reason: string) => void): () => void {
  if (deadlineMs === undefined) return () => {};
  const timer = setTimeout(() => lose(`no answer in ${Math.round(deadlineMs / 1000)} s`), deadlineMs);
  return () => clearTimeout(timer);
}
