/**
 * The plain-TypeScript reference kernels, callable directly (Node, CLI, tests, vessel analysis).
 * Inputs in LPS mm (see views.ts for every option); outputs float32 HU, fill −1024 outside the volume.
 * The WASM twins (src/compute/) take the same options and return the same results.
 *
 *   cprRef(volume, { centrelineLps, mode: 'straightened' | 'stretched', rows, cols, pixelMm, angleRad?, slabMm? })
 *   crossSectionsRef(volume, { centrelineLps, count | arcMm, size, pixelMm, angleRad?, slabMm? })
 *   obliquePlaneRef(volume, { centreLps, axisULps, axisVLps, cols, rows, pixelMm, slabMm?, slabMode? })
 *   rayProfilesRef(volume, { centresLps, axisULps, axisVLps, rays, samples, stepMm, startMm? })
 *   samplePointsLpsRef(volume, pointsLps, { fillHu?, interpolation? })
 */
import type { Volume } from '../volume/volume';
import { ijkAffine, pointToIjk } from './geometry';
import { checkGrid, DEFAULT_FILL_HU, sampleLinesRef, samplePointsIjk, type Interpolation } from './sample';
import {
  planCpr, planCrossSections, planObliquePlane, planRayProfiles,
  type CprOptions, type CprResult, type CrossSectionsOptions, type CrossSectionsResult,
  type ObliquePlaneOptions, type ObliquePlaneResult, type Plan, type RayProfilesOptions, type RayProfilesResult,
} from './views';

export function runPlanRef<R>(volume: Volume, plan: Plan<R>): R {
  checkGrid(volume);
  const b = plan.batch;
  const out = new Float32Array(b.lineCount * b.samplesPerLine);
  sampleLinesRef(volume, b, out, plan.fillHu, 0, b.lineCount, plan.interpolation);
  return plan.finish(out);
}

export const cprRef = (v: Volume, o: CprOptions): CprResult => runPlanRef(v, planCpr(v, o));
export const crossSectionsRef = (v: Volume, o: CrossSectionsOptions): CrossSectionsResult => runPlanRef(v, planCrossSections(v, o));
export const obliquePlaneRef = (v: Volume, o: ObliquePlaneOptions): ObliquePlaneResult => runPlanRef(v, planObliquePlane(v, o));
export const rayProfilesRef = (v: Volume, o: RayProfilesOptions): RayProfilesResult => runPlanRef(v, planRayProfiles(v, o));

/** Converts flat LPS points (mm) to float32 ijk (allocates the ijk array once). */
export function lpsPointsToIjk(volume: Volume, pointsLps: ArrayLike<number>): Float32Array {
  if (pointsLps.length % 3 !== 0) throw new Error(`pointsLps length must be a multiple of 3, got ${pointsLps.length}`);
  const a = ijkAffine(volume);
  const ijk = new Float32Array(pointsLps.length);
  for (let p = 0; p < pointsLps.length; p += 3) pointToIjk(a, pointsLps[p]!, pointsLps[p + 1]!, pointsLps[p + 2]!, ijk, p);
  return ijk;
}

export function samplePointsLpsRef(
  volume: Volume, pointsLps: ArrayLike<number>, opts: { fillHu?: number; interpolation?: Interpolation } = {},
): Float32Array {
  checkGrid(volume);
  const ijk = lpsPointsToIjk(volume, pointsLps);
  return samplePointsIjk(volume, ijk, new Float32Array(ijk.length / 3), opts.fillHu ?? DEFAULT_FILL_HU, opts.interpolation ?? 'linear');
}
