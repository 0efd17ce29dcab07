/**
 * Chunked execution of a view plan on any line sampler (TS reference or WASM), with cancellation
 * between chunks (a SharedArrayBuffer flag and/or a callback), progress, and optional yields to the
 * event loop so a worker without shared memory can still receive a cancel message mid-job.
 */
import { sampleLinesRef, type LineBatch, type VoxelGrid } from '../kernels/sample';
import type { Plan } from '../kernels/views';

export class CancelledError extends Error {
  readonly code = 'COMPUTE_CANCELLED';
  constructor(readonly chunksDone: number, readonly chunksTotal: number) {
    super(`compute job cancelled after ${chunksDone} of ${chunksTotal} chunks`);
    this.name = 'CancelledError';
  }
}

export interface RunControl {
  /** lines per chunk; default so that a chunk holds about 32k samples */
  chunkLines?: number;
  /** Atomics.load(cancelFlag, 0) !== 0 stops the job before the next chunk */
  cancelFlag?: Int32Array;
  isCancelled?: () => boolean;
  onProgress?: (doneLines: number, totalLines: number) => void;
  /** async runs only: yield to the event loop after this much work (ms), default 8 */
  yieldMs?: number;
  /** called after every chunk (tests count processed chunks) */
  onChunk?: (chunkIndex: number) => void;
}

/** What an engine provides to run a plan: begin (prepare output), chunk (sample lines), finish. */
export interface LineSampler {
  /** `maxChunkLines`: the most lines a later chunk() call will ask for */
  begin(batch: LineBatch, fillHu: number, interpolation: Plan<unknown>['interpolation'], maxChunkLines: number): void;
  chunk(firstLine: number, endLine: number): void;
  /** the samples as a fresh Float32Array the caller owns (transferable) */
  end(): Float32Array;
}

export function chunkLinesOf(batch: LineBatch, ctl: RunControl): number {
  const c = ctl.chunkLines ?? Math.max(1, Math.floor(32768 / Math.max(1, batch.samplesPerLine * batch.slabCount)));
  if (!Number.isInteger(c) || c < 1) throw new Error(`chunkLines must be an integer ≥ 1, got ${c}`);
  return c;
}

function cancelled(ctl: RunControl): boolean {
  return (ctl.cancelFlag !== undefined && Atomics.load(ctl.cancelFlag, 0) !== 0) || (ctl.isCancelled?.() ?? false);
}

export function runPlanSync<R>(sampler: LineSampler, plan: Plan<R>, ctl: RunControl = {}): R {
  const b = plan.batch;
  const step = chunkLinesOf(b, ctl);
  sampler.begin(b, plan.fillHu, plan.interpolation, step);
  const total = Math.ceil(b.lineCount / step);
  for (let c = 0; c < total; c++) {
    if (cancelled(ctl)) throw new CancelledError(c, total);
    sampler.chunk(c * step, Math.min(b.lineCount, (c + 1) * step));
    ctl.onChunk?.(c);
    ctl.onProgress?.(Math.min(b.lineCount, (c + 1) * step), b.lineCount);
  }
  return plan.finish(sampler.end());
}

const yieldNow = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

export async function runPlanAsync<R>(sampler: LineSampler, plan: Plan<R>, ctl: RunControl = {}): Promise<R> {
  const b = plan.batch;
  const step = chunkLinesOf(b, ctl);
  sampler.begin(b, plan.fillHu, plan.interpolation, step);
  const total = Math.ceil(b.lineCount / step);
  const yieldMs = ctl.yieldMs ?? 8;
  let since = performance.now();
  for (let c = 0; c < total; c++) {
    if (performance.now() - since > yieldMs) { await yieldNow(); since = performance.now(); }
    if (cancelled(ctl)) throw new CancelledError(c, total);
    sampler.chunk(c * step, Math.min(b.lineCount, (c + 1) * step));
    ctl.onChunk?.(c);
    ctl.onProgress?.(Math.min(b.lineCount, (c + 1) * step), b.lineCount);
  }
  return plan.finish(sampler.end());
}

/** The TS reference as a LineSampler (used for 'cubic' and as the fallback engine). */
export function referenceSampler(grid: VoxelGrid): LineSampler {
  let out = new Float32Array(0);
  let batch: LineBatch | null = null;
  let fill = 0;
  let interp: Plan<unknown>['interpolation'] = 'linear';
  return {
    begin(b, fillHu, interpolation) { batch = b; fill = fillHu; interp = interpolation; out = new Float32Array(b.lineCount * b.samplesPerLine); },
    chunk(first, end) { sampleLinesRef(grid, batch!, out, fill, first, end, interp); },
    end() { const r = out; out = new Float32Array(0); batch = null; return r; },
  };
}
