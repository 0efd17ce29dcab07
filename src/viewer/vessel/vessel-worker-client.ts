/**
 * The vessel workers seen from the page: typed comlink proxies (src/vessel/worker-api.ts), with abortable
 * traces. Aborting a trace asks its worker to stop between its stages and rejects the call at once.
 * Several workers measure vessels side by side (the found vessels of a tree are measured on all cores once
 * the tree search, and its worker, are over): a trace waits for a free worker, the first free one (lowest
 * number) takes it, and a vessel's later calls (remeasure, forget) go to the worker that holds its lumen stage.
 */
import * as Comlink from 'comlink';
import { abortable, type TraceWorker } from '../../study/trace-jobs.ts';
import type { TraceRequest, TracedVessel, VesselWorkerApi, WorkerFailure } from '../../vessel/worker-api.ts';
import type { Volume } from '../../volume/volume.ts';
import { superviseWorker } from '../../compute/supervised-worker.ts';
import { browserWorkerHandle, WorkerCrashedError } from '../../compute/worker-handle.ts';

export interface VesselWorkerClient extends TraceWorker {
  /** the volume the workers trace in (its voxels shared or copied by postMessage) */
  setVolume(volume: Volume): Promise<void>;
  /** drops the worker's copy of a vessel's lumen stage */
  forget(id: string): void;
  dispose(): void;
}

/** A vessel worker call unanswered for two minutes is taken for a hung worker (a user-facing threshold). */
export const VESSEL_CALL_DEADLINE_MS = 120_000;

/** One vessel worker as the router calls it (a supervised comlink proxy in the page, a fake in tests). */
export interface VesselLane {
  setVolume(volume: Volume): Promise<void>;
  forget(id: string): Promise<void>;
  remeasure(id: string, referenceSMm: readonly [number, number] | undefined): Promise<TracedVessel | WorkerFailure>;
  cancel(jobId: string): Promise<void>;
  trace(req: TraceRequest, onCentreline: (flatLps: Float32Array) => void): Promise<TracedVessel | WorkerFailure>;
}

const lost = (e: unknown): WorkerFailure => {
  if (e instanceof WorkerCrashedError) return { code: 'worker-lost', message: e.reason };
  throw e;
};

/**
 * `create` makes a worker; `workers` of them share the traces. One that dies or hangs is replaced
 * (src/compute/supervised-worker.ts), given back the volume before its first call, and reported to `onLost`.
 * A trace or a remeasure it was running fails with code 'worker-lost' (the reason as message); the next one
 * runs on the replacement.
 */
export function connectVesselWorker(create: () => Worker, onLost?: (reason: string) => void, workers = 1): VesselWorkerClient {
  let heldVolume: Volume | undefined;
  const supervised = Array.from({ length: Math.max(1, workers) }, () => superviseWorker<VesselWorkerApi>({
    create: () => browserWorkerHandle<VesselWorkerApi>(create()),
    restore: async (api) => { if (heldVolume) await api.setVolume(heldVolume); },
    deadlineMs: VESSEL_CALL_DEADLINE_MS,
    ...(onLost ? { onLost } : {}),
  }));
  const lanes: VesselLane[] = supervised.map((s) => ({
    setVolume: (v) => s.api.setVolume(v),
    forget: (id) => s.api.forget(id),
    remeasure: (id, ref) => s.api.remeasure(id, ref),
    cancel: (jobId) => s.api.cancel(jobId),
    trace: (req, onCentreline) => s.api.trace(req, Comlink.proxy(onCentreline)),
  }));
  const client = routeVesselTraces(lanes);
  return {
    ...client,
    setVolume: (volume) => {
      heldVolume = volume;
      return client.setVolume(volume);
    },
    dispose: () => { client.dispose(); for (const s of supervised) s.dispose(); },
  };
}

/** The traces spread over `lanes`, one running trace per lane, the others waiting in the order they came. */
export function routeVesselTraces(lanes: readonly VesselLane[]): VesselWorkerClient {
  const busy = lanes.map(() => false);
  const waiting: { start(lane: number): void }[] = [];
  /** the lane holding each vessel's lumen stage */
  const home = new Map<string, number>();
  let jobs = 0;
  const release = (lane: number) => {
    busy[lane] = false;
    const next = waiting.shift();
    if (next) { busy[lane] = true; next.start(lane); }
  };
  const freeLane = (signal: AbortSignal): Promise<number> => {
    const lane = busy.indexOf(false);
    if (lane >= 0) { busy[lane] = true; return Promise.resolve(lane); }
    return new Promise<number>((resolve) => {
      const entry = { start: resolve };
      waiting.push(entry);
      // a trace aborted while waiting leaves the queue (abortable() has rejected its call already)
      signal.addEventListener('abort', () => { const q = waiting.indexOf(entry); if (q >= 0) waiting.splice(q, 1); }, { once: true });
    });
  };
  const runOn = async (lane: number, req: TraceRequest, onCentreline: (flatLps: Float32Array) => void, signal: AbortSignal) => {
    const jobId = `trace-${++jobs}`;
    const stop = () => void lanes[lane]!.cancel(jobId).catch(() => {});
    signal.addEventListener('abort', stop, { once: true });
    const before = home.get(req.id);
    if (before !== undefined && before !== lane) void lanes[before]!.forget(req.id).catch(() => {});
    home.set(req.id, lane);
    try {
      return await lanes[lane]!.trace({ ...req, jobId }, onCentreline).catch(lost);
    } finally {
      signal.removeEventListener('abort', stop);
    }
  };
  return {
    setVolume: async (volume) => {
      home.clear();
      await Promise.all(lanes.map((l) => l.setVolume(volume)));
    },
    forget: (id) => {
      const lane = home.get(id);
      home.delete(id);
      void lanes[lane ?? 0]!.forget(id).catch(() => { /* a replaced worker holds no vessel */ });
    },
    remeasure: (id, referenceSMm) => lanes[home.get(id) ?? 0]!.remeasure(id, referenceSMm).catch(lost),
    trace(req, onCentreline, signal) {
      const call = (async () => {
        const lane = await freeLane(signal);
        if (signal.aborted) { release(lane); throw new Error('trace cancelled before it started'); }
        // the lane is free again as soon as this trace settles or is dropped (a cancelled one stops at its next stage)
        const settled = runOn(lane, req, onCentreline, signal);
        const drop = () => release(lane);
        void abortable(settled, signal).then(drop, drop);
        return settled;
      })();
      return abortable(call, signal);
    },
    dispose: () => { waiting.length = 0; },
  };
}
