/**
 * A comlink worker that may die (uncaught error, out of memory, exit) or hang, behind a stable typed handle.
 * Calls go to the current worker; a crash, or a call left unanswered past `deadlineMs`, terminates it, rejects
 * the calls in flight with WorkerCrashedError, tells `onLost`, and the next call starts a fresh worker brought
 * back to the caller's state by `restore` (e.g. its volume) before it runs. Browser or Node (the handle hides
 * which).
 */
import * as Comlink from 'comlink';
import { WorkerCrashedError } from './pool.ts';

export interface WorkerHandle<Api> {
  readonly api: Comlink.Remote<Api>;
  terminate(): void;
  /** registers the callback for a crash of this worker (its error / exit events) */
  onCrash(listener: (reason: string) => void): void;
}

export interface SupervisorOptions<Api> {
  create(): WorkerHandle<Api>;
  /** brings a replacement worker to the state the caller expects (not called for the first worker) */
  restore?(api: Comlink.Remote<Api>): Promise<void>;
  /** a call unanswered after this long means a hung worker (undefined: no deadline) */
  deadlineMs?: number;
  onLost?(reason: string): void;
}

export interface SupervisedWorker<Api> {
  /** calls the current worker (starting one when needed); rejects with WorkerCrashedError if it dies meanwhile */
  readonly api: Comlink.Remote<Api>;
  /** workers replaced after a crash or a hang */
  restarts(): number;
  dispose(): void;
}

interface Live<Api> {
  readonly handle: WorkerHandle<Api>;
  readonly crashed: Promise<never>;
  fail(e: Error): void;
  ready: Promise<void>;
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

export function superviseWorker<Api extends object>(opts: SupervisorOptions<Api>): SupervisedWorker<Api> {
  let live: Live<Api> | undefined;
  let restarts = 0;
  let disposed = false;

  const lose = (entry: Live<Api>, reason: string) => {
    if (live !== entry) return;
    live = undefined;
    entry.handle.terminate();
    entry.fail(new WorkerCrashedError(reason));
    restarts++;
    opts.onLost?.(reason);
  };

  const start = (): Live<Api> => {
    const handle = opts.create();
    let fail: (e: Error) => void = () => {};
    const crashed = new Promise<never>((_, reject) => (fail = reject));
    crashed.catch(() => { /* observed through Promise.race in call */ });
    const entry: Live<Api> = { handle, crashed, fail, ready: Promise.resolve() };
    handle.onCrash((reason) => lose(entry, reason));
    if (restarts > 0 && opts.restore) entry.ready = opts.restore(handle.api);
    return entry;
  };

  const call = async (name: string, args: unknown[]): Promise<unknown> => {
    if (disposed) throw new Error('worker disposed');
    const entry = (live ??= start());
    let timer: ReturnType<typeof setTimeout> | undefined;
    if (opts.deadlineMs !== undefined) {
      const s = Math.round(opts.deadlineMs / 1000);
      timer = setTimeout(() => lose(entry, `no answer in ${s} s`), opts.deadlineMs);
    }
    try {
      await Promise.race([entry.ready, entry.crashed]);
      const fn = (entry.handle.api as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[name]!;
      return await Promise.race([fn(...args), entry.crashed]);
    } finally {
      if (timer) clearTimeout(timer);
    }
  };

  const api = new Proxy({}, {
    get: (_t, prop) => (typeof prop === 'string' && prop !== 'then' ? (...args: unknown[]) => call(prop, args) : undefined),
  }) as Comlink.Remote<Api>;

  return {
    api,
    restarts: () => restarts,
    dispose() {
      disposed = true;
      if (live) {
        live.handle.terminate();
        live.fail(new Error('worker disposed'));
        live = undefined;
      }
    },
  };
}
