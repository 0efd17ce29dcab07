/**
 * A comlink worker that may die (uncaught error, out of memory, exit) or hang, behind a stable typed handle.
 * Calls go to the current worker; a crash, or a call left unanswered past `deadlineMs`, terminates it, rejects
 * the calls in flight with WorkerCrashedError, tells `onLost`, and the next call starts a fresh worker brought
 * back to the caller's state by `restore` (e.g. its volume) before it runs. Browser or Node (the handle hides
 * which).
 */
import type * as Comlink from 'comlink';
import { answerDeadline, WorkerCrashedError, watchCrashes, type CrashWatch, type WorkerHandle } from './worker-handle.ts';

export { browserWorkerHandle, type WorkerHandle } from './worker-handle.ts';

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
  readonly watch: CrashWatch;
  ready: Promise<void>;
}

export function superviseWorker<Api extends object>(opts: SupervisorOptions<Api>): SupervisedWorker<Api> {
  let live: Live<Api> | undefined;
  let restarts = 0;
  let disposed = false;

  const lose = (entry: Live<Api>, reason: string) => {
    if (live !== entry) return;
    live = undefined;
    entry.handle.terminate();
    entry.watch.fail(new WorkerCrashedError(reason));
    restarts++;
    opts.onLost?.(reason);
  };

  const start = (): Live<Api> => {
    const handle = opts.create();
    const entry: Live<Api> = { handle, watch: watchCrashes(handle, (reason) => lose(entry, reason)), ready: Promise.resolve() };
    if (restarts > 0 && opts.restore) entry.ready = opts.restore(handle.api);
    return entry;
  };

  const call = async (name: string, args: unknown[]): Promise<unknown> => {
    if (disposed) throw new Error('worker disposed');
    const entry = (live ??= start());
    const clearDeadline = answerDeadline(opts.deadlineMs, (reason) => lose(entry, reason));
    try {
      await entry.watch.guard(entry.ready);
      const fn = (entry.handle.api as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[name]!;
      return await entry.watch.guard(fn(...args));
    } finally {
      clearDeadline();
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
        live.watch.fail(new Error('worker disposed'));
        live = undefined;
      }
    },
  };
}
