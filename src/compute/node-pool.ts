// Node workers (tests, CLI): worker_threads + comlink's node adapter.
import { Worker } from 'node:worker_threads';
import * as Comlink from 'comlink';
import { nodeEndpoint } from './node-endpoint';
import type { PoolWorker } from './pool';
import type { WorkerHandle } from './worker-handle';

/** A worker_threads Worker as a WorkerHandle (its error event, and an exit it did not ask for, are crashes). */
export function nodeWorkerHandle<Api>(w: Worker): WorkerHandle<Api> {
  const api = Comlink.wrap<Api>(nodeEndpoint(w));
  let terminating = false;
  return {
    api,
    terminate: () => { terminating = true; api[Comlink.releaseProxy](); void w.terminate(); },
    onCrash: (listener) => {
      w.on('error', (e: Error) => listener(e.message));
      w.on('exit', (code: number) => { if (!terminating) listener(`worker exited with code ${code}`); });
    },
  };
}

/** Worker factory for createComputePool. */
export function nodeWorkerFactory(): () => PoolWorker {
  return () => nodeWorkerHandle(new Worker(new URL('./node-worker-boot.mjs', import.meta.url)));
}
