/**
 * The compute worker's API (exposed with comlink by workers/compute.worker.ts in browsers and by
 * src/compute/node-worker.ts under Node worker_threads). Callers hold `Comlink.Remote<ComputeApi>`.
 * One engine per worker; the volume arrives once per load (a shared memory handle, or one copy).
 * Jobs return an outcome (done + result whose buffers are transferred, or cancelled + chunk counts);
 * invalid options throw Errors with the validator's message.
 */
import * as Comlink from 'comlink';
import type { Volume } from '../volume/volume';
import {
  planCpr, planCrossSections, planObliquePlane, planRayProfiles, type CprOptions, type CprResult,
  type CrossSectionsOptions, type CrossSectionsResult, type ObliquePlaneOptions, type ObliquePlaneResult,
  type Plan, type RayProfilesOptions, type RayProfilesResult,
} from '../kernels/views';
import { CancelledError } from './run';
import { createWasmMemory, WasmEngine, type WasmVolumeHandle } from './wasm-engine';
import { loadSamplerModule } from './wasm-load';

export type VolumeSource =
  | { kind: 'shared'; handle: WasmVolumeHandle }
  | { kind: 'copy'; volume: Volume };

export type JobOutcome<R> =
  | { status: 'done'; result: R; chunks: number }
  | { status: 'cancelled'; chunksDone: number; chunksTotal: number };

export type ProgressFn = (doneLines: number, totalLines: number) => void;

/** Options every job takes besides the kernel's: cancel flag (SharedArrayBuffer Int32Array) and chunking. */
export interface JobControl {
  cancelFlag?: Int32Array;
  chunkLines?: number;
}

function transferables(r: object): Transferable[] {
  const out: Transferable[] = [];
  for (const v of Object.values(r)) if (ArrayBuffer.isView(v) && v.buffer instanceof ArrayBuffer) out.push(v.buffer);
  return out;
}

export function createComputeApi() {
  let engine: WasmEngine | null = null;
  const cancelled = new Set<number>();

  async function run<R extends object>(jobId: number, plan: (e: WasmEngine) => Plan<R>, ctl: JobControl, progress?: ProgressFn): Promise<JobOutcome<R>> {
    if (!engine) throw new Error('compute worker has no volume: call load() first');
    const e = engine;
    let chunks = 0, lastProgress = 0;
    try {
      const result = await e.run(plan(e), {
        cancelFlag: ctl.cancelFlag, chunkLines: ctl.chunkLines, isCancelled: () => cancelled.has(jobId),
        onChunk: () => { chunks++; },
        onProgress: progress && ((d, t) => {
          const now = performance.now();
          // a remote callback returns a promise: never let a closed port surface as an unhandled rejection
          if (now - lastProgress > 50 || d === t) { lastProgress = now; Promise.resolve(progress(d, t)).catch(() => {}); }
        }),
      });
      return Comlink.transfer({ status: 'done', result, chunks } as JobOutcome<R>, transferables(result));
    } catch (err) {
      if (err instanceof CancelledError) return { status: 'cancelled', chunksDone: err.chunksDone, chunksTotal: err.chunksTotal };
      throw err;
    } finally {
      cancelled.delete(jobId);
      // release the comlink port behind a proxied progress callback (undefined on a plain function)
      (progress as { [Comlink.releaseProxy]?: () => void } | undefined)?.[Comlink.releaseProxy]?.();
    }
  }

  const api = {
    /** Loads the volume: attach a shared-memory handle, or copy the voxels into a fresh memory. */
    async load(src: VolumeSource): Promise<void> {
      if (src.kind === 'shared') {
        const e = await WasmEngine.create(await loadSamplerModule('shared'), src.handle.memory);
        e.attachVolume(src.handle);
        engine = e;
      } else {
        const bytes = src.volume.voxels.byteLength;
        const e = await WasmEngine.create(await loadSamplerModule('plain'), createWasmMemory(false, bytes + (8 << 20)));
        e.setVolume(src.volume);
        engine = e;
      }
    },
    cpr: (jobId: number, o: CprOptions, ctl: JobControl = {}, progress?: ProgressFn): Promise<JobOutcome<CprResult>> =>
      run(jobId, (e) => planCpr(e.geometry, o), ctl, progress),
    crossSections: (jobId: number, o: CrossSectionsOptions, ctl: JobControl = {}, progress?: ProgressFn): Promise<JobOutcome<CrossSectionsResult>> =>
      run(jobId, (e) => planCrossSections(e.geometry, o), ctl, progress),
    obliquePlane: (jobId: number, o: ObliquePlaneOptions, ctl: JobControl = {}, progress?: ProgressFn): Promise<JobOutcome<ObliquePlaneResult>> =>
      run(jobId, (e) => planObliquePlane(e.geometry, o), ctl, progress),
    rays: (jobId: number, o: RayProfilesOptions, ctl: JobControl = {}, progress?: ProgressFn): Promise<JobOutcome<RayProfilesResult>> =>
      run(jobId, (e) => planRayProfiles(e.geometry, o), ctl, progress),
    /** Stops job `jobId` before its next chunk (the no-SharedArrayBuffer path; the job yields every ~8 ms). */
    cancel(jobId: number): void {
      cancelled.add(jobId);
    },
  };
  return api;
}

export type ComputeApi = ReturnType<typeof createComputeApi>;
