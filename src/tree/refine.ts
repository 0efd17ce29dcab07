/** A skeleton polyline → a centreline recentred on the lumen the way a traced vessel's is (src/vessel/centreline.ts). */
import type { Lps, Volume } from '../volume/volume.ts';
import { recentre } from '../vessel/centreline.ts';
import { resampleLinear, smoothPolyline, splineResample } from '../vessel/curve.ts';
import type { LumenLevels } from '../vessel/cost.ts';
import type { RayProfiler } from '../vessel/rays.ts';

/** Output step of the found centrelines, mm (the traced vessels' step). */
export const TREE_STEP_MM = 0.25;

/** `keptMm`: the path's first mm stay as given (a trunk's straight run through its mouth into the aorta, where no lumen contour closes). */
export function refineCentreline(volume: Volume, voxelPath: readonly Lps[], levels: Pick<LumenLevels, 'lowHu' | 'highHu'>, profiler?: RayProfiler, keptMm = 0): Lps[] {
  if (voxelPath.length < 2) return voxelPath.map((p): Lps => [p[0], p[1], p[2]]);
  const lv: LumenLevels = { lowHu: levels.lowHu, highHu: levels.highHu, seedsHu: [levels.lowHu, levels.highHu] };
  const split = splitAt(voxelPath, keptMm);
  if (split.tail.length < 2) return splineResample(resampleLinear(voxelPath, 0.5), TREE_STEP_MM);
  let pts = smoothPolyline(resampleLinear(split.tail, 0.5), 2);
  for (let it = 0; it < 2; it++) {
    pts = recentre(volume, pts, lv, 1.5, profiler, true);
    pts = smoothPolyline(resampleLinear(pts, 0.5), 2, false);
  }
  const head = split.head.length > 1 ? resampleLinear(split.head, 0.5) : [];
  return splineResample([...head.slice(0, -1), ...pts], TREE_STEP_MM);
}

/** The path cut where its arc length first reaches `mm` (that point in both halves). */
function splitAt(path: readonly Lps[], mm: number): { head: Lps[]; tail: Lps[] } {
  if (!(mm > 0)) return { head: [], tail: [...path] };
  let s = 0;
  for (let q = 1; q < path.length; q++) {
    s += Math.hypot(path[q]![0] - path[q - 1]![0], path[q]![1] - path[q - 1]![1], path[q]![2] - path[q - 1]![2]);
    if (s >= mm) return { head: path.slice(0, q + 1), tail: path.slice(q) };
  }
  return { head: [...path], tail: [] };
}
