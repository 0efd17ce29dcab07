/**
 * Edge corrections for the blur, measured on the vessel itself: plain falls by the curvature shift and the two-step
 * fit of a wide fall, or by the blurred lumen-disk model (lumen-disk.ts);
 * rays that meet calcium by the calcium shell fit; calcium under the rays' threshold by the hidden calcium fit.
 */
import { TISSUE_HU, type RayOptions, type Section } from './rays.ts';
import { calciumShellEdge, ShellDisks, twoStepEdge, TwoStepScratch, type EdgeFitKernel } from './edge-fits.ts';
import { ringShellEdges } from './calcium-shell.ts';
import { finiteSorted, midMedianFinite } from './running-levels.ts';
import { hiddenCalciumEdges } from './calcium-hidden.ts';
import { diskTable, fitRay, fitScratch, jointFallSigmaMm, type DiskTable, type FallRay, type FitScratch, type LevelPriors } from './lumen-disk.ts';

/**
 * Edges of plain falls and calcified rays, with the blur measured on the vessel itself.
 * - Plain falls (lumen → wall or plaque → what lies beyond), with `diskEdges`: the forward model of lumen-disk.ts
 *   with the vessel's σ fitted jointly over its plain falls. Otherwise (or where too few falls hold a σ) the steepest
 *   point corrected for a blurred disk's curvature (steepest at r ≈ a − σ²/(2a), a ≳ 2σ) with the median edge
 *   width, and a fall much wider than that as two blurred steps.
 * - With `ringShell`, calcified rays of a section whose calcium bounds at least half its rays (a ring, whose bloom reaches the lumen from
 *   every side) and is centred on the rays' origin (ringCentredOnOrigin): the shell fit with the lumen's level known (calcium-shell.ts), the blood level and σ those of the
 *   vessel's plain falls fitted by the lumen-disk model (the plain-edge widths read σ narrow on small vessels: a faded
 *   plateau makes a low step over a steep slope, and a narrow σ puts the lumen inside the ring's bloom). A ray that
 *   meets its 'calcium' at the origin and never rises beyond it (bloom, looking out through the ring's gap) holds no
 *   edge: the contour takes it from its neighbours. Other calcified rays: the calcium shell fit (calciumShellEdge)
 *   with the median of the sections' edge widths (steepest slope vs step height).
 * - With `hiddenCalcium` (needs the image noise SD), plain rays that rise above the blood level of the healthy sections
 *   nearby: calcium under the rays' threshold, fitted as its own component with that level and the disk model's σ
 *   (calcium-hidden.ts; the vessel's plain falls show the blur better than one faint calcified ray could); a ray it
 *   explains is a calcified ray from then on.
 */
export function correctBlur(secs: Section[], o: RayOptions, profs?: readonly Float64Array[], opts: { readonly stepMm?: number; readonly diskEdges?: boolean; readonly ringShell?: boolean; readonly hiddenCalcium?: boolean; readonly noiseSdHu?: number; readonly fits?: EdgeFitKernel } = {}): DiskModel | null {
  const rays = o.rays, M = Math.round(o.rMaxMm / o.drMm);
  const sig = finiteSorted(secs, (x) => x.edgeSigmaMm ?? NaN);
  if (sig.length < 8) return null;
  const sigma = sig[sig.length >> 1]!;
  const isRing = (sec: Section): boolean => sec.calcified.reduce((a, c) => a + c, 0) >= RING_FRACTION * rays;
  const rings = opts.ringShell === true && profs !== undefined && secs.some(isRing);
  const hidden = opts.hiddenCalcium === true && Number.isFinite(opts.noiseSdHu ?? NaN);
  const disk = profs && (opts.diskEdges || rings || hidden) ? fallModel(secs, o, profs, fadedSections(secs, opts.stepMm ?? 0.25)) : null;
  const first = disk ? new FirstFits(secs, o, profs!, disk) : null;
  const level = first && (rings || hidden) ? fallLevels(secs, o, first, opts.stepMm ?? 0.25) : null;
  const falls = disk && first && opts.diskEdges ? fitFalls(secs, o, profs!, disk, first, opts.stepMm ?? 0.25) : null;
  const fitted = falls?.fitted ?? new Set<number>();
  const shellDisks = new ShellDisks(sigma, o.drMm, M);
  const steps = new TwoStepScratch(sigma);
  for (let k = 0; k < secs.length; k++) {
    const sec = secs[k]!;
    if (!sec.fallEdge) continue;
    // the ring fit only with ringShell (hiddenCalcium asks for the blood level too), and only where its model holds
    const ringL = rings && level && isRing(sec) && ringCentredOnOrigin(sec, disk!.table.sigmaMm) && Number.isFinite(level[k]!) ? level[k]! : NaN;
    if (Number.isFinite(ringL)) ringShellEdges(sec, profs![k]!, o, disk!.table.sigmaMm, ringL);
    for (let q = 0; q < rays; q++) {
      const r = sec.radiiMm[q]!;
      if (sec.calcified[q] && profs && r >= 0) {
        if (!Number.isFinite(ringL)) sec.radiiMm[q] = calciumShellEdge(profs[k]!, q * (M + 1), o.drMm, M, sec.valleyMm[q]!, sigma, r, shellDisks, opts.fits);
        continue;
      }
      if (fitted.has(k * rays + q) || !sec.fallEdge[q] || !(r > 0)) continue;
      // a fall much wider than the image blur is lumen → plaque layer → fat: its steepest point already lies
      // outside the lumen edge
      if (!((sec.edgeSigmasMm?.[q] ?? NaN) <= WIDE_FALL * sigma)) {
        if (profs) sec.radiiMm[q] = twoStepEdge(profs[k]!, q * (M + 1), o.drMm, sec.lumenHu, sec.valleyHu[q]!, sec.valleyMm[q]!, sigma, r, steps, opts.fits);
        continue;
      }
      const w = Math.min(1, Math.max(0, r / sigma - 1));
      sec.radiiMm[q] = r + (w * sigma * sigma) / (2 * r);
    }
  }
  if (hidden && disk && level) hiddenCalciumEdges(secs, o, profs!, disk.table.sigmaMm, level, opts.noiseSdHu!);
  return disk && falls ? { sigmaMm: disk.table.sigmaMm, wideLevelHu: falls.wideLevel } : null;
}

/** The disk model's blur and lumen levels, as fitted on the vessel's plain falls. */
export interface DiskModel {
  /** the vessel's in-plane blur σ (jointly fitted over its plain falls, the rays' smoothing included), mm */
  readonly sigmaMm: number;
  /** per section, the median fitted lumen level of a section wide enough to show it (≥ 2σ), NaN elsewhere, HU */
  readonly wideLevelHu: Float64Array;
}

/**
 * The plain falls' edges by the disk model. First with the lumen level free; a section whose lumen is at least
 * twice the blur reaches its level at the centre and tells it; a smaller (or narrowed) one cannot tell a brighter
 * small disk from a dimmer larger one, so its falls are fitted again with the level of the vessel's wide sections
 * within ±LEVEL_WINDOW_MM as a prior (contrast varies slowly along a vessel).
 */
function fitFalls(secs: Section[], o: RayOptions, profs: readonly Float64Array[], disk: { table: DiskTable; scratch: FitScratch }, fits: FirstFits, stepMm: number): { fitted: Set<number>; wideLevel: Float64Array } {
  const rays = o.rays, M = Math.round(o.rMaxMm / o.drMm), dr = o.drMm, sigma = disk.table.sigmaMm;
  const half = Math.max(4, Math.round(LEVEL_WINDOW_MM / (stepMm || 0.25)));
  const faded = fadedSections(secs, stepMm);
  // a faded centre (below the centres of the vessel nearby, as lumen.ts judges it): the lumen's area is its
  // partial-volume integral (lumen-faded.ts), whose window the first edges set; those keep them. Beside calcium
  // the rays' plain falls end in bloom: those keep theirs too (the calcium shell fit measures that section).
  const skip = secs.map((sec, k) => !sec.fallEdge || faded[k] === 1 || sec.calcified.some((c) => c === 1));
  const first = secs.map((sec, k) => {
    const a = new Float64Array(rays).fill(NaN), lev = new Float64Array(rays).fill(NaN);
    if (skip[k] || !sec.fallEdge) return { a, lev };
    for (let q = 0; q < rays; q++) {
      if (!sec.fallEdge[q] || !(sec.radiiMm[q]! > 0)) continue;
      a[q] = fits.aMm(k, q); lev[q] = fits.lumenHu(k, q);
    }
    return { a, lev };
  });
  const wideLevel = Float64Array.from(first, (x) => { const a = midMedianFinite(x.a); return a >= 2 * sigma && countFinite(x.a) >= rays / 2 ? midMedianFinite(x.lev) : NaN; });
  const fitted = new Set<number>();
  secs.forEach((sec, k) => {
    const { a } = first[k]!;
    const level = midMedianFinite(wideLevel.subarray(Math.max(0, k - half), Math.min(secs.length, k + half + 1)));
    if (skip[k]) return;
    const small = !(midMedianFinite(a) >= 2 * sigma);
    // without wide sections nearby, the section's own level: the median of its falls' (32 rays share one lumen)
    const prior = Number.isFinite(level) ? level : midMedianFinite(first[k]!.lev);
    for (let q = 0; q < rays; q++) {
      if (!Number.isFinite(a[q]!)) continue;
      if (small && Number.isFinite(prior)) {
        const [m0, m1] = fallWindow(sec, q, dr, M)!;
        const f = fitRay(profs[k]!, q * (M + 1), m0, m1, sec.radiiMm[q]!, disk.table, disk.scratch, MIN_STEP_HU, { ...WALL_PRIOR, lumenHu: prior, lumenWeight: LEVEL_WEIGHT });
        sec.radiiMm[q] = f ? f.aMm : a[q]!;
      } else sec.radiiMm[q] = a[q]!;
      fitted.add(k * rays + q);
    }
  });
  return { fitted, wideLevel };
}

/**
 * The lumen level near each section: the median fitted lumen level of the plain falls of the calcium-free sections
 * within ±LEVEL_WINDOW_MM (contrast varies slowly along a vessel; the fit's level is the blood's, not a blurred peak).
 * A faded section (its centre below FADED_LEVEL of the centres nearby: an occlusion, a narrowed or lumen-less run)
 * holds no blood level to tell: its falls' level is that of plaque or of a lumen too small to reach its level, and an
 * occlusion as long as half the window would pull the blood level of the healthy lumen beside it to the plaque's.
 */
function fallLevels(secs: readonly Section[], o: RayOptions, fits: FirstFits, stepMm: number): Float64Array {
  const rays = o.rays;
  const half = Math.max(4, Math.round(LEVEL_WINDOW_MM / (stepMm || 0.25)));
  const faded = fadedSections(secs, stepMm);
  const own = secs.map((sec, k) => {
    if (!sec.fallEdge || faded[k] === 1 || sec.calcified.some((c) => c === 1)) return NaN;
    const lev: number[] = [];
    for (let q = 0; q < rays; q += 2) {
      if (!sec.fallEdge[q] || !(sec.radiiMm[q]! > 0)) continue;
      const L = fits.lumenHu(k, q);
      if (Number.isFinite(L)) lev.push(L);
    }
    return lev.length >= rays / 8 ? midMedianFinite(lev) : NaN;
  });
  const ownArr = Float64Array.from(own);
  return Float64Array.from(secs, (_, k) => midMedianFinite(ownArr.subarray(Math.max(0, k - half), Math.min(secs.length, k + half + 1))));
}

/**
 * The first fit of each plain fall (lumen level free, the wall prior), made once when first asked: the lumen levels
 * near each section (fallLevels) and the falls' edges (fitFalls) read the same fits. NaN where the fall has no window
 * or nothing fits. Read before any edge is moved (the windows are the first edges').
 */
class FirstFits {
  private readonly a: Float64Array;
  private readonly lev: Float64Array;
  private readonly done: Uint8Array;
  constructor(private readonly secs: readonly Section[], private readonly o: RayOptions, private readonly profs: readonly Float64Array[], private readonly disk: { table: DiskTable; scratch: FitScratch }) {
    const n = secs.length * o.rays;
    this.a = new Float64Array(n).fill(NaN); this.lev = new Float64Array(n).fill(NaN); this.done = new Uint8Array(n);
  }
  aMm(k: number, q: number): number { return this.a[this.fit(k, q)]!; }
  lumenHu(k: number, q: number): number { return this.lev[this.fit(k, q)]!; }
  private fit(k: number, q: number): number {
    const i = k * this.o.rays + q;
    if (this.done[i]) return i;
    this.done[i] = 1;
    const M = Math.round(this.o.rMaxMm / this.o.drMm), sec = this.secs[k]!;
    const win = fallWindow(sec, q, this.o.drMm, M);
    const f = win ? fitRay(this.profs[k]!, q * (M + 1), win[0], win[1], sec.radiiMm[q]!, this.disk.table, this.disk.scratch, MIN_STEP_HU, WALL_PRIOR) : null;
    if (f) { this.a[i] = f.aMm; this.lev[i] = f.lumenHu; }
    return i;
  }
}

/**
 * The ring is centred on the rays' origin: its calcified rays find their blurred calcium peak at one radius all round
 * (the interquartile spread of the peak radii within the blur σ). The shell model is a disk about the origin inside the
 * ring; from a point off the ring's centre (the section centred beside a residual lumen it did not find) the peaks
 * spread by twice the offset and the model reads the ring's far side as lumen.
 */
export function ringCentredOnOrigin(sec: Section, sigmaMm: number): boolean {
  const r = Float64Array.from(sec.valleyMm.filter((_, q) => sec.calcified[q] === 1 && sec.valleyMm[q]! > 0)).sort();
  if (r.length < 4) return false;
  return r[Math.floor(0.75 * (r.length - 1))]! - r[Math.floor(0.25 * (r.length - 1))]! <= sigmaMm;
}

/** a section whose calcium bounds at least this fraction of its rays is a ring about its lumen */
const RING_FRACTION = 0.5;

/** a section whose centre is below this fraction of the vessel's level is measured by its partial-volume mass (lumen.ts pvRatio) */
const FADED_LEVEL = 0.85;
/** a fall wider than this × σ is lumen → plaque layer → fat (the first edges of falls the disk model leaves) */
const WIDE_FALL = 1.25;

/** the lumen level prior of small sections: the wide sections' level within this distance, mm */
const LEVEL_WINDOW_MM = 10;
/** its weight, pseudo-samples: 1 mm of ray, what a lumen plateau of that size would show of its own level */
const LEVEL_WEIGHT = 10;

/**
 * Sections whose centre is below FADED_LEVEL of the healthy centre level within ±LEVEL_WINDOW_MM (the 0.8 quantile of
 * the centres, as lumen.ts judges it): a lumen narrowed below the blur, or none.
 */
function fadedSections(secs: readonly Section[], stepMm: number): Uint8Array {
  const half = Math.max(4, Math.round(LEVEL_WINDOW_MM / (stepMm || 0.25)));
  const centreLevel = upperLevel(Float64Array.from(secs, (x) => x.lumenHu), half);
  return Uint8Array.from(secs, (sec, k) => (sec.lumenHu < FADED_LEVEL * centreLevel[k]! ? 1 : 0));
}

/** the 0.8 quantile of the values within ±half (lumen.ts's healthy centre level) */
function upperLevel(v: Float64Array, half: number): Float64Array {
  return v.map((_, k) => {
    const w = v.slice(Math.max(0, k - half), Math.min(v.length, k + half + 1)).filter((x) => Number.isFinite(x)).sort();
    return w.length ? w[Math.floor(0.8 * (w.length - 1))]! : NaN;
  });
}

function countFinite(v: Float64Array): number {
  let n = 0;
  for (let q = 0; q < v.length; q++) if (Number.isFinite(v[q]!)) n++;
  return n;
}

/** the lumen's step above its neighbour must exceed this to be an edge, HU: the rays' own no-contrast bound */
const MIN_STEP_HU = 60;
/**
 * the layer a lumen meets is soft tissue (TISSUE_HU) unless the image shows otherwise: a prior of 5 samples
 * (0.5 mm of ray), less than any layer thicker than the blur shows of its own level
 */
const WALL_PRIOR: LevelPriors = { wallHu: TISSUE_HU, wallWeight: 5, lumenHu: 0, lumenWeight: 0 };
/** falls used to fit the vessel's σ: enough for the noise to average out, few enough to stay fast */
const SIGMA_RAYS = 320;

/**
 * the window of a plain fall: 1.2 mm inside its first edge (the lumen plateau) to its valley (beyond, the profile
 * rises toward something else), at most 2 mm out; null when the valley is within 0.3 mm of the edge (the fall's
 * outer half is not in view)
 */
function fallWindow(sec: Section, q: number, dr: number, M: number): [number, number] | null {
  const r0 = sec.radiiMm[q]!, valley = sec.valleyMm[q]!;
  if (!(valley >= r0 + 0.3)) return null;
  return [Math.max(0, Math.round((r0 - 1.2) / dr)), Math.min(M, Math.round(Math.min(r0 + 2, valley) / dr))];
}

/**
 * The vessel's σ from its plain falls (an even spread of at most SIGMA_RAYS of them) and its disk table; null if too few.
 * Faded sections (fadedSections) are left out of the σ: a lumen narrower than the blur, or none (plaque to wall to fat
 * in an occlusion), is not the lumen disk at its level the model fits, and a long occlusion's falls widened the σ and
 * with it every edge of the vessel.
 */
function fallModel(secs: readonly Section[], o: RayOptions, profs: readonly Float64Array[], faded: Uint8Array): { table: DiskTable; scratch: FitScratch } | null {
  const M = Math.round(o.rMaxMm / o.drMm);
  const all: FallRay[] = [];
  secs.forEach((sec, k) => {
    if (!sec.fallEdge || faded[k] === 1) return;
    for (let q = 0; q < o.rays; q++) {
      if (!sec.fallEdge[q] || !(sec.radiiMm[q]! > 0)) continue;
      const win = fallWindow(sec, q, o.drMm, M);
      if (!win) continue;
      const [m0, m1] = win;
      all.push({ prof: profs[k]!, base: q * (M + 1), m0, m1, r0Mm: sec.radiiMm[q]! });
    }
  });
  const stride = Math.max(1, Math.floor(all.length / SIGMA_RAYS));
  // an odd stride off the ray count, so that the chosen falls turn around the sections
  const pick = all.filter((_, k) => k % (stride | 1) === 0);
  const sigma = jointFallSigmaMm(pick, o.drMm, M + 1, MIN_STEP_HU, WALL_PRIOR);
  if (!Number.isFinite(sigma)) return null;
  const maxR = Math.max(...all.map((r) => r.r0Mm)) + 2.5;
  const table = diskTable(sigma, o.drMm, M + 1, Math.min(maxR, o.rMaxMm + 2.5));
  return { table, scratch: fitScratch(table) };
}
