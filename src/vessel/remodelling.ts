/**
 * Remodelling index (SCCT: vessel area at the minimal lumen ÷ mean of the proximal and distal reference vessel
 * areas; positive remodelling at ≥ 1.1) measured from the ray profiles the lumen stage keeps.
 *
 * The outer wall on each ray is where the last fall to fat crosses half-way between the tissue it leaves and the
 * fat: a blurred step's edge lies at its mid level whatever the blur. A fixed threshold (−15 HU) does not: the
 * blur carries a 450 HU lumen ≈ 1 σ beyond its edge at that level while plaque against fat reads at its edge, so
 * a reference vessel looked wider than it is and the index fell (CORO-02's LAD read 1.04 against 1.35).
 * The tissue the fall leaves is where the profile, walked inward from the fall, stops climbing: a plaque or a
 * resolved wall stops it at its own level, a lumen meeting fat directly climbs to the lumen level. A wall thinner
 * than the blur shows no level of its own and reads at the lumen's edge (the index then reads high).
 */
import type { LumenProfile } from './lumen.ts';
import { outerWalls } from './plaque.ts';

/** The fat beyond the outer wall is read this far past the threshold crossing the lumen stage found, mm. */
const FAT_FROM_MM = 0.3;
const FAT_TO_MM = 1.1;
/** the half-way crossing is searched from this far past that crossing inward (the blurred fall ends within ≈ 2 σ) */
const SEARCH_BEYOND_MM = 0.8;
/** the tissue the outer wall bounds is read within this distance inside the fall to fat, mm (≈ 2 σ) */
const INSIDE_MM = 1.0;
/**
 * a profile climbing less than this is on the tissue the fall leaves, HU/mm: a blurred 500 HU step (σ 0.4 mm)
 * climbs that little only ≥ 2.5 σ from its edge, so a lumen meeting fat is read at its own level
 */
const CLIMB_HU_PER_MM = 20;
/** reference vessel sections are read this far outside the lesion, mm */
const REFERENCE_SPAN_MM = 5;
/** outer areas around the minimal lumen are read within this arc length of it, mm */
const AT_MLA_MM = 0.5;

const median = (a: number[]): number => {
  if (a.length === 0) return NaN;
  const s = a.slice().sort((x, y) => x - y);
  const h = s.length >> 1;
  return s.length % 2 ? s[h]! : 0.5 * (s[h - 1]! + s[h]!);
};

/** The fat level of section q: the median, over rays, of the samples just beyond each ray's fall to fat. */
function fatLevelHu(lp: LumenProfile, q: number, walls: Float64Array): number {
  const o = lp.rays, M = Math.round(o.rMaxMm / o.drMm), prof = lp.profiles[q]!;
  const out: number[] = [];
  for (let r = 0; r < o.rays; r++) {
    const x = walls[r]!;
    const m0 = Math.round((x + FAT_FROM_MM) / o.drMm), m1 = Math.min(M, Math.round((x + FAT_TO_MM) / o.drMm));
    for (let m = m0; m <= m1; m++) out.push(prof[r * (M + 1) + m]!);
  }
  return median(out);
}

/**
 * Outer vessel area of section q (mm²): per ray, the last crossing of the level half-way between the densest
 * tissue within 1 mm inside the fall to fat (lumen, plaque or calcium) and the fat. NaN when fewer than 3/4 of
 * the rays reach fat (the lumen stage marks those that meet myocardium or nothing within 3 mm).
 */
export function outerAreaHalfLevelMm2(lp: LumenProfile, q: number): number {
  const o = lp.rays, M = Math.round(o.rMaxMm / o.drMm), prof = lp.profiles[q]!, dr = o.drMm;
  let finite = 0;
  for (let r = 0; r < o.rays; r++) if (Number.isFinite(lp.outerMm[q * o.rays + r]!)) finite++;
  const walls = outerWalls(lp.outerMm, q, o.rays);
  if (!walls || finite < 0.75 * o.rays) return NaN;
  const F = fatLevelHu(lp, q, walls), back = Math.round(INSIDE_MM / dr);
  const ro = new Float64Array(o.rays).fill(NaN);
  for (let r = 0; r < o.rays; r++) {
    const base = r * (M + 1), mx = Math.min(M, Math.round(walls[r]! / dr));
    // the tissue the fall leaves: walk in from the fall while the profile still climbs (a plaque or wall plateau
    // stops it; a lumen meeting fat directly climbs to the lumen level), no further than INSIDE_MM
    const sm = (m: number): number => {
      let a = 0;
      for (let t = -1; t <= 1; t++) a += prof[base + Math.min(M, Math.max(0, m + t))]!;
      return a / 3;
    };
    let m = mx;
    while (m > 0 && mx - m < back && sm(m - 1) - sm(m) >= CLIMB_HU_PER_MM * dr) m--;
    let inside = -Infinity;
    for (let t = Math.max(0, m - 1); t <= Math.min(M, m + 1); t++) inside = Math.max(inside, prof[base + t]!);
    const half = 0.5 * (inside + F);
    let k = Math.min(M, mx + Math.round(SEARCH_BEYOND_MM / dr));
    while (k > 0 && prof[base + k]! < half) k--;
    if (k >= M) continue;
    const a = prof[base + k]!, b = prof[base + k + 1]!;
    ro[r] = (k + (a - half) / (a - b)) * dr;
  }
  const filled = outerWalls(ro, 0, o.rays);
  if (!filled) return NaN;
  let area = 0;
  for (let r = 0; r < o.rays; r++) area += 0.5 * filled[r]! ** 2 * ((2 * Math.PI) / o.rays);
  return area;
}

export interface RemodellingLesion {
  readonly startIndex: number;
  readonly endIndex: number;
  readonly mlaIndex: number;
}

/**
 * Remodelling index of a lesion: the median outer area within 0.5 mm of its MLA over the mean of the median
 * outer areas within 5 mm before and after it (one side alone when the other leaves the vessel). The lesion's
 * plaque may reach beyond where the lumen narrows: `extentSMm` (where the lumen leaves and regains its
 * reference) widens the span kept out of the reference. NaN when a side has fewer than 4 measured sections.
 */
export function remodellingIndexFromProfile(lp: LumenProfile, l: RemodellingLesion, extentSMm?: readonly [number, number]): number {
  const s = lp.samples, n = s.length;
  if (n < 2) return NaN;
  const stepMm = (s[n - 1]!.sMm - s[0]!.sMm) / (n - 1);
  let lo = l.startIndex, hi = l.endIndex;
  if (extentSMm) {
    while (lo > 0 && s[lo - 1]!.sMm >= extentSMm[0]) lo--;
    while (hi < n - 1 && s[hi + 1]!.sMm <= extentSMm[1]) hi++;
  }
  const span = Math.round(REFERENCE_SPAN_MM / stepMm);
  const before: number[] = [], after: number[] = [];
  for (let q = Math.max(0, lo - span); q < lo; q++) if (s[q]!.hasLumen) before.push(q);
  for (let q = hi + 1; q <= Math.min(n - 1, hi + span); q++) if (s[q]!.hasLumen) after.push(q);
  const areas = (qs: number[]): number[] => qs.map((q) => outerAreaHalfLevelMm2(lp, q)).filter(Number.isFinite);
  const refs = [areas(before), areas(after)].filter((a) => a.length >= 4).map(median);
  const near = Math.round(AT_MLA_MM / stepMm);
  const at = median(areas(Array.from({ length: 2 * near + 1 }, (_, k) => l.mlaIndex - near + k).filter((q) => q >= 0 && q < n)));
  if (refs.length === 0 || !Number.isFinite(at)) return NaN;
  return at / (refs.reduce((a, b) => a + b, 0) / refs.length);
}
