/**
 * The kernels the CLI's vessel analysis runs on: the WASM path solver and the compute engine's WASM ray
 * sampler (the viewer's vessel worker loads the same two), each replaced by its TypeScript twin when it
 * cannot load.
 */
import type { Volume } from '../volume/volume.ts';
import type { VesselKernels } from '../vessel/analyse.ts';
import type { PathSolver } from '../vessel/centreline.ts';
import type { RayProfiler } from '../vessel/rays.ts';
import { createWasmPathSolver } from '../vessel/min-path-wasm.ts';
import { createComputeEngine } from '../compute/engine.ts';
import { planRayProfiles, type RayProfilesOptions } from '../kernels/views.ts';
import { wasmEdgeFits } from '../vessel/edge-fits-wasm.ts';

const reason = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export async function loadCliKernels(volume: Volume, progress: (message: string) => void = () => {}): Promise<VesselKernels> {
  let solver: PathSolver | undefined;
  let profiler: RayProfiler | undefined;
  try {
    solver = await createWasmPathSolver();
  } catch (e) {
    progress(`WASM path kernel unavailable (${reason(e)}), using the TypeScript twin`);
  }
  try {
    const engine = await createComputeEngine(volume);
    profiler = Object.assign((_v: Volume, o: RayProfilesOptions) => engine.rays(o), {
      edgeFits: wasmEdgeFits(engine.wasm.fitKernels()),
      smoothedRays: (o: RayProfilesOptions) => engine.wasm.smoothedLines(planRayProfiles(volume, o)),
    });
  } catch (e) {
    progress(`WASM ray sampler unavailable (${reason(e)}), using the TypeScript kernel`);
  }
  return { ...(solver ? { solver } : {}), ...(profiler ? { profiler } : {}) };
}
