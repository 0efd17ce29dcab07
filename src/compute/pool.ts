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
import { answerDeadline, browserWorkerHandle, WorkerCrashedError, watchCrashes, type CrashWatch, type WorkerHandle } from './worker-handle';

export { WorkerCrashedError } from './worker-handle';

/** A compute worker; without `onCrash` only the job deadline detects a lost one. */
export type PoolWorker = WorkerHandle<ComputeApi>;

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

/** One place for a worker: the worker (started on demand), the volume version it holds, the job it runs. */
interface Slot {
  worker: PoolWorker | null; watch: CrashWatch | null; loaded: number; job: Job | null;
}

/** What a job needs from its pool besides its slot. */
interface JobContext {
  readonly factory: () => PoolWorker;
  readonly chunkLines: number | undefined;
  readonly jobDeadlineMs: number | undefined;
  readonly onWorkerLost: ((reason: string) => void) | undefined;
  readonly source: () => VolumeSource;
  readonly version: () => number;
  /** the slot is free again (called as soon as the job has settled, so the queue moves on before its callers run) */
  readonly slotFreed: () => void;
}

export function browserWorkerFactory(): () => PoolWorker {
  return () => browserWorkerHandle<ComputeApi>(new Worker(new URL('../../workers/compute.worker.ts', import.meta.url), { type: 'module', name: 'compute' }));
}

function retire(slot: Slot): void {
  slot.worker?.terminate();
  slot.worker = null; slot.watch = null; slot.loaded = 0;
}

function startWorker(slot: Slot, ctx: JobContext): { worker: PoolWorker; watch: CrashWatch } {
  const worker = ctx.factory();
  const watch = watchCrashes(worker, (reason) => {
    // idle: replaced now, so the next job does not fail on it (a running job's own catch does this)
    if (slot.worker === worker && !slot.job) {
      retire(slot);
      ctx.onWorkerLost?.(reason);
    }
  });
  slot.worker = worker; slot.watch = watch; slot.loaded = 0;
  return { worker, watch };
}

/** Gives the slot's worker the pool's current volume. A volume set while one loads is loaded in its turn, and the
 *  version recorded is the one whose source was sent, so `slot.loaded` always names what the worker holds.
 *  Returns that version. */
async function loadCurrentVolume(slot: Slot, worker: PoolWorker, watch: CrashWatch, ctx: JobContext): Promise<number> {
  while (slot.loaded !== ctx.version()) {
    const version = ctx.version();
    await watch.guard(worker.api.load(ctx.source()));
    slot.loaded = version;
  }
  return slot.loaded;
}

/** Runs one job on its slot's worker, started and given the current volume when needed; a lost worker is retired.
 *  A result computed on a volume replaced meanwhile is stale: the job rejects with a CancelledError.
 *  The slot is freed in the same turn as the job settles. */
async function runJob(slot: Slot, j: Job, ctx: JobContext): Promise<void> {
  let clearDeadline = (): void => {};
  try {
    const { worker, watch } = slot.worker && slot.watch ? { worker: slot.worker, watch: slot.watch } : startWorker(slot, ctx);
    const volumeVersion = await loadCurrentVolume(slot, worker, watch, ctx);
    const progress = j.onProgress ? Comlink.proxy((d: number, t: number) => j.onProgress?.(d / t)) : undefined;
    const ctl = { cancelFlag: j.flag, chunkLines: ctx.chunkLines };
    clearDeadline = answerDeadline(ctx.jobDeadlineMs, (reason) => watch.fail(new WorkerCrashedError(reason)));
    const out = (await watch.guard(worker.api[j.kind](j.id, j.opts as never, ctl, progress) as Promise<unknown>)) as JobOutcome<unknown>;
    if (out.status === 'cancelled') j.reject(new CancelledError(out.chunksDone, out.chunksTotal));
    else if (volumeVersion !== ctx.version()) j.reject(new CancelledError(out.chunks, out.chunks));
    else j.resolve(out.result);
  } catch (e) {
    if (e instanceof WorkerCrashedError) {
      retire(slot);
      ctx.onWorkerLost?.(e.reason);
    }
    j.reject(e);
  } finally {
    clearDeadline();
    slot.job = null;
    ctx.slotFreed();
  }
}

/** How the workers reach the volume: the voxels already in a shared wasm memory, a shared copy, or a copy each. */
function volumeSource(volume: Volume, share: boolean): VolumeSource {
  const backing = (volume as Volume & { wasmBacking?: { memory: WebAssembly.Memory; offset: number } }).wasmBacking;
  if (share && backing && typeof SharedArrayBuffer !== 'undefined' && backing.memory.buffer instanceof SharedArrayBuffer) {
    // the voxels already live in a shared wasm memory (src/viewer/vessel/volume-bridge.ts): attach, no copy
    const { dimensions, spacingMm, originLps, directions } = volume;
    return { kind: 'shared', handle: { memory: backing.memory, offset: backing.offset, geometry: { dimensions, spacingMm, originLps, directions } } };
  }
  if (share) {
    const mem = createWasmMemory(true, volume.voxels.byteLength + (16 << 20));
    return { kind: 'shared', handle: writeVolume(mem, volume) };
  }
  return { kind: 'copy', volume };
}

/** Retires every worker once no job has run for `idleMs`. */
function idleShutdown(idleMs: number, isIdle: () => boolean, shutDown: () => void): { arm(): void; clear(): void } {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const clear = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
  return {
    clear,
    arm() {
      clear();
      if (isIdle()) timer = setTimeout(shutDown, idleMs);
    },
  };
}

export function createComputePool(opts: ComputePoolOptions = {}): ComputePool {
  const cores = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 2;
  const size = Math.max(1, Math.floor(opts.size ?? cores - 1));
  const share = opts.shareMemory ?? canShareMemory();
  const flags = typeof SharedArrayBuffer !== 'undefined' && (share || canShareMemory());
  const slots: Slot[] = Array.from({ length: size }, (): Slot => ({ worker: null, watch: null, loaded: 0, job: null }));
  let queue: Job[] = [];
  let source: VolumeSource | null = null;
  let version = 0, nextId = 1, seq = 0, disposed = false;
  const ctx: JobContext = {
    factory: opts.createWorker ?? browserWorkerFactory(), chunkLines: opts.chunkLines, jobDeadlineMs: opts.jobDeadlineMs,
    onWorkerLost: opts.onWorkerLost, source: () => source!, version: () => version,
    slotFreed: () => { pump(); idle.arm(); },
  };
  const idle = idleShutdown(opts.idleMs ?? 30_000, () => !queue.length && !slots.some((s) => s.job), () => slots.forEach(retire));

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

  function pump(): void {
    if (disposed || !source) return;
    for (const slot of slots) {
      if (slot.job || !queue.length) continue;
      queue.sort((a, b) => b.priority - a.priority || a.seq - b.seq);
      const j = queue.shift()!;
      j.slot = slot; slot.job = j;
      void runJob(slot, j, ctx);
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
      idle.clear();
      pump();
    });
  }

  return {
    size,
    async setVolume(volume: Volume) {
      if (disposed) throw new Error('compute pool disposed');
      source = volumeSource(volume, share);
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
      idle.clear();
      for (const j of queue) j.reject(new Error('compute pool disposed'));
      queue = [];
      for (const s of slots) { if (s.job) s.job.reject(new Error('compute pool disposed')); retire(s); }
    },
  };
}
