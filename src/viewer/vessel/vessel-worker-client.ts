/**
 * The vessel worker seen from the page: its typed comlink proxy (src/vessel/worker-api.ts), with abortable
 * traces. Aborting a trace asks the worker to stop between its stages and rejects the call at once.
 */
import * as Comlink from 'comlink';
import type { CprOptions, CprResult } from '../../kernels/views.ts';
import { abortable, type TraceWorker } from '../../study/trace-jobs.ts';
import type { TracedVessel, VesselWorkerApi, WorkerFailure } from '../../vessel/worker-api.ts';
import type { Volume } from '../../volume/volume.ts';

export interface VesselWorkerClient extends TraceWorker {
  /** the volume the worker traces in (its voxels shared or copied by postMessage) */
  setVolume(volume: Volume): Promise<void>;
  /** the TS reference CPR kernel (bench comparison with the WASM pool) */
  cprReference(o: CprOptions): Promise<CprResult>;
  /** drops the worker's copy of a vessel's lumen stage */
  forget(id: string): void;
  dispose(): void;
}

export function connectVesselWorker(worker: Worker): VesselWorkerClient {
  const remote = Comlink.wrap<VesselWorkerApi>(worker);
  let jobs = 0;
  return {
    setVolume: (volume) => remote.setVolume(volume),
    cprReference: (o) => remote.cprReference(o),
    forget: (id) => void remote.forget(id),
    remeasure: (id, referenceSMm) => remote.remeasure(id, referenceSMm),
    trace(req, onCentreline, signal) {
      const jobId = `trace-${++jobs}`;
      const stop = () => void remote.cancel(jobId);
      signal.addEventListener('abort', stop, { once: true });
      const call: Promise<TracedVessel | WorkerFailure> = remote.trace({ ...req, jobId }, Comlink.proxy(onCentreline));
      return abortable(call, signal).finally(() => signal.removeEventListener('abort', stop));
    },
    dispose() {
      remote[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}
