// Node worker factory for createComputePool (tests, CLI): worker_threads + comlink's node adapter.
import { Worker } from 'node:worker_threads';
import * as Comlink from 'comlink';
import { nodeEndpoint } from './node-endpoint';
import type { PoolWorker } from './pool';
import type { ComputeApi } from './worker-api';

export function nodeWorkerFactory(): () => PoolWorker {
  return () => {
    const w = new Worker(new URL('./node-worker-boot.mjs', import.meta.url));
    const api = Comlink.wrap<ComputeApi>(nodeEndpoint(w));
    let terminating = false;
    return {
      api,
      terminate: () => { terminating = true; api[Comlink.releaseProxy](); void w.terminate(); },
      onCrash: (listener) => {
        w.on('error', (e: Error) => listener(e.message));
        w.on('exit', (code: number) => { if (!terminating) listener(`worker exited with code ${code}`); });
      },
    };
  };
}
