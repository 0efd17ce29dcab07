/**
 * What the vessel worker runs (pure: no DOM, no Cornerstone): the stages of src/vessel/analyse.ts, the
 * centreline handed to the caller as soon as it exists (the CPR can be shown while the lumen is measured).
 * It keeps each vessel's lumen stage so a moved reference is re-measured without sampling again, and hands
 * the per-section contours (radii along the lumen frames) to the display.
 */
import * as Comlink from 'comlink';
import type { Lps, Vec3, Volume } from '../volume/volume.ts';
import type { PathSolver } from './centreline.ts';
import { measureLesions, measureVessel, traceCentreline, type MeasuredVessel, type VesselAnalysis } from './analyse.ts';
import { toTransferable, type TransferableAnalysis } from './analysis-transfer.ts';
import { isVesselError } from './errors.ts';
import type { RayProfiler } from './rays.ts';
import { foundSeeds, foundVesselLesions } from '../tree/analyse-found.ts';
import { planRayProfiles, type RayProfilesOptions } from '../kernels/views.ts';
import { WasmEngine } from '../compute/wasm-engine.ts';
import { loadSamplerModule } from '../compute/wasm-load.ts';
import { wasmEdgeFits } from './edge-fits-wasm.ts';

export interface TraceRequest {
  readonly id: string;
  /** ostium, waypoints…, distal end (LPS mm) */
  readonly pointsLps: readonly (readonly [number, number, number])[];
  readonly referenceSMm?: readonly [number, number];
  /** names the trace so `cancel(jobId)` can stop it between its stages */
  readonly jobId?: string;
  /** a vessel of the found tree (src/tree): its lesions are read as a found vessel's (foundVesselLesions) */
  readonly found?: { readonly fromAorta: boolean };
  /**
   * the found tree's own centreline of this vessel (flat LPS, every 0.25 mm): it stands for the minimal path
   * between its ends, which is not searched again (the points stay the seeds of a later re-trace)
   */
  readonly centrelineLps?: Float64Array;
}

/** One traced vessel: the analysis in transferable form plus the contours for the cross-section view. */
export interface TracedVessel {
  readonly id: string;
  readonly analysis: TransferableAnalysis;
  readonly rays: number;
  /** sections × rays: lumen radius (mm) of ray r at angle 2πr/rays from N towards B */
  readonly radiiMm: Float32Array;
  /** sections × rays: outer wall radius (NaN where not measurable) */
  readonly outerMm: Float32Array;
  /** sections × 3 each: the contour frames (unit LPS vectors) */
  readonly frameN: Float32Array;
  readonly frameB: Float32Array;
  /** ms per stage in the worker (centreline, lumen, lesions, branches) */
  readonly timingsMs: Record<string, number>;
}

export interface WorkerFailure { readonly code: string; readonly message: string }

/** What a cancelled trace returns (the caller has already dropped it). */
export const TRACE_CANCELLED: WorkerFailure = { code: 'cancelled', message: 'trace cancelled' };

/** Where a Volume's voxels live when they are a view on a shared WebAssembly.Memory (crossOriginIsolated pages). */
export interface WasmBacking {
  readonly memory: WebAssembly.Memory;
  /** byte offset of the first voxel in the memory */
  readonly offset: number;
}
/** A Volume whose voxels may be backed by a shared wasm memory (the property survives postMessage). */
export type BackedVolume = Volume & { readonly wasmBacking?: WasmBacking };

/**
 * The compute engine's WASM ray sampler attached in place to a volume backed by a shared wasm memory
 * (undefined for a plain volume: the TS kernel then). `module` defaults to the compiled shared sampler.
 */
export async function wasmRayProfiler(v: BackedVolume, module?: Promise<WebAssembly.Module>): Promise<RayProfiler | undefined> {
  const b = v.wasmBacking;
  if (!b || typeof SharedArrayBuffer === 'undefined' || !(b.memory.buffer instanceof SharedArrayBuffer)) return undefined;
  const engine = await WasmEngine.create(await (module ?? loadSamplerModule('shared')), b.memory);
  const geometry = { dimensions: v.dimensions, spacingMm: v.spacingMm, originLps: v.originLps, directions: v.directions };
  engine.attachVolume({ memory: b.memory, offset: b.offset, geometry });
  return Object.assign((_volume: Volume, o: RayProfilesOptions) => engine.runSync(planRayProfiles(geometry, o)), {
    edgeFits: wasmEdgeFits(engine.fitKernels()),
    smoothedRays: (o: RayProfilesOptions) => engine.smoothedLines(planRayProfiles(geometry, o)),
  });
}

/** The kernels the worker warms up when it receives a volume; each may be absent or fail (TS fallback). */
export interface WorkerKernels {
  readonly loadSolver?: () => Promise<PathSolver>;
  readonly loadProfiler?: (v: BackedVolume) => Promise<RayProfiler | undefined>;
}

function packFrames(v: readonly Vec3[]): Float32Array {
  const out = new Float32Array(v.length * 3);
  v.forEach((p, q) => out.set(p, q * 3));
  return out;
}

function traced(id: string, k: MeasuredVessel, a: VesselAnalysis, timingsMs: Record<string, number> = {}): TracedVessel {
  const lp = k.lumen.lumen;
  return {
    timingsMs,
    id, analysis: toTransferable(a), rays: lp.rays.rays, radiiMm: lp.radiiMm.slice(), outerMm: lp.outerMm.slice(),
    frameN: packFrames(lp.frames.n), frameB: packFrames(lp.frames.b),
  };
}

function transferablesOf(t: TracedVessel): Transferable[] {
  return [t.analysis.table.buffer, t.radiiMm.buffer, t.outerMm.buffer, t.frameN.buffer, t.frameB.buffer] as Transferable[];
}

/** Error → plain object with the vessel error code (so the UI can say it in French or English). */
export function toFailure(e: unknown): WorkerFailure {
  if (isVesselError(e)) return { code: e.code, message: e.message };
  return { code: 'internal', message: e instanceof Error ? e.message : String(e) };
}

interface StagesCtx {
  readonly volume: Volume;
  /** settles when the kernels for the volume are loaded */
  readonly warm: Promise<void>;
  readonly kernels: () => { solver: PathSolver | undefined; profiler: RayProfiler | undefined };
  /** true once the trace was cancelled */
  readonly stopped: () => boolean;
}

/** The centreline (handed to `onCentreline` at once), then lumen and lesions; 'cancelled' between stages. */
async function traceStages(ctx: StagesCtx, req: TraceRequest, onCentreline?: (flatLps: Float32Array) => void): Promise<{ k: MeasuredVessel; timingsMs: Record<string, number> } | 'cancelled'> {
  const tStart = performance.now();
  if (req.pointsLps.length < 2) throw new Error('a vessel needs at least two points (ostium and distal end)');
  await ctx.warm;
  if (ctx.stopped()) return 'cancelled';
  const { solver, profiler } = ctx.kernels();
  const pts = req.pointsLps.map((p) => [p[0], p[1], p[2]] as Lps);
  const timingsMs: Record<string, number> = { warmWaitMs: performance.now() - tStart, wasmRays: profiler ? 1 : 0 };
  const opts = { solver, profiler, timings: timingsMs, ...(req.referenceSMm ? { referenceSMm: req.referenceSMm } : {}) };
  const found = req.centrelineLps;
  const seeds = found && found.length >= 6
    ? foundSeeds(Array.from({ length: found.length / 3 }, (_, q): Lps => [found[3 * q]!, found[3 * q + 1]!, found[3 * q + 2]!]))
    : { fromLps: pts[0]!, toLps: pts[pts.length - 1]!, viaLps: pts.slice(1, -1) };
  const cl = traceCentreline(ctx.volume, seeds, opts);
  if (onCentreline) {
    const flat = new Float32Array(cl.pointsLps.length * 3);
    cl.pointsLps.forEach((p, q) => flat.set(p, q * 3));
    await onCentreline(Comlink.transfer(flat, [flat.buffer]) as Float32Array);
  } else if (req.jobId !== undefined) await new Promise((r) => setTimeout(r, 0)); // a cancel posted meanwhile is read first
  if (ctx.stopped()) return 'cancelled';
  return { k: measureVessel(ctx.volume, cl, opts), timingsMs };
}

/** The lumen stage of each traced vessel, kept so a moved reference is re-measured without sampling again; a
 *  found vessel's lesions are read as a found vessel's on every measure. */
function keptVessels() {
  const kept = new Map<string, MeasuredVessel>();
  const foundOf = new Map<string, { readonly fromAorta: boolean }>();
  return {
    keep(id: string, k: MeasuredVessel, found: TraceRequest['found']): void {
      kept.set(id, k);
      if (found) foundOf.set(id, found);
      else foundOf.delete(id);
    },
    get: (id: string): MeasuredVessel | undefined => kept.get(id),
    lesionsOf(id: string, a: VesselAnalysis): VesselAnalysis {
      const f = foundOf.get(id);
      return f ? foundVesselLesions(a, f.fromAorta) : a;
    },
    forget(id: string): void {
      kept.delete(id);
      foundOf.delete(id);
    },
    clear(): void {
      kept.clear();
      foundOf.clear();
    },
  };
}

/** The job ids of the traces running, and those asked to stop. */
function runningTraces() {
  const running = new Set<string>();
  const cancelled = new Set<string>();
  return {
    start(jobId: string | undefined): void { if (jobId !== undefined) running.add(jobId); },
    end(jobId: string | undefined): void { if (jobId !== undefined) { running.delete(jobId); cancelled.delete(jobId); } },
    cancel(jobId: string): void { if (running.has(jobId)) cancelled.add(jobId); },
    stopped: (jobId: string | undefined): boolean => jobId !== undefined && cancelled.has(jobId),
  };
}

export function createVesselWorkerApi(kernels: WorkerKernels = {}) {
  let volume: Volume | undefined;
  let solver: PathSolver | undefined;
  let profiler: RayProfiler | undefined;
  /** settles when the kernels for the current volume are loaded (never rejects) */
  let warm: Promise<void> = Promise.resolve();
  const kept = keptVessels();
  const traces = runningTraces();
  const need = (): Volume => {
    if (!volume) throw new Error('vessel worker has no volume: call setVolume first');
    return volume;
  };
  return {
    /**
     * Takes the volume (its voxels shared or transferred by the caller); forgets the previous vessels and
     * starts loading the kernels in the background, so the first trace does not wait for them.
     */
    setVolume(v: BackedVolume): void {
      volume = v;
      kept.clear();
      profiler = undefined;
      const loadSolver = solver || !kernels.loadSolver ? Promise.resolve(solver) : kernels.loadSolver().catch(() => undefined);
      const loadProfiler = kernels.loadProfiler ? kernels.loadProfiler(v).catch(() => undefined) : Promise.resolve(undefined);
      warm = Promise.all([loadSolver, loadProfiler]).then(([s, p]) => {
        solver = s;
        if (volume === v) profiler = p;
      });
    },
    /** Resolves once the kernels for the current volume are loaded (or failed: TS kernels then). */
    async ready(): Promise<{ solver: 'wasm' | 'ts'; profiler: 'wasm' | 'ts' }> {
      await warm;
      return { solver: solver ? 'wasm' : 'ts', profiler: profiler ? 'wasm' : 'ts' };
    },
    /**
     * Centreline through the points, then lumen and lesions. `onCentreline` gets the centreline
     * (flat LPS, every 0.25 mm) as soon as it exists.
     */
    async trace(req: TraceRequest, onCentreline?: (flatLps: Float32Array) => void): Promise<TracedVessel | WorkerFailure> {
      traces.start(req.jobId);
      try {
        const vol = need();
        const out = await traceStages({ volume: vol, warm, kernels: () => ({ solver, profiler }), stopped: () => traces.stopped(req.jobId) }, req, onCentreline);
        if (out === 'cancelled') return TRACE_CANCELLED;
        kept.keep(req.id, out.k, req.found);
        const t = traced(req.id, out.k, kept.lesionsOf(req.id, out.k.analysis), out.timingsMs);
        return Comlink.transfer(t, transferablesOf(t));
      } catch (e) {
        return toFailure(e);
      } finally {
        traces.end(req.jobId);
      }
    },
    /** Stops a running trace before its next stage (it then returns TRACE_CANCELLED and keeps nothing). */
    cancel(jobId: string): void {
      traces.cancel(jobId);
    },
    /** Re-measures a traced vessel with user reference positions (arc lengths, mm). */
    remeasure(id: string, referenceSMm: readonly [number, number] | undefined): TracedVessel | WorkerFailure {
      const k = kept.get(id);
      if (!k) return { code: 'internal', message: `vessel ${id} is not traced in this worker` };
      try {
        const t = traced(id, k, kept.lesionsOf(id, measureLesions(k.lumen, k.branchesMm, referenceSMm)));
        return Comlink.transfer(t, transferablesOf(t));
      } catch (e) {
        return toFailure(e);
      }
    },
    forget(id: string): void {
      kept.forget(id);
    },
  };
}

export type VesselWorkerApi = ReturnType<typeof createVesselWorkerApi>;
