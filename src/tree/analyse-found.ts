/**
 * A found vessel measured as a traced one: the same lumen profile, reference, lesions and plaque as
 * src/vessel/analyse.ts, on the found centreline (it is already recentred the way a traced one is).
 */
import type { Volume } from '../volume/volume.ts';
import type { P3 } from '../vessel/curve.ts';
import { lumenProfile } from '../vessel/lumen.ts';
import { measureProfile, settleProfileEnds, type VesselAnalysis } from '../vessel/analyse.ts';
import type { RayProfiler } from '../vessel/rays.ts';
import type { VesselLandmarksMm } from '../report/segments.ts';
import type { FoundVessel } from './find-tree.ts';

/**
 * `fromAorta`: the vessel starts on the aortic wall (a trunk); its first sections are cut obliquely by the wall
 * itself, so a "lesion" lying wholly within AORTIC_MOUTH_MM of the start is the wall, not plaque.
 */
export function analyseFoundVessel(volume: Volume, pointsLps: readonly P3[], profiler?: RayProfiler, fromAorta = false): VesselAnalysis {
  const pts = pointsLps.map((p) => [...p] as P3);
  let len = 0;
  for (let q = 1; q < pts.length; q++) len += Math.hypot(pts[q]![0] - pts[q - 1]![0], pts[q]![1] - pts[q - 1]![1], pts[q]![2] - pts[q - 1]![2]);
  const stepMm = pts.length > 1 ? len / (pts.length - 1) : 0.25;
  const warnings: string[] = [];
  const lp = settleProfileEnds(lumenProfile(volume, pts, profiler ? { profiler } : {}), stepMm, warnings);
  const a = measureProfile({ pointsLps: pts, stepMm, lengthMm: len }, lp, warnings);
  // a found vessel ends where its lumen fades under the threshold: its last millimetre is that taper, with no
  // lumen beyond to measure a stenosis against
  const lesions = a.lesions.filter((l) => l.sMm < len - TIP_MM && !(fromAorta && l.endSMm <= AORTIC_MOUTH_MM));
  return { ...a, lesions, maxDiameterStenosisPct: lesions.length ? lesions[0]!.diameterStenosisPct : 0 };
}

const TIP_MM = 1;
const AORTIC_MOUTH_MM = 1.5;

/** Arc length (mm) along `line` of its point nearest to p. */
function arcAtNearest(line: readonly P3[], p: P3): number {
  let s = 0, best = Infinity, bestS = 0;
  for (let q = 0; q < line.length; q++) {
    if (q) s += Math.hypot(line[q]![0] - line[q - 1]![0], line[q]![1] - line[q - 1]![1], line[q]![2] - line[q - 1]![2]);
    const d = Math.hypot(line[q]![0] - p[0], line[q]![1] - p[1], line[q]![2] - p[2]);
    if (d < best) { best = d; bestS = s; }
  }
  return bestS;
}

/** SCCT segment landmarks of a found trunk from its branches: D1 on the LAD, OM1 on the LCx, the crux at the RCA's end. */
export function landmarksOf(v: FoundVessel, all: readonly FoundVessel[]): VesselLandmarksMm | undefined {
  const child = (name: string): FoundVessel | undefined => all.find((x) => x.name === name && x.parent === v.name);
  if (v.name === 'LAD') { const d1 = child('D1'); return d1 ? { d1OriginMm: arcAtNearest(v.pointsLps, d1.pointsLps[0]!) } : undefined; }
  if (v.name === 'LCx') { const om1 = child('OM1'); return om1 ? { om1OriginMm: arcAtNearest(v.pointsLps, om1.pointsLps[0]!) } : undefined; }
  if (v.name === 'RCA' && child('R-PDA')) return { cruxMm: v.lengthMm };
  return undefined;
}
