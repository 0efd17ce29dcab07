/**
 * SCCT segment landmarks of a traced vessel from its centreline and the study's other traced vessels (pure:
 * no DOM; reads no generator parameter). The spans themselves come from `segmentSpans` (segments.ts).
 *
 * - A branch point: another vessel whose first point lies within `nearMm` of this centreline (away from its
 *   start) leaves it there — D1 ends segment 6 on the LAD, OM1 segment 11 on the LCx, a PDA/PLB marks the crux
 *   on the RCA; an unnamed branch counts as the first side branch (D1 on the LAD, OM1 on the LCx).
 * - The left main: a vessel starting at the same point (within `nearMm`) shares the trunk; the two centrelines
 *   part at the bifurcation, which ends the LM (a traced LM's distal end does the same). A vessel traced from
 *   upstream of its own origin (a branch traced from its parent's start) gets its origin the same way.
 * - The acute margin of the RCA (end of segment 2, segment 1 ending half-way): approximated by length, the
 *   typical 60 mm from the ostium (PHANTOM §2 table: segments 1 + 2), before the crux when one is known —
 *   not segments.ts's crux × 60/90 (a crux at 110 mm would put it at 73 mm). The right-most point of the RCA
 *   (the heart's right border) was tried: 5–12 mm from the phantoms' truth (length: 13.5 mm), but it moved
 *   Cas 3's RCA lesion (MLA 0.75 mm before the truth margin) from segment 2 into 3, so it is not used.
 * - Branches seen in the image (opts.imageBranchesMm) stand in for an untraced D1 (LAD) or OM1 (LCx): the first
 *   opening past the trunk. A traced branch wins. The RCA's openings are not used (no segment border is a branch).
 * - The LAD apex: not detected (segments.ts takes the end of the centreline).
 */
import type { Lps } from '../volume/volume.ts';
import { DEFAULT_LENGTHS_MM, segmentSpans, type SegmentSpan, type VesselLandmarksMm, type VesselName } from './segments.ts';


export interface TracedCentreline {
  readonly name?: VesselName;
  /** centreline from the ostium side, LPS mm, evenly sampled */
  readonly pointsLps: readonly Lps[];
}

export interface ProposeOptions {
  /** a point this close to a centreline lies on it (mm); default 2.5 */
  readonly nearMm?: number;
  /** two centrelines farther apart than this have parted (mm); default 1.5 */
  readonly partMm?: number;
  /**
   * Side-branch ostia seen in the image along this centreline (arc length, mm; src/vessel/branches.ts). A traced
   * branch wins; without one, the first opening past the trunk ends segment 6 on the LAD (D1) and 11 on the LCx (OM1).
   */
  readonly imageBranchesMm?: readonly number[];
}

/** Cumulative arc length of a polyline (mm). */
export function arcLengthsMm(p: readonly Lps[]): Float64Array {
  const s = new Float64Array(p.length);
  for (let i = 1; i < p.length; i++) s[i] = s[i - 1]! + Math.hypot(p[i]![0] - p[i - 1]![0], p[i]![1] - p[i - 1]![1], p[i]![2] - p[i - 1]![2]);
  return s;
}

/** Nearest centreline vertex to `x`: its index and distance (mm). */
export function nearestOnCentreline(p: readonly Lps[], x: Lps): { index: number; distanceMm: number } {
  let index = -1, best = Infinity;
  for (let i = 0; i < p.length; i++) {
    const d = Math.hypot(p[i]![0] - x[0], p[i]![1] - x[1], p[i]![2] - x[2]);
    if (d < best) { best = d; index = i; }
  }
  return { index, distanceMm: best };
}

/**
 * Arc length on `a` where it leaves `b` (both starting together): past the first point of `a` farther than
 * partMm from `b`, back to the last point within partMm/3 of it (the two lumen centrelines of a shared trunk
 * are a fraction of a millimetre apart; the distance grows steadily once they have parted).
 */
export function partingArcMm(a: readonly Lps[], b: readonly Lps[], partMm: number): number | undefined {
  const s = arcLengthsMm(a);
  for (let i = 0; i < a.length; i++) {
    if (nearestOnCentreline(b, a[i]!).distanceMm <= partMm) continue;
    let j = i - 1;
    while (j > 0 && nearestOnCentreline(b, a[j]!).distanceMm > partMm / 3) j--;
    return j > 0 ? s[j]! : undefined;
  }
  return undefined;
}

export interface BranchPoint {
  readonly name?: VesselName;
  readonly sMm: number;
}

/** Other vessels whose first point lies on this centreline (not at its start), by arc length. */
export function branchPoints(self: readonly Lps[], others: readonly TracedCentreline[], nearMm = 2.5): BranchPoint[] {
  const s = arcLengthsMm(self);
  const out: BranchPoint[] = [];
  for (const o of others) {
    const first = o.pointsLps[0];
    if (!first || o.pointsLps === self) continue;
    const n = nearestOnCentreline(self, first);
    if (n.index < 0 || n.distanceMm > nearMm || s[n.index]! < 2 * nearMm) continue;
    out.push({ name: o.name, sMm: s[n.index]! });
  }
  return out.sort((a, b) => a.sMm - b.sMm);
}

const LEFT_TRUNKS: readonly VesselName[] = ['LAD', 'LCx', 'ramus'];

/** Landmarks of `self` (named `name`) from its centreline and the other traced vessels of the study. */
export function proposeLandmarks(name: VesselName, self: readonly Lps[], others: readonly TracedCentreline[], opts: ProposeOptions = {}): VesselLandmarksMm {
  const nearMm = opts.nearMm ?? 2.5, partMm = opts.partMm ?? 1.5;
  const lm: { -readonly [K in keyof VesselLandmarksMm]: VesselLandmarksMm[K] } = {};
  if (self.length < 2) return lm;
  const s = arcLengthsMm(self);
  const start = self[0]!;
  const branches = branchPoints(self, others, nearMm);
  const firstBranch = (names: readonly VesselName[], after = 0): number | undefined =>
    branches.find((b) => b.sMm > after && (b.name === undefined || names.includes(b.name)))?.sMm;
  // shared start: the trunk ends where the centrelines part (a traced LM: where its distal end lies on this one)
  let trunkEnd: number | undefined;
  // a left trunk parts from the other left trunks (or an unnamed vessel), a branch from anything it starts with
  const trunkPeers = LEFT_TRUNKS.includes(name) ? (o: TracedCentreline) => o.name === undefined || o.name === 'LM' || LEFT_TRUNKS.includes(o.name) : () => true;
  for (const o of others) {
    const o0 = o.pointsLps[0];
    if (!o0 || o.pointsLps === self || o.pointsLps.length < 2 || !trunkPeers(o)) continue;
    if (Math.hypot(o0[0] - start[0], o0[1] - start[1], o0[2] - start[2]) > nearMm) continue;
    let end: number | undefined;
    if (o.name === 'LM') {
      const n = nearestOnCentreline(self, o.pointsLps[o.pointsLps.length - 1]!);
      if (n.distanceMm <= nearMm) end = s[n.index]!;
    } else end = partingArcMm(self, o.pointsLps, partMm);
    if (end !== undefined && end > 1 && (trunkEnd === undefined || end < trunkEnd)) trunkEnd = end;
  }
  if (name === 'LAD' || name === 'LCx' || name === 'ramus') {
    if (trunkEnd !== undefined) { lm.fromAorticOstium = true; lm.lmEndMm = trunkEnd; }
    const after = trunkEnd ?? 0;
    // an opening within 2 mm past the trunk's end is where the sibling trunk leaves, not a side branch
    const seen = opts.imageBranchesMm?.find((b) => b > after + 2);
    if (name === 'LAD') lm.d1OriginMm = firstBranch(['D1'], after) ?? seen;
    if (name === 'LCx') {
      lm.om1OriginMm = firstBranch(['OM1'], after) ?? seen;
      lm.cruxMm = branches.find((b) => b.name === 'L-PDA' || b.name === 'L-PLB')?.sMm;
    }
  } else if (name === 'RCA') {
    lm.cruxMm = branches.find((b) => b.name === 'R-PDA' || b.name === 'R-PLB')?.sMm;
    const acute = DEFAULT_LENGTHS_MM.acuteMarginFromOstium;
    if (s[s.length - 1]! > acute + 5 && (lm.cruxMm === undefined || lm.cruxMm > acute + 5)) lm.acuteMarginMm = acute;
  } else if (name !== 'LM' && trunkEnd !== undefined) {
    lm.branchOriginMm = trunkEnd;
  }
  for (const k of Object.keys(lm) as (keyof VesselLandmarksMm)[]) if (lm[k] === undefined) delete lm[k];
  if (LEFT_TRUNKS.includes(name) && lm.lmEndMm === undefined) delete lm.fromAorticOstium;
  return lm;
}

/** The proposed spans: segmentSpans with the landmarks found. */
export function proposeSegments(name: VesselName, self: readonly Lps[], others: readonly TracedCentreline[], opts?: ProposeOptions): { spans: SegmentSpan[]; landmarks: VesselLandmarksMm } {
  const landmarks = proposeLandmarks(name, self, others, opts);
  const s = arcLengthsMm(self);
  return { spans: segmentSpans(name, s[s.length - 1]!, landmarks), landmarks };
}
