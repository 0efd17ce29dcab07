/**
 * The vessel worker seen from the page: its typed comlink proxy (src/vessel/worker-api.ts), with abortable
 * traces. Aborting a trace asks the worker to stop between its stages and rejects the call at once.
 */
import * as Comlink from 'comlink';
import { abortable, type TraceWorker } from '../../study/trace-jobs.ts';
import type { TracedVessel, VesselWorkerApi, WorkerFailure } from '../../vessel/worker-api.ts';
import type { Volume } from '../../volume/volume.ts';
import { superviseWorker } from '../../compute/supervised-worker.ts';
import { browserWorkerHandle, WorkerCrashedError } from '../../compute/worker-handle.ts';

export interface VesselWorkerClient extends TraceWorker {
  /** the volume the worker traces in (its voxels shared or copied by postMessage) */
  setVolume(volume: Volume): Promise<void>;
  /** drops the worker's copy of a vessel's lumen stage */
  forget(id: string): void;
  dispose(): void;
}

/** A vessel worker call unanswered for two minutes is taken for a hung worker (a user-facing threshold). */
export const VESSEL_CALL_DEADLINE_MS = 120_000;

/**
 * `create` makes the worker; one that dies or hangs is replaced (src/compute/supervised-worker.ts), given back
 * the volume before its first call, and reported to `onLost`. A trace or a remeasure it was running fails with
 * code 'worker-lost' (the reason as message); the next one runs on the replacement.
 */
export function connectVesselWorker(create: () => Worker, onLost?: (reason: string) => void): VesselWorkerClient {
  let heldVolume: Volume | undefined;
  const supervised = superviseWorker<VesselWorkerApi>({
    create: () => browserWorkerHandle<VesselWorkerApi>(create()),
    restore: async (api) => { if (heldVolume) await api.setVolume(heldVolume); },
    deadlineMs: VESSEL_CALL_DEADLINE_MS,
    ...(onLost ? { onLost } : {}),
  });
  const remote = supervised.api;
  const lost = (e: unknown): WorkerFailure => {
    if (e instanceof WorkerCrashedError) return { code: 'worker-lost', message: e.reason };
    throw e;
  };
  let jobs = 0;
  return {
    setVolume: (volume) => {
      heldVolume = volume;
      return remote.setVolume(volume);
    },
    forget: (id) => void remote.forget(id).catch(() => { /* a replaced worker holds no vessel */ }),
    remeasure: (id, referenceSMm) => remote.remeasure(id, referenceSMm).catch(lost),
    trace(req, onCentreline, signal) {
      const jobId = `trace-${++jobs}`;
      const stop = () => void remote.cancel(jobId).catch(() => {});
      signal.addEventListener('abort', stop, { once: true });
      const call: Promise<TracedVessel | WorkerFailure> = remote.trace({ ...req, jobId }, Comlink.proxy(onCentreline)).catch(lost);
      return abortable(call, signal).finally(() => signal.removeEventListener('abort', stop));
    },
    dispose: () => supervised.dispose(),
  };
}
