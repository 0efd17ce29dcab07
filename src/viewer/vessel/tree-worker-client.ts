/**
 * The tree worker seen from the page: one supervised worker per detection (src/compute/supervised-worker.ts),
 * started ahead of the click (prewarm), given the volume, terminated when the tree is in, when the reader cancels (the search is one synchronous call
 * in the worker: terminating is how it stops) or when it dies or hangs.
 * Buffer ownership: the page keeps its voxels. A volume backed by a shared wasm memory reaches the worker
 * without a copy; a plain one is copied by postMessage (never transferred: the page still shows it). The found
 * vessels' points come back as transferred Float64Arrays.
 */
import * as Comlink from 'comlink';
import { WorkerCrashedError } from '../../compute/pool.ts';
import { browserWorkerHandle, superviseWorker, type SupervisedWorker } from '../../compute/supervised-worker.ts';
import type { PackedTree, TreeProgressStage, TreeWorkerApi } from '../../tree/worker-api.ts';
import type { Volume } from '../../volume/volume.ts';

/** A search unanswered for two minutes is taken for a hung worker (a user-facing threshold). */
export const TREE_SEARCH_DEADLINE_MS = 120_000;

/** The tree worker died or hung: the message says why (shown to the reader in their language by code). */
export class TreeWorkerLostError extends Error {
  readonly code = 'worker-lost';
  constructor(readonly reason: string) {
    super(`the tree worker stopped: ${reason}`);
    this.name = 'TreeWorkerLostError';
  }
}

function abortError(): Error {
  const e = new Error('tree search cancelled');
  e.name = 'AbortError';
  return e;
}

export interface TreeSearcher {
  /** starts a worker now (modules and kernels loading) for the next search; a no-op when one waits */
  prewarm(): void;
  /** the tree of `volume` in a worker (the one prewarmed, else a new one), terminated after */
  search(volume: Volume, onProgress: (stage: TreeProgressStage, fraction: number) => void, signal: AbortSignal): Promise<PackedTree>;
  dispose(): void;
}

type Supervised = SupervisedWorker<TreeWorkerApi>;

/**
 * `create` makes a tree worker. The page prewarms one when a study is open, so the click does not wait for the
 * worker's modules (compiled on first load) and the ray sampler's compilation.
 */
export function createTreeSearcher(create: () => Worker): TreeSearcher {
  let spare: Supervised | undefined;
  const start = (): Supervised => superviseWorker<TreeWorkerApi>({ create: () => browserWorkerHandle<TreeWorkerApi>(create()), deadlineMs: TREE_SEARCH_DEADLINE_MS });
  return {
    prewarm() {
      if (spare) return;
      const w = (spare = start());
      // a worker that fails to warm is dropped: the search then starts its own
      w.api.warm().catch(() => { if (spare === w) { spare = undefined; w.dispose(); } });
    },
    search(volume, onProgress, signal) {
      if (signal.aborted) return Promise.reject(abortError());
      const supervised = spare ?? start();
      spare = undefined;
      return new Promise<PackedTree>((resolve, reject) => {
        const onAbort = () => { supervised.dispose(); reject(abortError()); };
        signal.addEventListener('abort', onAbort, { once: true });
        supervised.api.findTree(volume, Comlink.proxy(onProgress))
          .then(resolve, (e: unknown) => reject(e instanceof WorkerCrashedError ? new TreeWorkerLostError(e.reason) : e))
          .finally(() => { signal.removeEventListener('abort', onAbort); supervised.dispose(); });
      });
    },
    dispose() {
      spare?.dispose();
      spare = undefined;
    },
  };
}
