/**
 * Edge fits of one ray with the blur known: a fall wider than the blur as two blurred steps (lumen → plaque layer →
 * what lies beyond), and a lumen edge under calcium by the calcium shell fit (lumen → calcium shell → beyond).
 * Least squares over grids of edge positions with the levels solved in closed form; scratch tables built once per
 * vessel are passed in by the caller (lumen-blur.ts).
 */
import { blurredDisk } from './disk-blur.ts';

/** standard normal CDF (Abramowitz–Stegun 7.1.26 erf, |error| < 1.5e-7) */
function phi(x: number): number {
  const z = Math.abs(x) / Math.SQRT2, t = 1 / (1 + 0.3275911 * z);
  const e = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + e) : 0.5 * (1 - e);
}

/**
 * The grid searches of both fits in another kernel (edge-fits-wasm.ts): the same sums in the same order, so the same
 * residuals and the same best grid point as the TypeScript loops below.
 */
export interface EdgeFitKernel {
  /** twoStepEdge's search over the ray's nm samples from prof[at] (sample m0 on): the best ia, −1 when none */
  twoStep(prof: Float64Array, at: number, nm: number, m0: number, step: number, cdf: { readonly K: number; readonly tab: Float64Array }, ia0: number, ia1: number, ibSpan: number, L: number, F: number): number;
  /** shellFit's search with the blurred-disk rows of `disk` (S samples each) */
  shell(prof: Float64Array, at: number, nm: number, disk: Float64Array, S: number, m0: number, ia0: number, ia1: number, ibPeak: number, ibMax: number): { sse: number; ia: number };
}

/**
 * A fall wider than the blur: lumen (L) → a layer of unknown level P (plaque) → valley (F), two steps at a ≤ b
 * blurred by the measured σ. Least squares over a grid of (a every 0.05 mm, b every 0.1 mm), P solved in
 * closed form within [F, L];
 * returns the lumen edge a (the steepest point `r0` when nothing fits better).
 */
export function twoStepEdge(prof: Float64Array, base: number, dr: number, L: number, F: number, valleyMm: number, sigma: number, r0: number, scratch?: TwoStepScratch, kernel?: EdgeFitKernel): number {
  const m0 = Math.max(0, Math.round((r0 - 0.9) / dr)), m1 = Math.round(Math.min(valleyMm, r0 + 1.3) / dr);
  if (!(L - F > 60) || m1 - m0 < 6) return r0;
  // Φ((x − r)/σ) on the 0.05 mm grid of x − r (a, b step 0.05 mm; samples every dr, a multiple of it)
  const h = 0.05, step = Math.round(dr / h);
  if (Math.abs(step * h - dr) > 1e-9) return r0;
  const { K, tab } = scratch && scratch.sigma === sigma ? scratch.cdf : cdfTable(sigma, h);
  const ia0 = Math.max(1, Math.round((r0 - 0.7) / h)), ia1 = Math.round((r0 + 0.05) / h), ibSpan = Math.round(1.2 / h);
  if (kernel) {
    const ia = kernel.twoStep(prof, base + m0, m1 - m0 + 1, m0, step, { K, tab }, ia0, ia1, ibSpan, L, F);
    return ia >= 0 ? ia * h : r0;
  }
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
export class TwoStepScratch {
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
export function calciumShellEdge(prof: Float64Array, base: number, dr: number, M: number, peakMm: number, sigma: number, r0: number, disks?: ShellDisks, kernel?: EdgeFitKernel): number {
  const h = SHELL_GRID_MM;
  if (!(peakMm > 0) || !(sigma > 0)) return r0;
  const m0 = Math.max(0, Math.round((Math.min(r0, peakMm) - 1.0) / dr)), m1 = Math.min(M, Math.round((peakMm + Math.max(1.0, 3 * sigma)) / dr));
  const nm = m1 - m0 + 1;
  if (nm < 9) return r0;
  const ia0 = Math.max(0, Math.round(Math.min(r0, peakMm) / h)), ia1 = Math.round(peakMm / h), ibMax = Math.round((peakMm + 1.5) / h);
  const tables = disks && disks.sigma === sigma && disks.dr === dr && disks.M === M ? disks : new ShellDisks(sigma, dr, M);
  let best = Infinity, bestA = r0;
  for (let s = 0; s < SHELL_SIGMA_FACTORS.length; s++) {
    const disk = tables.table(s, ibMax), ibPeak = Math.round(peakMm / h);
    const fit = kernel ? kernel.shell(prof, base + m0, nm, disk, M + 1, m0, ia0, ia1, ibPeak, ibMax) : shellFit(prof, base + m0, m0, nm, disk, M + 1, ia0, ia1, ibPeak, ibMax);
    if (fit.sse < best) { best = fit.sse; bestA = fit.ia * h; }
  }
  return best < Infinity ? bestA : r0;
}

/** the calcium shell fit's grid of radii, mm */
const SHELL_GRID_MM = 0.05;
/** rows a disk table fills beyond the one asked for: 1 mm of radius */
const SHELL_ROWS_AHEAD = 20;

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
    // rows beyond the one asked for (1 mm of radius more): the table grows, and is copied, a few times per vessel only
    const kTo = kMax + SHELL_ROWS_AHEAD;
    const t = new Float64Array((kTo + 1) * S);
    t.set(this.rows[s]!);
    for (let k = this.filled[s]!; k <= kTo; k++) for (let m = 0; m < S; m++) t[k * S + m] = blurredDisk((m * this.dr) / sg, (k * SHELL_GRID_MM) / sg);
    this.rows[s] = t; this.filled[s] = kTo + 1;
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
