/**
 * Edge corrections for the blur, measured on the vessel itself: plain falls by the curvature shift and the two-step
 * fit of a wide fall, or by the blurred lumen-disk model (lumen-disk.ts);
 * rays that meet calcium by the calcium shell fit; calcium under the rays' threshold by the hidden calcium fit.
 */
import { TISSUE_HU, type RayOptions, type Section } from './rays.ts';
import { blurredDisk } from './disk-blur.ts';
import { ringShellEdges } from './calcium-shell.ts';
import { hiddenCalciumEdges } from './calcium-hidden.ts';
import { diskTable, fitRay, fitScratch, jointFallSigmaMm, type DiskTable, type FallRay, type FitScratch, type LevelPriors } from './lumen-disk.ts';

/**
 * Edges of plain falls and calcified rays, with the blur measured on the vessel itself.
 * - Plain falls (lumen → wall or plaque → what lies beyond), with `diskEdges`: the forward model of lumen-disk.ts
 *   with the vessel's σ fitted jointly over its plain falls. Otherwise (or where too few falls hold a σ) the steepest
 *   point corrected for a blurred disk's curvature (steepest at r ≈ a − σ²/(2a), a ≳ 2σ) with the median edge
 *   width, and a fall much wider than that as two blurred steps.
 * - With `ringShell`, calcified rays of a section whose calcium bounds at least half its rays (a ring, whose bloom reaches the lumen from
 *   every side): the shell fit with the lumen's level known (calcium-shell.ts), the blood level and σ those of the
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
export function correctBlur(secs: Section[], o: RayOptions, profs?: readonly Float64Array[], opts: { readonly stepMm?: number; readonly diskEdges?: boolean; readonly ringShell?: boolean; readonly hiddenCalcium?: boolean; readonly noiseSdHu?: number } = {}): DiskModel | null {
  const rays = o.rays, M = Math.round(o.rMaxMm / o.drMm);
  const sig = Float64Array.from(secs, (x) => x.edgeSigmaMm ?? NaN).filter((v) => Number.isFinite(v)).sort();
  if (sig.length < 8) return null;
  const sigma = sig[sig.length >> 1]!;
  const isRing = (sec: Section): boolean => sec.calcified.reduce((a, c) => a + c, 0) >= RING_FRACTION * rays;
  const rings = opts.ringShell === true && profs !== undefined && secs.some(isRing);
  const hidden = opts.hiddenCalcium === true && Number.isFinite(opts.noiseSdHu ?? NaN);
  const disk = profs && (opts.diskEdges || rings || hidden) ? fallModel(secs, o, profs) : null;
  const level = disk && (rings || hidden) ? fallLevels(secs, o, profs!, disk, opts.stepMm ?? 0.25) : null;
  const falls = disk && opts.diskEdges ? fitFalls(secs, o, profs!, disk, opts.stepMm ?? 0.25) : null;
  const fitted = falls?.fitted ?? new Set<number>();
  const shellDisks = new ShellDisks(sigma, o.drMm, M);
  const steps = new TwoStepScratch(sigma);
  for (let k = 0; k < secs.length; k++) {
    const sec = secs[k]!;
    if (!sec.fallEdge) continue;
    const ringL = level && isRing(sec) && Number.isFinite(level[k]!) ? level[k]! : NaN;
    if (Number.isFinite(ringL)) ringShellEdges(sec, profs![k]!, o, disk!.table.sigmaMm, ringL);
    for (let q = 0; q < rays; q++) {
      const r = sec.radiiMm[q]!;
      if (sec.calcified[q] && profs && r >= 0) {
        if (!Number.isFinite(ringL)) sec.radiiMm[q] = calciumShellEdge(profs[k]!, q * (M + 1), o.drMm, M, sec.valleyMm[q]!, sigma, r, shellDisks);
        continue;
      }
      if (fitted.has(k * rays + q) || !sec.fallEdge[q] || !(r > 0)) continue;
      // a fall much wider than the image blur is lumen → plaque layer → fat: its steepest point already lies
      // outside the lumen edge
      if (!((sec.edgeSigmasMm?.[q] ?? NaN) <= WIDE_FALL * sigma)) {
        if (profs) sec.radiiMm[q] = twoStepEdge(profs[k]!, q * (M + 1), o.drMm, sec.lumenHu, sec.valleyHu[q]!, sec.valleyMm[q]!, sigma, r, steps);
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
function fitFalls(secs: Section[], o: RayOptions, profs: readonly Float64Array[], disk: { table: DiskTable; scratch: FitScratch }, stepMm: number): { fitted: Set<number>; wideLevel: Float64Array } {
  const rays = o.rays, M = Math.round(o.rMaxMm / o.drMm), dr = o.drMm, sigma = disk.table.sigmaMm;
  const half = Math.max(4, Math.round(LEVEL_WINDOW_MM / (stepMm || 0.25)));
  const centreLevel = upperLevel(Float64Array.from(secs, (x) => x.lumenHu), half);
  // a faded centre (below the centres of the vessel nearby, as lumen.ts judges it): the lumen's area is its
  // partial-volume integral (lumen-faded.ts), whose window the first edges set; those keep them. Beside calcium
  // the rays' plain falls end in bloom: those keep theirs too (the calcium shell fit measures that section).
  const skip = secs.map((sec, k) => !sec.fallEdge || sec.lumenHu < FADED_LEVEL * centreLevel[k]! || sec.calcified.some((c) => c === 1));
  const first = secs.map((sec, k) => {
    const a = new Float64Array(rays).fill(NaN), lev = new Float64Array(rays).fill(NaN);
    if (skip[k] || !sec.fallEdge) return { a, lev };
    for (let q = 0; q < rays; q++) {
      const r = sec.radiiMm[q]!;
      if (!sec.fallEdge[q] || !(r > 0)) continue;
      const win = fallWindow(sec, q, dr, M);
      const f = win ? fitRay(profs[k]!, q * (M + 1), win[0], win[1], r, disk.table, disk.scratch, MIN_STEP_HU, WALL_PRIOR) : null;
      if (f) { a[q] = f.aMm; lev[q] = f.lumenHu; }
    }
    return { a, lev };
  });
  const wideLevel = Float64Array.from(first, (x) => { const a = median(x.a); return a >= 2 * sigma && countFinite(x.a) >= rays / 2 ? median(x.lev) : NaN; });
  const fitted = new Set<number>();
  secs.forEach((sec, k) => {
    const { a } = first[k]!;
    const level = median(wideLevel.subarray(Math.max(0, k - half), Math.min(secs.length, k + half + 1)));
    if (skip[k]) return;
    const small = !(median(a) >= 2 * sigma);
    // without wide sections nearby, the section's own level: the median of its falls' (32 rays share one lumen)
    const prior = Number.isFinite(level) ? level : median(first[k]!.lev);
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
 */
function fallLevels(secs: readonly Section[], o: RayOptions, profs: readonly Float64Array[], disk: { table: DiskTable; scratch: FitScratch }, stepMm: number): Float64Array {
  const rays = o.rays, M = Math.round(o.rMaxMm / o.drMm), dr = o.drMm;
  const own = secs.map((sec, k) => {
    if (!sec.fallEdge || sec.calcified.some((c) => c === 1)) return NaN;
    const lev: number[] = [];
    for (let q = 0; q < rays; q += 2) {
      if (!sec.fallEdge[q] || !(sec.radiiMm[q]! > 0)) continue;
      const win = fallWindow(sec, q, dr, M);
      const f = win ? fitRay(profs[k]!, q * (M + 1), win[0], win[1], sec.radiiMm[q]!, disk.table, disk.scratch, MIN_STEP_HU, WALL_PRIOR) : null;
      if (f) lev.push(f.lumenHu);
    }
    return lev.length >= rays / 8 ? median(Float64Array.from(lev)) : NaN;
  });
  const half = Math.max(4, Math.round(LEVEL_WINDOW_MM / (stepMm || 0.25)));
  const ownArr = Float64Array.from(own);
  return Float64Array.from(secs, (_, k) => median(ownArr.subarray(Math.max(0, k - half), Math.min(secs.length, k + half + 1))));
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

/** median of the finite values (NaN when none) */
function median(v: Float64Array): number {
  const f = Float64Array.from(v).filter((x) => Number.isFinite(x)).sort();
  return f.length ? (f.length % 2 ? f[f.length >> 1]! : 0.5 * (f[(f.length >> 1) - 1]! + f[f.length >> 1]!)) : NaN;
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

/** The vessel's σ from its plain falls (an even spread of at most SIGMA_RAYS of them) and its disk table; null if too few. */
function fallModel(secs: readonly Section[], o: RayOptions, profs: readonly Float64Array[]): { table: DiskTable; scratch: FitScratch } | null {
  const M = Math.round(o.rMaxMm / o.drMm);
  const all: FallRay[] = [];
  secs.forEach((sec, k) => {
    if (!sec.fallEdge) return;
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

/** standard normal CDF (Abramowitz–Stegun 7.1.26 erf, |error| < 1.5e-7) */
function phi(x: number): number {
  const z = Math.abs(x) / Math.SQRT2, t = 1 / (1 + 0.3275911 * z);
  const e = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + e) : 0.5 * (1 - e);
}

/**
 * A fall wider than the blur: lumen (L) → a layer of unknown level P (plaque) → valley (F), two steps at a ≤ b
 * blurred by the measured σ. Least squares over a grid of (a every 0.05 mm, b every 0.1 mm), P solved in
 * closed form within [F, L];
 * returns the lumen edge a (the steepest point `r0` when nothing fits better).
 */
function twoStepEdge(prof: Float64Array, base: number, dr: number, L: number, F: number, valleyMm: number, sigma: number, r0: number, scratch?: TwoStepScratch): number {
  const m0 = Math.max(0, Math.round((r0 - 0.9) / dr)), m1 = Math.round(Math.min(valleyMm, r0 + 1.3) / dr);
  if (!(L - F > 60) || m1 - m0 < 6) return r0;
  // Φ((x − r)/σ) on the 0.05 mm grid of x − r (a, b step 0.05 mm; samples every dr, a multiple of it)
  const h = 0.05, step = Math.round(dr / h);
  if (Math.abs(step * h - dr) > 1e-9) return r0;
  const { K, tab } = scratch && scratch.sigma === sigma ? scratch.cdf : cdfTable(sigma, h);
  const ia0 = Math.max(1, Math.round((r0 - 0.7) / h)), ia1 = Math.round((r0 + 0.05) / h), ibSpan = Math.round(1.2 / h);
  // per step position k (a or b) and sample m: Φ, L·Φ and F·(1 − Φ), each computed once rather than once per (a, b)
  const nm = m1 - m0 + 1, rows = ia1 + ibSpan - ia0 + 1;
  const { phi: ph, lPhi, fTail } = (scratch ?? new TwoStepScratch(sigma)).rows(rows * nm);
  for (let k = ia0; k <= ia1 + ibSpan; k++) {
    const row = (k - ia0) * nm;
    for (let m = m0; m <= m1; m++) {
      const kk = k - m * step, v = kk <= -K ? 0 : kk >= K ? 1 : tab[kk + K]!;
      ph[row + m - m0] = v; lPhi[row + m - m0] = L * v; fTail[row + m - m0] = F * (1 - v);
    }
  }
  let best = Infinity, bestA = r0;
  for (let ia = ia0; ia <= ia1; ia++) {
    const ra = (ia - ia0) * nm;
    // b and the next b at once, each with its own sums (in the same order as one at a time): A and the sample read once
    let ib = ia;
    for (; ib + 2 <= ia + ibSpan; ib += 4) {
      const rb = (ib - ia0) * nm, rc = rb + 2 * nm;
      let syy = 0, syd = 0, sdd = 0, zyy = 0, zyd = 0, zdd = 0;
      for (let j = 0; j < nm; j++) {
        const A = ph[ra + j]!, B = ph[rb + j]!, C = ph[rc + j]!, p = prof[base + m0 + j]!, la = lPhi[ra + j]!;
        const y = p - fTail[rb + j]! - la, dd = B - A;
        const z = p - fTail[rc + j]! - la, de = C - A;
        syy += y * y; syd += y * dd; sdd += dd * dd;
        zyy += z * z; zyd += z * de; zdd += de * de;
      }
      const sse = twoStepSse(L, F, syy, syd, sdd);
      if (sse < best) { best = sse; bestA = ia * h; }
      const sse2 = twoStepSse(L, F, zyy, zyd, zdd);
      if (sse2 < best) { best = sse2; bestA = ia * h; }
    }
    if (ib <= ia + ibSpan) {
      const rb = (ib - ia0) * nm;
      let syy = 0, syd = 0, sdd = 0;
      for (let j = 0; j < nm; j++) {
        const A = ph[ra + j]!, B = ph[rb + j]!;
        const y = prof[base + m0 + j]! - fTail[rb + j]! - lPhi[ra + j]!, dd = B - A;
        syy += y * y; syd += y * dd; sdd += dd * dd;
      }
      const sse = twoStepSse(L, F, syy, syd, sdd);
      if (sse < best) { best = sse; bestA = ia * h; }
    }
  }
  return bestA;
}

/** the two-step fit's residual with the layer level P solved in closed form within [F, L] */
function twoStepSse(L: number, F: number, syy: number, syd: number, sdd: number): number {
  const P = Math.min(L, Math.max(F, sdd > 1e-9 ? syd / sdd : F));
  return syy - 2 * P * syd + P * P * sdd;
}

/** The two-step fit's Φ table (one per vessel σ) and its per-ray rows, reused from ray to ray. */
class TwoStepScratch {
  readonly cdf: { K: number; tab: Float64Array };
  private buf = { phi: new Float64Array(0), lPhi: new Float64Array(0), fTail: new Float64Array(0) };
  constructor(readonly sigma: number) { this.cdf = cdfTable(sigma, 0.05); }
  rows(n: number): { phi: Float64Array; lPhi: Float64Array; fTail: Float64Array } {
    if (this.buf.phi.length < n) this.buf = { phi: new Float64Array(n), lPhi: new Float64Array(n), fTail: new Float64Array(n) };
    return this.buf;
  }
}

/**
 * A ray that meets calcium: lumen (level L, a disk of radius a about the ray's origin) → calcium (C) from a to b → what
 * lies beyond (W), blurred in the plane by the measured σ (blurredDisk: the 2-D blur of a disk read at distance r),
 * fitted by least squares over a grid of (a, b) every 0.05 mm, L, C, W in closed form. The 2-D blur is what lifts the
 * centre of a lumen ringed by calcium: the ring's bloom reaches it from every side, which a step blurred along the ray
 * alone cannot explain. A calcium shell thinner than the blur blooms into a low, wide bump whose rise starts well
 * inside the lumen; the fitted a is its inner edge whatever its thickness. The search runs from the half-maximum edge
 * r0 (a blurred shell rises before its inner edge, never after it) to the peak. Returns r0 when the fit does not see
 * calcium brighter than the lumen and what lies beyond.
 */
export function calciumShellEdge(prof: Float64Array, base: number, dr: number, M: number, peakMm: number, sigma: number, r0: number, disks?: ShellDisks): number {
  const h = SHELL_GRID_MM;
  if (!(peakMm > 0) || !(sigma > 0)) return r0;
  const m0 = Math.max(0, Math.round((Math.min(r0, peakMm) - 1.0) / dr)), m1 = Math.min(M, Math.round((peakMm + Math.max(1.0, 3 * sigma)) / dr));
  const nm = m1 - m0 + 1;
  if (nm < 9) return r0;
  const ia0 = Math.max(0, Math.round(Math.min(r0, peakMm) / h)), ia1 = Math.round(peakMm / h), ibMax = Math.round((peakMm + 1.5) / h);
  const tables = disks && disks.sigma === sigma && disks.dr === dr && disks.M === M ? disks : new ShellDisks(sigma, dr, M);
  let best = Infinity, bestA = r0;
  for (let s = 0; s < SHELL_SIGMA_FACTORS.length; s++) {
    const fit = shellFit(prof, base + m0, m0, nm, tables.table(s, ibMax), M + 1, ia0, ia1, Math.round(peakMm / h), ibMax);
    if (fit.sse < best) { best = fit.sse; bestA = fit.ia * h; }
  }
  return best < Infinity ? bestA : r0;
}

/** the calcium shell fit's grid of radii, mm */
const SHELL_GRID_MM = 0.05;

/**
 * The blurred-disk fractions D(r_m; k·h) the calcium shell fit reads, per σ factor, for every sample m of a ray
 * (0…M) and every radius k·h: one vessel's calcified rays share its σ, so each value is computed once per vessel
 * rather than once per ray. Rows of k are filled as the rays ask for them.
 */
export class ShellDisks {
  private readonly rows: Float64Array[];
  private readonly filled: number[];
  constructor(readonly sigma: number, readonly dr: number, readonly M: number) {
    this.rows = SHELL_SIGMA_FACTORS.map(() => new Float64Array(0));
    this.filled = SHELL_SIGMA_FACTORS.map(() => 0);
  }
  /** the table of σ factor `s`, rows k = 0…kMax of M + 1 samples each */
  table(s: number, kMax: number): Float64Array {
    const S = this.M + 1;
    if (this.filled[s]! > kMax) return this.rows[s]!;
    const sg = SHELL_SIGMA_FACTORS[s]! * this.sigma;
    const t = new Float64Array((kMax + 1) * S);
    t.set(this.rows[s]!);
    for (let k = this.filled[s]!; k <= kMax; k++) for (let m = 0; m < S; m++) t[k * S + m] = blurredDisk((m * this.dr) / sg, (k * SHELL_GRID_MM) / sg);
    this.rows[s] = t; this.filled[s] = kMax + 1;
    return t;
  }
}

/**
 * The blur on a calcified ray, as factors of the vessel's σ (measured on its plain lumen edges): the calcium's outer
 * flank is a step of ≈ 1000 HU whose width is the blur itself, so the fit settles σ there, while the lumen edges of a
 * small vessel read it narrow (a faded plateau makes a low step over a steep slope).
 */
const SHELL_SIGMA_FACTORS = [1, 1.15, 1.3];

/**
 * least squares of y ≈ L·Da + C·(Db − Da) + W·(1 − Db) over the (a, b) grid; the best SSE and its a (grid index).
 * `disk` rows of `S` samples; the ray's nm samples start at sample m0 of a row. The sums that depend on a alone or
 * b alone are accumulated once per a or b (in the same order as every other sum, over m).
 */
function shellFit(prof: Float64Array, at: number, m0: number, nm: number, disk: Float64Array, S: number, ia0: number, ia1: number, ibPeak: number, ibMax: number): { sse: number; ia: number } {
  let yy = 0;
  for (let m = 0; m < nm; m++) { const y = prof[at + m]!; yy += y * y; }
  const ibFrom = Math.min(ia0 + 1, ibPeak), nb = ibMax - ibFrom + 1;
  const s33b = new Float64Array(nb), t3b = new Float64Array(nb);
  for (let ib = ibFrom; ib <= ibMax; ib++) {
    let s33 = 0, t3 = 0;
    for (let m = 0; m < nm; m++) { const f3 = 1 - disk[ib * S + m0 + m]!, y = prof[at + m]!; s33 += f3 * f3; t3 += f3 * y; }
    s33b[ib - ibFrom] = s33; t3b[ib - ibFrom] = t3;
  }
  let best = Infinity, bestIa = -1;
  for (let ia = ia0; ia <= ia1; ia++) {
    const ra = ia * S + m0;
    let s11 = 0, t1 = 0;
    for (let m = 0; m < nm; m++) { const f1 = disk[ra + m]!, y = prof[at + m]!; s11 += f1 * f1; t1 += f1 * y; }
    // two b at once (each with its own sums, in the same order as one at a time): Da and y read once for both
    let ib = Math.max(ia + 1, ibPeak);
    for (; ib + 1 <= ibMax; ib += 2) {
      const rb = ib * S + m0, rc = rb + S;
      let s12 = 0, s13 = 0, s22 = 0, s23 = 0, t2 = 0, u12 = 0, u13 = 0, u22 = 0, u23 = 0, v2 = 0;
      for (let m = 0; m < nm; m++) {
        const Da = disk[ra + m]!, Db = disk[rb + m]!, Dc = disk[rc + m]!, y = prof[at + m]!;
        const f1 = Da, f2 = Db - Da, f3 = 1 - Db, g2 = Dc - Da, g3 = 1 - Dc;
        s12 += f1 * f2; s13 += f1 * f3; s22 += f2 * f2; s23 += f2 * f3; t2 += f2 * y;
        u12 += f1 * g2; u13 += f1 * g3; u22 += g2 * g2; u23 += g2 * g3; v2 += g2 * y;
      }
      const k = ib - ibFrom;
      const sse = shellSse(yy, s11, s12, s13, s22, s23, s33b[k]!, t1, t2, t3b[k]!);
      if (sse < best) { best = sse; bestIa = ia; }
      const sse2 = shellSse(yy, s11, u12, u13, u22, u23, s33b[k + 1]!, t1, v2, t3b[k + 1]!);
      if (sse2 < best) { best = sse2; bestIa = ia; }
    }
    if (ib <= ibMax) {
      const rb = ib * S + m0;
      let s12 = 0, s13 = 0, s22 = 0, s23 = 0, t2 = 0;
      for (let m = 0; m < nm; m++) {
        const Da = disk[ra + m]!, Db = disk[rb + m]!, y = prof[at + m]!;
        const f1 = Da, f2 = Db - Da, f3 = 1 - Db;
        s12 += f1 * f2; s13 += f1 * f3; s22 += f2 * f2; s23 += f2 * f3; t2 += f2 * y;
      }
      const sse = shellSse(yy, s11, s12, s13, s22, s23, s33b[ib - ibFrom]!, t1, t2, t3b[ib - ibFrom]!);
      if (sse < best) { best = sse; bestIa = ia; }
    }
  }
  return { sse: best, ia: bestIa };
}

/**
 * The residual of the shell fit's least squares (normal equations solved by Cramer's rule), Infinity when the system
 * is singular or the calcium level is not above both the lumen's and what lies beyond (no allocation: it runs for
 * every (a, b) of every calcified ray).
 */
function shellSse(yy: number, a: number, b: number, c: number, d: number, e: number, f: number, y1: number, y2: number, y3: number): number {
  const det = a * (d * f - e * e) - b * (b * f - e * c) + c * (b * e - d * c);
  if (!(Math.abs(det) > 1e-12)) return Infinity;
  const x1 = (y1 * (d * f - e * e) - b * (y2 * f - e * y3) + c * (y2 * e - d * y3)) / det;
  const x2 = (a * (y2 * f - e * y3) - y1 * (b * f - e * c) + c * (b * y3 - y2 * c)) / det;
  const x3 = (a * (d * y3 - y2 * e) - b * (b * y3 - y2 * c) + y1 * (b * e - d * c)) / det;
  if (!(x2 > x1) || !(x2 > x3)) return Infinity;
  return yy - 2 * (x1 * y1 + x2 * y2 + x3 * y3) + (x1 * x1 * a + x2 * x2 * d + x3 * x3 * f + 2 * (x1 * x2 * b + x1 * x3 * c + x2 * x3 * e));
}

/** Φ(x/σ) on the grid x = k·h, |k| ≤ K (K covers ±4σ): the blurred steps of both edge fits read it by index. */
function cdfTable(sigma: number, h: number): { K: number; tab: Float64Array } {
  const K = Math.ceil(4 * sigma / h) + 1;
  const tab = new Float64Array(2 * K + 1);
  for (let k = -K; k <= K; k++) tab[k + K] = phi((k * h) / sigma);
  return { K, tab };
}
