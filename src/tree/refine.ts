/** A skeleton polyline → a centreline recentred on the lumen the way a traced vessel's is (src/vessel/centreline.ts). */
import type { Lps, Volume } from '../volume/volume.ts';
import { recentre } from '../vessel/centreline.ts';
import { resampleLinear, smoothPolyline, splineResample } from '../vessel/curve.ts';
import type { LumenLevels } from '../vessel/cost.ts';
import type { RayProfiler } from '../vessel/rays.ts';

/** Output step of the found centrelines, mm (the traced vessels' step). */
export const TREE_STEP_MM = 0.25;

export function refineCentreline(volume: Volume, voxelPath: readonly Lps[], levels: Pick<LumenLevels, 'lowHu' | 'highHu'>, profiler?: RayProfiler): Lps[] {
  if (voxelPath.length < 2) return voxelPath.map((p): Lps => [p[0], p[1], p[2]]);
  const lv: LumenLevels = { lowHu: levels.lowHu, highHu: levels.highHu, seedsHu: [levels.lowHu, levels.highHu] };
  let pts = smoothPolyline(resampleLinear(voxelPath, 0.5), 2);
  for (let it = 0; it < 2; it++) {
    pts = recentre(volume, pts, lv, 1.5, profiler, true);
    pts = smoothPolyline(resampleLinear(pts, 0.5), 2, false);
  }
  return splineResample(pts, TREE_STEP_MM);
}
