/**
 * A found vessel measured as a traced one (src/vessel/analyse.ts), and the SCCT landmarks its branches give.
 */
import type { Lps, Volume } from '../volume/volume.ts';
import { analyseVessel, type AnalyseOptions, type VesselAnalysis, type VesselSeeds } from '../vessel/analyse.ts';
import type { VesselLandmarksMm } from '../report/segments.ts';
import type { FoundVessel } from './find-tree.ts';

/** Waypoints along a found centreline, mm apart: close enough that a re-trace after an edit keeps to this vessel. */
const VIA_SPACING_MM = 25;

/**
 * The seeds a reader would give a found vessel: its two ends, and its points every VIA_SPACING_MM as waypoints
 * (none within half that of the end), so a re-trace after the reader edits it keeps to this vessel.
 */
export function foundSeedsLps(pointsLps: readonly Lps[]): Lps[] {
  const viaLps: Lps[] = [];
  let s = 0, next = VIA_SPACING_MM, total = 0;
  for (let q = 1; q < pointsLps.length; q++) total += Math.hypot(pointsLps[q]![0] - pointsLps[q - 1]![0], pointsLps[q]![1] - pointsLps[q - 1]![1], pointsLps[q]![2] - pointsLps[q - 1]![2]);
  for (let q = 1; q < pointsLps.length - 1; q++) {
    s += Math.hypot(pointsLps[q]![0] - pointsLps[q - 1]![0], pointsLps[q]![1] - pointsLps[q - 1]![1], pointsLps[q]![2] - pointsLps[q - 1]![2]);
    if (s >= next && total - s >= VIA_SPACING_MM / 2) { viaLps.push([pointsLps[q]![0], pointsLps[q]![1], pointsLps[q]![2]]); next += VIA_SPACING_MM; }
  }
  const first = pointsLps[0]!, last = pointsLps[pointsLps.length - 1]!;
  return [[first[0], first[1], first[2]], ...viaLps, [last[0], last[1], last[2]]];
}

/**
 * A found vessel's lesions: a found vessel ends where its lumen fades under the threshold, so its last
 * millimetre is that taper, with no lumen beyond to measure a stenosis against. `fromAorta`: the vessel starts
 * on the aortic wall (a trunk); its first sections are cut obliquely by the wall itself, so a "lesion" lying
 * wholly within AORTIC_MOUTH_MM of the start is the wall.
 */
export function foundVesselLesions(a: VesselAnalysis, fromAorta: boolean): VesselAnalysis {
  const len = a.centreline.lengthMm;
  const lesions = a.lesions.filter((l) => l.sMm < len - TIP_MM && !(fromAorta && l.endSMm <= AORTIC_MOUTH_MM));
  return { ...a, lesions, maxDiameterStenosisPct: lesions.length ? lesions[0]!.diameterStenosisPct : 0 };
}

/**
 * A found vessel measured as a traced one (src/vessel/analyse.ts analyseVessel) without a second path search: its
 * own centreline stands for the minimal path between its ends, recentred with the lumen levels read at those ends
 * as a trace's is; then the lumen, lesions (foundVesselLesions), plaque and side branches.
 */
export function analyseFoundVessel(volume: Volume, pointsLps: readonly Lps[], opts: AnalyseOptions = {}, fromAorta = false): VesselAnalysis {
  return foundVesselLesions(analyseVessel(volume, foundSeeds(pointsLps), opts), fromAorta);
}

/** The seeds of a found vessel's measurement: its ends, its centreline as the path between them. */
export function foundSeeds(pointsLps: readonly Lps[]): VesselSeeds {
  const first = pointsLps[0]!, last = pointsLps[pointsLps.length - 1]!;
  return { fromLps: [first[0], first[1], first[2]], toLps: [last[0], last[1], last[2]], guideLps: pointsLps };
}

const TIP_MM = 1;
const AORTIC_MOUTH_MM = 1.5;

/** Arc length (mm) along `line` of its point nearest to p. */
function arcAtNearest(line: readonly Lps[], p: Lps): number {
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
