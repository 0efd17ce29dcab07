/**
 * Scoring of a found tree against truth centrelines, as the CAT08 coronary centreline challenge does: per truth
 * vessel, overlap (fraction of its centreline within its radius of a found vessel of the same name, and of any
 * name), accuracy (mean distance inside the overlap), and per study the false length (found centreline farther
 * than 2 mm from every truth vessel) and the labels right. Pure: the caller reads the truth.
 */
import type { Lps } from '../volume/volume.ts';

export interface ScoreTruthVessel {
  readonly name: string;
  readonly pointsLps: readonly Lps[];
  readonly radiiMm: readonly number[];
}

export interface ScoreFoundVessel {
  readonly name: string;
  readonly pointsLps: readonly Lps[];
}

export interface VesselScore {
  readonly name: string;
  readonly lengthMm: number;
  /** mean truth radius, mm */
  readonly meanRadiusMm: number;
  /** fraction 0–1 of the truth centreline within its radius of the found vessel of the same name */
  readonly overlapSameName: number;
  readonly overlapAnyName: number;
  /** mean distance (mm) of the overlapping truth points to the same-named found vessel (NaN when none) */
  readonly accuracyMm: number;
}

export interface TreeScore {
  readonly vessels: VesselScore[];
  /** found centreline farther than FALSE_DISTANCE_MM from every truth vessel, mm */
  readonly falseLengthMm: number;
  /** found vessels whose name is a truth name and which lie mostly along the truth vessel of that name */
  readonly labelsRight: number;
  readonly labelsChecked: number;
}

export const FALSE_DISTANCE_MM = 2;

/** The named vessels of the SCCT segment model (segments 1–18) a finder may claim. */
const SCCT_NAMES = new Set(['LM', 'LAD', 'D1', 'D2', 'LCx', 'OM1', 'OM2', 'RCA', 'R-PDA', 'R-PLB', 'L-PDA', 'L-PLB', 'ramus']);

function segDist(p: Lps, a: Lps, b: Lps): number {
  const d0 = b[0] - a[0], d1 = b[1] - a[1], d2 = b[2] - a[2];
  const l2 = d0 * d0 + d1 * d1 + d2 * d2;
  let t = l2 > 0 ? ((p[0] - a[0]) * d0 + (p[1] - a[1]) * d1 + (p[2] - a[2]) * d2) / l2 : 0;
  t = Math.max(0, Math.min(1, t));
  return Math.hypot(p[0] - a[0] - t * d0, p[1] - a[1] - t * d1, p[2] - a[2] - t * d2);
}

/** Distance from p to a polyline (a single point counts as one). */
export function distanceToPolylineMm(p: Lps, line: readonly Lps[]): number {
  if (line.length === 1) return Math.hypot(p[0] - line[0]![0], p[1] - line[0]![1], p[2] - line[0]![2]);
  let best = Infinity;
  for (let q = 1; q < line.length; q++) {
    const a = line[q - 1]!, b = line[q]!;
    // a cheap bound before the exact segment distance
    const ax = Math.abs(p[0] - a[0]), ay = Math.abs(p[1] - a[1]), az = Math.abs(p[2] - a[2]);
    const seg = Math.hypot(b[0] - a[0], b[1] - a[1], b[2] - a[2]);
    if (Math.max(ax, ay, az) - seg > best) continue;
    best = Math.min(best, segDist(p, a, b));
  }
  return best;
}

function minDistance(p: Lps, lines: readonly (readonly Lps[])[]): number {
  let best = Infinity;
  for (const l of lines) best = Math.min(best, distanceToPolylineMm(p, l));
  return best;
}

function stepLengths(pts: readonly Lps[]): number[] {
  return pts.map((p, q) => (q === 0 ? 0 : Math.hypot(p[0] - pts[q - 1]![0], p[1] - pts[q - 1]![1], p[2] - pts[q - 1]![2])));
}

export function scoreTree(truth: readonly ScoreTruthVessel[], found: readonly ScoreFoundVessel[]): TreeScore {
  const allFound = found.map((f) => f.pointsLps);
  const vessels: VesselScore[] = truth.map((t) => {
    const same = found.filter((f) => f.name === t.name).map((f) => f.pointsLps);
    const steps = stepLengths(t.pointsLps);
    let total = 0, inSame = 0, inAny = 0, distSum = 0, distW = 0;
    t.pointsLps.forEach((p, q) => {
      // each point stands for half the steps on either side
      const w = ((steps[q] ?? 0) + (steps[q + 1] ?? 0)) / 2;
      total += w;
      const r = t.radiiMm[q]!;
      const ds = minDistance(p, same);
      if (ds <= r) { inSame += w; distSum += ds * w; distW += w; }
      if (ds <= r || minDistance(p, allFound) <= r) inAny += w;
    });
    const meanRadiusMm = t.radiiMm.reduce((a, b) => a + b, 0) / Math.max(1, t.radiiMm.length);
    return { name: t.name, lengthMm: total, meanRadiusMm, overlapSameName: total ? inSame / total : 0, overlapAnyName: total ? inAny / total : 0, accuracyMm: distW ? distSum / distW : NaN };
  });
  const truthLines = truth.map((t) => t.pointsLps);
  let falseLengthMm = 0;
  for (const f of found) {
    const steps = stepLengths(f.pointsLps);
    const far = f.pointsLps.map((p) => minDistance(p, truthLines) > FALSE_DISTANCE_MM);
    for (let q = 1; q < far.length; q++) if (far[q] && far[q - 1]) falseLengthMm += steps[q]!;
  }
  const names = new Set(truth.map((t) => t.name));
  let labelsRight = 0, labelsChecked = 0;
  for (const f of found) {
    if (!names.has(f.name)) {
      // an SCCT name the truth does not have (an L-PDA in a right-dominant heart) is wrong where it lies on a vessel
      if (SCCT_NAMES.has(f.name) && f.pointsLps.some((p) => minDistance(p, truthLines) <= FALSE_DISTANCE_MM)) labelsChecked++;
      continue;
    }
    labelsChecked++;
    const own = truth.find((t) => t.name === f.name)!.pointsLps;
    let near = 0, nearOwn = 0;
    for (const p of f.pointsLps) {
      const dOwn = distanceToPolylineMm(p, own);
      const dAny = minDistance(p, truthLines);
      if (dAny <= FALSE_DISTANCE_MM) { near++; if (dOwn <= dAny + 1e-9) nearOwn++; }
    }
    if (near > 0 && nearOwn / near >= 0.5) labelsRight++;
  }
  return { vessels, falseLengthMm, labelsRight, labelsChecked };
}
