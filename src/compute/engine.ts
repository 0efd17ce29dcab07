/**
 * In-process WASM kernels with typed wrappers (Node CLI, tests, vessel analysis, or inside a worker):
 *
 *   const k = await createComputeEngine(volume);           // copies the volume once into wasm memory
 *   k.cpr({ centrelineLps, mode: 'straightened', rows: 512, cols: 512, pixelMm: 0.1 })  → CprResult
 *   k.crossSections({ centrelineLps, count: 600, size: 64, pixelMm: 0.2 })              → CrossSectionsResult
 *   k.obliquePlane({ centreLps, axisULps, axisVLps, cols, rows, pixelMm })               → ObliquePlaneResult
 *   k.rays({ centresLps, axisULps, axisVLps, rays, samples, stepMm })                   → RayProfilesResult
 *   k.samplePointsLps(pointsLps)                                                         → Float32Array
 *
 * Options/results: src/kernels/views.ts (same as the TS reference in src/kernels/reference.ts, which
 * they match within 1e-3 HU). Every call validates its options and throws an Error naming the field.
 * 'cubic' interpolation runs the TS reference on the same voxels.
 */
import type { Volume } from '../volume/volume';
import { ijkAffine, pointToIjk } from '../kernels/geometry';
import { DEFAULT_FILL_HU, samplePointsIjk, type Interpolation } from '../kernels/sample';
import {
  planCpr, planCrossSections, planObliquePlane, planRayProfiles, type CprOptions, type CprResult,
  type CrossSectionsOptions, type CrossSectionsResult, type ObliquePlaneOptions, type ObliquePlaneResult,
  type RayProfilesOptions, type RayProfilesResult,
} from '../kernels/views';
import { createWasmMemory, WasmEngine } from './wasm-engine';
import { loadSamplerModule } from './wasm-load';

export interface ComputeEngine {
  cpr(o: CprOptions): CprResult;
  crossSections(o: CrossSectionsOptions): CrossSectionsResult;
  obliquePlane(o: ObliquePlaneOptions): ObliquePlaneResult;
  rays(o: RayProfilesOptions): RayProfilesResult;
  samplePointsLps(pointsLps: ArrayLike<number>, opts?: { fillHu?: number; interpolation?: Interpolation }): Float32Array;
  readonly wasm: WasmEngine;
}

export async function createComputeEngine(volume: Volume): Promise<ComputeEngine> {
  const wasm = await WasmEngine.create(await loadSamplerModule('plain'), createWasmMemory(false, volume.voxels.byteLength + (8 << 20)));
  wasm.setVolume(volume);
  const affine = ijkAffine(volume);
  return {
    wasm,
    cpr: (o) => wasm.runSync(planCpr(volume, o)),
    crossSections: (o) => wasm.runSync(planCrossSections(volume, o)),
    obliquePlane: (o) => wasm.runSync(planObliquePlane(volume, o)),
    rays: (o) => wasm.runSync(planRayProfiles(volume, o)),
    samplePointsLps(pointsLps, opts = {}) {
      if (pointsLps.length % 3 !== 0) throw new Error(`pointsLps length must be a multiple of 3, got ${pointsLps.length}`);
      const n = pointsLps.length / 3;
      const fill = opts.fillHu ?? DEFAULT_FILL_HU;
      if (!Number.isFinite(fill)) throw new Error(`fillHu must be finite, got ${fill}`);
      if (opts.interpolation === 'cubic') {
        const ijk = new Float32Array(3 * n);
        for (let p = 0; p < n; p++) pointToIjk(affine, pointsLps[3 * p]!, pointsLps[3 * p + 1]!, pointsLps[3 * p + 2]!, ijk, 3 * p);
        return samplePointsIjk(volume, ijk, new Float32Array(n), fill, 'cubic');
      }
      const s = wasm.pointScratch(n);
      for (let p = 0; p < n; p++) pointToIjk(affine, pointsLps[3 * p]!, pointsLps[3 * p + 1]!, pointsLps[3 * p + 2]!, s.ijk, 3 * p);
      return s.run(fill).slice();
    },
  };
}
