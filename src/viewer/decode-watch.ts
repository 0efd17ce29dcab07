/**
 * dicom-image-loader's decode workers under watch. Its worker manager neither notices a worker that dies (an
 * uncaught error, out of memory) nor one that hangs: the comlink call waits forever and the volume never
 * finishes. Here a worker's error event, or a load that has not progressed for a while (the caller's watchdog),
 * replaces every decode worker, starts the loads in flight again, and tells the listeners.
 */
import { workerManagerInternals } from './cornerstone-adapter.ts';
import type { NativeFileLoader } from './native-loader.ts';
import type { WorkerLossReason } from './events.ts';

/** The worker name dicom-image-loader registers its decoders under (its init.js). */
const DECODE_WORKER = 'dicomImageLoader';

export interface DecodeWorkers {
  /** replaces every decode worker and restarts the loads in flight */
  replace(reason: WorkerLossReason): void;
  /** `listener` hears of every replacement, with its reason; returns the unsubscribe */
  onLost(listener: (reason: WorkerLossReason) => void): () => void;
}

export function watchDecodeWorkers(loader: NativeFileLoader): DecodeWorkers {
  const manager = workerManagerInternals();
  const listeners = new Set<(reason: WorkerLossReason) => void>();
  const watched = new WeakSet<Worker>();
  const watch = () => {
    for (const w of manager.workerRegistry[DECODE_WORKER]?.nativeWorkers ?? []) {
      if (!w || watched.has(w)) continue;
      watched.add(w);
      w.addEventListener('error', (e) => {
        e.preventDefault();
        if (manager.workerRegistry[DECODE_WORKER]?.nativeWorkers.includes(w)) replace(e.message || 'uncaught error in the worker');
      });
    }
  };
  const replace = (reason: WorkerLossReason) => {
    const reg = manager.workerRegistry[DECODE_WORKER];
    if (!reg) return;
    const count = Math.max(1, reg.instances.length);
    manager.terminate(DECODE_WORKER);
    manager.registerWorker(DECODE_WORKER, reg.workerFn, { maxWorkerInstances: count, overwrite: true });
    watch();
    // every call running was on the workers just terminated: none will return, so their slots are free again
    const pool = manager.workerPoolManager;
    if (pool) for (const type of Object.keys(pool.numRequests)) pool.numRequests[type] = 0;
    loader.restartInFlight();
    pool?.startGrabbing();
    for (const l of listeners) l(reason);
  };
  watch();
  return {
    replace,
    onLost(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** A volume load with no slice decoded for this long, slices pending, is taken for a hung decoder. */
export const DECODE_STALL_MS = 20_000;

/**
 * Calls `onStall` when `tick()` has not been called for `ms`, until `stop()`. After a stall the next wait is
 * twice as long (replacement workers start their codecs while the whole queue of slices is issued again).
 */
export function stallWatchdog(ms: number, onStall: () => void): { tick(): void; stop(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = (waitMs: number) => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => { onStall(); arm(2 * waitMs); }, waitMs);
  };
  arm(ms);
  return {
    tick: () => arm(ms),
    stop: () => { if (timer) clearTimeout(timer); timer = undefined; },
  };
}
