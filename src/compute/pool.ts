/**
 * Compute pool — the app's entry to the kernels (browser; Node via `nodeWorkerFactory()`).
 *
 *   const pool = createComputePool();             // size = cores − 1 (≥ 1), workers start lazily
 *   await pool.setVolume(volume);                 // Volume from src/volume (HU int16, LPS geometry)
 *   const cpr = await pool.cpr({ centrelineLps, mode: 'straightened', rows: 512, cols: 512, pixelMm: 0.1,
 *                                angleRad }, { key: 'cpr-main', priority: 2, onProgress: (f) => … });
 *   const xs  = await pool.crossSections({ centrelineLps, count: 600, size: 64, pixelMm: 0.2 }, { key: 'xs' });
 *   const obl = await pool.obliquePlane({ centreLps, axisULps, axisVLps, cols, rows, pixelMm, slabMm, slabMode });
 *   const ray = await pool.rays({ centresLps, axisULps, axisVLps, rays: 64, samples: 40, stepMm: 0.1 });
 *   pool.cancel('cpr-main'); pool.dispose();
 *
 * Options/results: src/kernels/views.ts (LPS mm in, float32 HU out, −1024 outside the volume).
 * Jobs: higher `priority` first (default 0), FIFO among equals. A new job with the same `key` cancels the
 * older one: a queued job is dropped, a running job stops at its next chunk (SharedArrayBuffer flag when
 * crossOriginIsolated, else a cancel message — the worker yields every ~8 ms); the older promise rejects
 * with a CancelledError (code 'COMPUTE_CANCELLED'). Results arrive as transferred buffers.
 * Volume: crossOriginIsolated → written once into a shared WebAssembly.Memory every worker attaches (or,
 * when the Volume carries `wasmBacking` — its voxels already a view on a shared memory — attached as is);
 * otherwise one copy per worker at load. Workers shut down after `idleMs` without jobs (default 30 s)
 * and restart (reloading the volume) on the next job.
 */
import * as Comlink from 'comlink';
import type { Volume } from '../volume/volume';
import type {
  CprOptions, CprResult, CrossSectionsOptions, CrossSectionsResult, ObliquePlaneOptions, ObliquePlaneResult,
  RayProfilesOptions, RayProfilesResult,
} from '../kernels/views';
import { CancelledError } from './run';
import { createWasmMemory, writeVolume } from './wasm-engine';
import { canShareMemory } from './wasm-load';
import type { ComputeApi, JobOutcome, VolumeSource } from './worker-api';

export interface PoolWorker {
  api: Comlink.Remote<ComputeApi>;
  terminate(): void;
  /** Registers the callback for a crash (uncaught error, worker exit): the job it was running then rejects
   *  with a WorkerCrashedError instead of hanging, and the next job gets a fresh worker. */
  onCrash?(listener: (reason: string) => void): void;
}

/** The worker running a job died (uncaught error, out of memory, exit). */
export class WorkerCrashedError extends Error {
  readonly code = 'COMPUTE_WORKER_CRASHED';
  constructor(readonly reason: string) {
    super(`compute worker crashed: ${reason}`);
    this.name = 'WorkerCrashedError';
  }
}

export interface ComputePoolOptions {
  /** number of workers; default max(1, navigator.hardwareConcurrency − 1) */
  size?: number;
  idleMs?: number;
  createWorker?: () => PoolWorker;
  /** share one volume between workers (needs SharedArrayBuffer); default: crossOriginIsolated */
  shareMemory?: boolean;
  /** lines per chunk (cancellation granularity); default ≈ 32k samples */
  chunkLines?: number;
  /** a job its worker has not answered after this long means a hung worker: retired, the job rejects (default: none) */
  jobDeadlineMs?: number;
  /** a worker died or hung and was retired (the next job starts a fresh one): tell the user */
  onWorkerLost?: (reason: string) => void;
}

export interface JobOptions {
  key?: string;
  priority?: number;
  /** fraction done in [0, 1] */
  onProgress?: (fraction: number) => void;
}

export interface ComputePool {
  readonly size: number;
  setVolume(volume: Volume): Promise<void>;
  cpr(o: CprOptions, job?: JobOptions): Promise<CprResult>;
  crossSections(o: CrossSectionsOptions, job?: JobOptions): Promise<CrossSectionsResult>;
  obliquePlane(o: ObliquePlaneOptions, job?: JobOptions): Promise<ObliquePlaneResult>;
  rays(o: RayProfilesOptions, job?: JobOptions): Promise<RayProfilesResult>;
  cancel(key: string): void;
  dispose(): void;
}

type Kind = 'cpr' | 'crossSections' | 'obliquePlane' | 'rays';

interface Job {
  id: number; kind: Kind; opts: unknown; key: string | undefined; priority: number; seq: number;
  onProgress: ((f: number) => void) | undefined;
  flag: Int32Array | undefined;
  slot: Slot | null;
  resolve(v: unknown): void; reject(e: unknown): void;
}

interface Slot {
  worker: PoolWorker | null; loaded: number; job: Job | null;
  /** rejects when the slot's current worker crashes */
  crashed: Promise<never> | null;
  /** rejects `crashed` (a hung worker) */
  fail: ((e: Error) => void) | null;
}

export function browserWorkerFactory(): () => PoolWorker {
  return () => {
    const w = new Worker(new URL('../../workers/compute.worker.ts', import.meta.url), { type: 'module', name: 'compute' });
    const api = Comlink.wrap<ComputeApi>(w);
    return {
      api,
      terminate: () => { api[Comlink.releaseProxy](); w.terminate(); },
      onCrash: (listener) => {
        w.addEventListener('error', (e) => listener(e.message || 'uncaught error in the worker'));
        w.addEventListener('messageerror', () => listener('a message could not be deserialised'));
      },
    };
  };
}

export function createComputePool(opts: ComputePoolOptions = {}): ComputePool {
  const cores = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 2;
  const size = Math.max(1, Math.floor(opts.size ?? cores - 1));
  const idleMs = opts.idleMs ?? 30_000;
  const share = opts.shareMemory ?? canShareMemory();
  const flags = typeof SharedArrayBuffer !== 'undefined' && (share || canShareMemory());
  const factory = opts.createWorker ?? browserWorkerFactory();
  const slots: Slot[] = Array.from({ length: size }, (): Slot => ({ worker: null, loaded: 0, job: null, crashed: null, fail: null }));
  let queue: Job[] = [];
  let source: VolumeSource | null = null;
  let version = 0, nextId = 1, seq = 0, disposed = false;
  let idleTimer: ReturnType<typeof setTimeout> | null = null;

  function cancelJob(j: Job): void {
    if (j.slot) {
      if (j.flag) Atomics.store(j.flag, 0, 1);
      else void j.slot.worker?.api.cancel(j.id);
    } else {
      queue = queue.filter((q) => q !== j);
      j.reject(new CancelledError(0, 0));
    }
  }

  function cancel(key: string): void {
    for (const j of [...queue, ...slots.map((s) => s.job)]) if (j && j.key === key) cancelJob(j);
  }

  function armIdle(): void {
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = null;
    if (queue.length || slots.some((s) => s.job)) return;
    idleTimer = setTimeout(() => {
      for (const s of slots) retire(s);
    }, idleMs);
  }

  function retire(slot: Slot): void {
    slot.worker?.terminate();
    slot.worker = null; slot.loaded = 0; slot.crashed = null; slot.fail = null;
  }

  function startWorker(slot: Slot): PoolWorker {
    const w = factory();
    slot.worker = w; slot.loaded = 0;
    const crashed = new Promise<never>((_, reject) => {
      slot.fail = reject;
      w.onCrash?.((reason) => {
        reject(new WorkerCrashedError(reason));
        // idle: replaced now, so the next job does not fail on it (a running job's own catch does this)
        if (slot.worker === w && !slot.job) {
          retire(slot);
          opts.onWorkerLost?.(reason);
        }
      });
    });
    crashed.catch(() => { /* observed through Promise.race in execute */ });
    slot.crashed = crashed;
    return w;
  }

  async function execute(slot: Slot, j: Job): Promise<void> {
    let deadline: ReturnType<typeof setTimeout> | undefined;
    try {
      const w = slot.worker ?? startWorker(slot);
      const guard = <T>(p: Promise<T>): Promise<T> => (slot.crashed ? Promise.race([p, slot.crashed]) : p);
      if (slot.loaded !== version) { await guard(w.api.load(source!)); slot.loaded = version; }
      const progress = j.onProgress ? Comlink.proxy((d: number, t: number) => j.onProgress?.(d / t)) : undefined;
      const ctl = { cancelFlag: j.flag, chunkLines: opts.chunkLines };
      if (opts.jobDeadlineMs !== undefined) {
        const fail = slot.fail;
        deadline = setTimeout(() => fail?.(new WorkerCrashedError(`no answer in ${Math.round(opts.jobDeadlineMs! / 1000)} s`)), opts.jobDeadlineMs);
      }
      const out = (await guard(w.api[j.kind](j.id, j.opts as never, ctl, progress) as Promise<unknown>)) as JobOutcome<unknown>;
      if (out.status === 'done') j.resolve(out.result);
      else j.reject(new CancelledError(out.chunksDone, out.chunksTotal));
    } catch (e) {
      if (e instanceof WorkerCrashedError) {
        retire(slot);
        opts.onWorkerLost?.(e.reason);
      }
      j.reject(e);
    } finally {
      if (deadline) clearTimeout(deadline);
      slot.job = null;
      pump();
      armIdle();
    }
  }

  function pump(): void {
    if (disposed || !source) return;
    for (const slot of slots) {
      if (slot.job || !queue.length) continue;
      queue.sort((a, b) => b.priority - a.priority || a.seq - b.seq);
      const j = queue.shift()!;
      j.slot = slot; slot.job = j;
      void execute(slot, j);
    }
  }

  function submit<R>(kind: Kind, o: unknown, job: JobOptions = {}): Promise<R> {
    if (disposed) return Promise.reject(new Error('compute pool disposed'));
    if (!source) return Promise.reject(new Error('compute pool has no volume: call setVolume first'));
    if (job.key !== undefined) cancel(job.key);
    return new Promise<R>((resolve, reject) => {
      queue.push({
        id: nextId++, kind, opts: o, key: job.key, priority: job.priority ?? 0, seq: seq++, onProgress: job.onProgress,
        flag: flags ? new Int32Array(new SharedArrayBuffer(4)) : undefined, slot: null,
        resolve: resolve as (v: unknown) => void, reject,
      });
      if (idleTimer) clearTimeout(idleTimer);
      pump();
    });
  }

  return {
    size,
    async setVolume(volume: Volume) {
      if (disposed) throw new Error('compute pool disposed');
      const backing = (volume as Volume & { wasmBacking?: { memory: WebAssembly.Memory; offset: number } }).wasmBacking;
      if (share && backing && typeof SharedArrayBuffer !== 'undefined' && backing.memory.buffer instanceof SharedArrayBuffer) {
        // the voxels already live in a shared wasm memory (src/viewer/vessel/volume-bridge.ts): attach, no copy
        const { dimensions, spacingMm, originLps, directions } = volume;
        source = { kind: 'shared', handle: { memory: backing.memory, offset: backing.offset, geometry: { dimensions, spacingMm, originLps, directions } } };
      } else if (share) {
        const mem = createWasmMemory(true, volume.voxels.byteLength + (16 << 20));
        source = { kind: 'shared', handle: writeVolume(mem, volume) };
      } else {
        source = { kind: 'copy', volume };
      }
      version++;
      pump();
    },
    cpr: (o, j) => submit<CprResult>('cpr', o, j),
    crossSections: (o, j) => submit<CrossSectionsResult>('crossSections', o, j),
    obliquePlane: (o, j) => submit<ObliquePlaneResult>('obliquePlane', o, j),
    rays: (o, j) => submit<RayProfilesResult>('rays', o, j),
    cancel,
    dispose() {
      disposed = true;
      if (idleTimer) clearTimeout(idleTimer);
      for (const j of queue) j.reject(new Error('compute pool disposed'));
      queue = [];
      for (const s of slots) { if (s.job) s.job.reject(new Error('compute pool disposed')); retire(s); }
    },
  };
}
