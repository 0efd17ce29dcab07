/**
 * What the tree worker runs (pure: no DOM, no Cornerstone): findCoronaryTree on the volume it is given, its
 * stages reported to a progress callback, the result packed for postMessage (each vessel's points one
 * Float64Array whose buffer is transferred). The worker is made for one detection and terminated after it:
 * cancelling is terminating (the search is one synchronous call), and the masks it allocated go with it.
 */
import * as Comlink from 'comlink';
import type { Lps } from '../volume/volume.ts';
import type { RayProfiler } from '../vessel/rays.ts';
import type { BackedVolume } from '../vessel/worker-api.ts';
import { findCoronaryTree, type Dominance, type TreeNoteCode, type TreeResult, type TreeStage } from './find-tree.ts';

/** The stages the reader sees: the search's six grouped under four names, then the vessels measured ('analyse'). */
export const TREE_PROGRESS_STAGES = ['aorta', 'ostia', 'tree', 'labels', 'analyse'] as const;
export type TreeProgressStage = (typeof TREE_PROGRESS_STAGES)[number];

const SHOWN_STAGE: Record<TreeStage, TreeProgressStage> = {
  aorta: 'aorta', chambers: 'aorta', ostia: 'ostia', skeleton: 'tree', labels: 'labels', centrelines: 'labels',
};
export const shownStage = (s: TreeStage): TreeProgressStage => SHOWN_STAGE[s];

export interface PackedVessel {
  readonly name: string;
  readonly parent: string | null;
  readonly lengthMm: number;
  /** x, y, z per point (LPS mm, step ≤ 0.5 mm, from the ostium side); its buffer is transferred */
  readonly pointsLps: Float64Array;
}

export interface PackedTree {
  readonly aortaFound: boolean;
  readonly ostia: { readonly left: Lps | null; readonly right: Lps | null };
  readonly dominance: Dominance | null;
  readonly notes: readonly { readonly code: TreeNoteCode; readonly text: string }[];
  readonly vessels: readonly PackedVessel[];
  /** the largest voxel side of the volume searched (mm); coronaries need at most MAX_VOXEL_MM */
  readonly maxVoxelMm: number;
  /** ms spent in each stage of findCoronaryTree (its own stage names), and in all */
  readonly timingsMs: Readonly<Record<string, number>>;
}

export function packTree(r: TreeResult, maxVoxelMm: number, timingsMs: Record<string, number>): PackedTree {
  const vessels = r.vessels.map((v): PackedVessel => {
    const flat = new Float64Array(v.pointsLps.length * 3);
    v.pointsLps.forEach((p, q) => flat.set(p, q * 3));
    return { name: v.name, parent: v.parent, lengthMm: v.lengthMm, pointsLps: flat };
  });
  return { aortaFound: r.aorta !== null, ostia: r.ostia, dominance: r.dominance, notes: r.notes, vessels, maxVoxelMm, timingsMs };
}

/** The points of a packed vessel as LPS tuples. */
export function unpackPoints(flat: Float64Array): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (let q = 0; q + 2 < flat.length; q += 3) out.push([flat[q]!, flat[q + 1]!, flat[q + 2]!]);
  return out;
}

export interface TreeWorkerKernels {
  /** the WASM ray sampler on the volume (undefined or a failure: the TS kernel) */
  readonly loadProfiler?: (v: BackedVolume) => Promise<RayProfiler | undefined>;
  /** compiles the kernels ahead of the first search (a failure is the search's to meet) */
  readonly warm?: () => Promise<void>;
}

/** Runs the search with per-stage times; `say` hears each reader's stage once, as it starts. */
export function findTreeTimed(volume: BackedVolume, profiler: RayProfiler | undefined, say: (stage: TreeProgressStage, fraction: number) => void): PackedTree {
  const timingsMs: Record<string, number> = {};
  const t0 = performance.now();
  let last = t0, current: TreeStage | undefined, shown: TreeProgressStage | undefined;
  const r = findCoronaryTree(volume, {
    ...(profiler ? { profiler } : {}),
    onProgress: (stage, fraction) => {
      const t = performance.now();
      if (current) timingsMs[current] = (timingsMs[current] ?? 0) + t - last;
      current = stage; last = t;
      // the search may come back to an earlier stage (a second left tree, an LCx looked for on the RCA): the
      // reader's progress only moves forward
      const next = shownStage(stage);
      if (shown === undefined || TREE_PROGRESS_STAGES.indexOf(next) > TREE_PROGRESS_STAGES.indexOf(shown)) { shown = next; say(shown, fraction); }
    },
  });
  const t1 = performance.now();
  if (current) timingsMs[current] = (timingsMs[current] ?? 0) + t1 - last;
  timingsMs.totalMs = t1 - t0;
  return packTree(r, Math.max(...volume.spacingMm), timingsMs);
}

export function createTreeWorkerApi(kernels: TreeWorkerKernels = {}) {
  return {
    /** Resolves once the worker's modules and kernels are loaded: a worker started ahead of the click. */
    async warm(): Promise<void> {
      await kernels.warm?.().catch(() => undefined);
    },
    /**
     * The tree of `volume` (its voxels shared when backed by a shared wasm memory, else a copy the caller
     * posted). `onProgress` gets each stage as it starts; it is a proxied callback, called without waiting.
     */
    async findTree(volume: BackedVolume, onProgress?: (stage: TreeProgressStage, fraction: number) => void): Promise<PackedTree> {
      const t0 = performance.now();
      const profiler = kernels.loadProfiler ? await kernels.loadProfiler(volume).catch(() => undefined) : undefined;
      const kernelMs = performance.now() - t0;
      const packed = findTreeTimed(volume, profiler, (s, f) => void onProgress?.(s, f));
      const out = { ...packed, timingsMs: { ...packed.timingsMs, kernelLoadMs: kernelMs, wasmRays: profiler ? 1 : 0 } };
      return Comlink.transfer(out, out.vessels.map((v) => v.pointsLps.buffer as ArrayBuffer));
    },
  };
}

export type TreeWorkerApi = ReturnType<typeof createTreeWorkerApi>;
