/**
 * Forward model of one lumen cross-section, fitted by least squares: the image on a square grid in the section
 * plane is explained as
 *   lumen (a disk of radius a at (u, v), at the healthy lumen level L measured nearby)
 * + vessel wall and plaque (a disk of radius Ro at (uo, vo), one level P)
 * + calcium (the pixels above a threshold t, one level C: blooming is the blur of that core, not a missing lumen)
 * + surroundings (a level plus a gradient),
 * each blurred by the point spread σ measured on this image (the vessel's own edges). Linear levels are solved in
 * closed form; a, u, v, Ro and t are searched. The lumen is what the model needs beyond the no-lumen model: its
 * detection is that drop in squared residual counted in noise cells (noise is coloured by the same blur), and
 * the fit's residual SD against the measured noise says whether the model holds.
 * Grids: (u, v) mm = ((i − K)·h, (j − K)·h), value [j·(2K+1) + i], as pinhole.ts samples them.
 */
import { blurredDisk } from './disk-blur.ts';

export interface FitGrid {
  readonly data: Float64Array;
  readonly K: number;
  readonly stepMm: number;
}

export interface SectionFitOptions {
  /** in-plane Gaussian blur SD measured on the image, mm */
  readonly sigmaMm: number;
  /** healthy lumen level nearby, HU */
  readonly lumenHu: number;
  /** starting lumen (the ray analysis) */
  readonly init: { readonly u: number; readonly v: number; readonly radiusMm: number };
  /** starting outer wall circle (the ray analysis) */
  readonly outer: { readonly u: number; readonly v: number; readonly radiusMm: number };
  /** calcium: pixels brighter than this can only be calcium (above the lumen level by the noise, and ≥ 350 HU) */
  readonly calciumMinHu: number;
  /** image noise SD measured on the data, HU */
  readonly noiseSdHu: number;
}

export interface SectionFit {
  readonly u: number;
  readonly v: number;
  readonly radiusMm: number;
  readonly areaMm2: number;
  readonly plaqueHu: number;
  /** fitted calcium level and core area (0 when no calcium) */
  readonly calciumHu: number;
  readonly calciumAreaMm2: number;
  readonly outerRadiusMm: number;
  /** residual SD of the best model over the fit window, HU */
  readonly residualSdHu: number;
  /**
   * the lumen's contrast over plaque with its level left free, squared, over its variance (noise from the fit's
   * residual, inflated by the noise cells the blur correlates): a z² of the lumen being there
   */
  readonly detection: number;
  /** drop of squared residual from the best no-lumen model, in noise cells */
  readonly noLumenExcess: number;
}

/**
 * plaque and vessel wall: non-calcified plaque reads −30 to ≈ 150 HU (low-attenuation < 30, fibrous 121 ± 34 HU,
 * Pohle 2007), fat −100: a fitted level above 200 HU is lumen or calcium the model put in the wrong component
 */
const PLAQUE_MIN_HU = -120;
const PLAQUE_MAX_HU = 200;
/** deconvolution steps of the calcium core per round */
const CORE_STEPS = 4;
/** plaque and surroundings before the first fit: a typical non-calcified plaque / wall level (refined by the fit) */
const INITIAL_PLAQUE_HU = 50;
/** the fit window reaches this far beyond the starting outer wall (the surroundings' level and gradient), mm */
const WINDOW_BEYOND_MM = 0.9;

/** Separable Gaussian blur (SD sigmaPx pixels) of a W × W map, edges replicated. */
function blur2d(src: Float64Array, W: number, sigmaPx: number): Float64Array {
  const R = Math.max(1, Math.ceil(3 * sigmaPx));
  const k = new Float64Array(2 * R + 1);
  let s = 0;
  for (let d = -R; d <= R; d++) { k[d + R] = Math.exp(-(d * d) / (2 * sigmaPx * sigmaPx)); s += k[d + R]!; }
  for (let d = 0; d < k.length; d++) k[d] = k[d]! / s;
  const tmp = new Float64Array(W * W), out = new Float64Array(W * W);
  for (let j = 0; j < W; j++) for (let i = 0; i < W; i++) {
    let a = 0;
    for (let d = -R; d <= R; d++) a += k[d + R]! * src[j * W + Math.min(W - 1, Math.max(0, i + d))]!;
    tmp[j * W + i] = a;
  }
  for (let j = 0; j < W; j++) for (let i = 0; i < W; i++) {
    let a = 0;
    for (let d = -R; d <= R; d++) a += k[d + R]! * tmp[Math.min(W - 1, Math.max(0, j + d)) * W + i]!;
    out[j * W + i] = a;
  }
  return out;
}

/** n × n system (row-major) by Gaussian elimination with partial pivoting; null when singular. */
export function solveSmall(m: Float64Array, r: Float64Array, n: number): Float64Array | null {
  const a = Float64Array.from(m), b = Float64Array.from(r);
  // a tiny ridge: a column that vanishes over the window (no surroundings in it) leaves its level at 0, not singular
  let tr = 0;
  for (let c = 0; c < n; c++) tr += Math.abs(a[c * n + c]!);
  for (let c = 0; c < n; c++) a[c * n + c] = a[c * n + c]! + 1e-9 * tr;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let row = c + 1; row < n; row++) if (Math.abs(a[row * n + c]!) > Math.abs(a[p * n + c]!)) p = row;
    if (Math.abs(a[p * n + c]!) < 1e-10 * (1 + Math.abs(a[c * n + c]!))) return null;
    if (p !== c) {
      for (let k = 0; k < n; k++) { const t = a[c * n + k]!; a[c * n + k] = a[p * n + k]!; a[p * n + k] = t; }
      const t = b[c]!; b[c] = b[p]!; b[p] = t;
    }
    for (let row = c + 1; row < n; row++) {
      const f = a[row * n + c]! / a[c * n + c]!;
      if (f === 0) continue;
      for (let k = c; k < n; k++) a[row * n + k] = a[row * n + k]! - f * a[c * n + k]!;
      b[row] = b[row]! - f * b[c]!;
    }
  }
  const x = new Float64Array(n);
  for (let row = n - 1; row >= 0; row--) {
    let acc = b[row]!;
    for (let k = row + 1; k < n; k++) acc -= a[row * n + k]! * x[k]!;
    x[row] = acc / a[row * n + row]!;
  }
  return x;
}

/** The blurred calcium core for one threshold, on the window pixels. */
interface Calcium {
  /** the core on the grid (fraction of each pixel), null without calcium */
  readonly map?: Float64Array;
  readonly blurred: Float64Array | null;
  readonly areaMm2: number;
}

/** the model's shape parameters: lumen disk (u, v, a), vessel disk (uo, vo, ro), calcium core */
interface Shape { u: number; v: number; a: number; uo: number; vo: number; ro: number; ca: Calcium }
interface Eval { sse: number; beta: Float64Array | null }

/** Least-squares fit of one section grid (see the file comment). */
export function fitSection(grid: FitGrid, o: SectionFitOptions): SectionFit {
  const { K, stepMm: h } = grid, W = 2 * K + 1, y = grid.data;
  const sig = o.sigmaMm, L = o.lumenHu;
  const win: number[] = [];
  const rw = o.outer.radiusMm + WINDOW_BEYOND_MM;
  for (let j = 0; j < W; j++) for (let i = 0; i < W; i++) if (Math.hypot((i - K) * h - o.outer.u, (j - K) * h - o.outer.v) <= rw) win.push(j * W + i);
  const N = win.length;
  const pu = Float64Array.from(win, (p) => ((p % W) - K) * h), pv = Float64Array.from(win, (p) => (Math.floor(p / W) - K) * h);
  const yw = Float64Array.from(win, (p) => y[p]!);
  const cols = [new Float64Array(N), new Float64Array(N), new Float64Array(N), new Float64Array(N), new Float64Array(N)];
  const cl = new Float64Array(N);
  // the lumen and vessel columns are kept while their own disk does not move (the search moves one at a time)
  let lumKey = '', vesKey = '';
  const [cp, cf, cu, cv, cc] = cols as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
  const ves = new Float64Array(N);
  const evaluate = (sh: Shape): Eval => {
    const { u, v, a, ca } = sh;
    const lk = `${u},${v},${a}`, vk = `${sh.uo},${sh.vo},${sh.ro}`;
    if (vk !== vesKey) {
      vesKey = vk;
      const rs = sh.ro / sig;
      for (let k = 0; k < N; k++) {
        const du = pu[k]! - sh.uo, dv = pv[k]! - sh.vo, b = blurredDisk(Math.sqrt(du * du + dv * dv) / sig, rs);
        ves[k] = b; cf[k] = 1 - b; cu[k] = (1 - b) * du; cv[k] = (1 - b) * dv;
      }
    }
    if (lk !== lumKey) {
      lumKey = lk;
      const as = a / sig;
      for (let k = 0; k < N; k++) {
        const du = pu[k]! - u, dv = pv[k]! - v;
        cl[k] = a > 0 ? blurredDisk(Math.sqrt(du * du + dv * dv) / sig, as) : 0;
      }
    }
    // columns: plaque (vessel disk − lumen), surroundings (1 − vessel) and its gradient, calcium excess
    for (let k = 0; k < N; k++) cp[k] = ves[k]! - cl[k]!;
    if (ca.blurred) cc.set(ca.blurred);
    return solveLevels(yw, cl, L, ca.blurred ? cols : cols.slice(0, 4));
  };
  const reach = o.outer.radiusMm + 0.5;
  // the vessel stays inside the fit window (its surroundings must be seen)
  const roMax = o.outer.radiusMm + 0.5;
  const peaks = localPeaks(y, W, Math.max(1, Math.round((2 * sig) / h)));
  let levels = { P: INITIAL_PLAQUE_HU, F: INITIAL_PLAQUE_HU };
  const core = (sh: Shape): Calcium => calciumCore(y, W, K, h, win, sig, sh, L, levels, peaks, o.calciumMinHu, reach);
  const noCa: Calcium = { blurred: null, areaMm2: 0 };
  /**
   * Projected Landweber steps on the calcium core: the residual blurred back (the blur is its own adjoint) over
   * the calcium level, added to the core, kept in [0, 1], outside the lumen disk and where calcium can be (near a
   * peak above the calcium floor, brighter than the lumen level by the noise).
   */
  const refineCore = (sh0: Shape, ca0: Calcium): Calcium => {
    if (!ca0.map) return ca0;
    let ca = ca0;
    for (let it = 0; it < CORE_STEPS; it++) {
      const e = evaluate({ ...sh0, ca });
      if (!e.beta) break;
      const b = e.beta, amp = b[4]!;
      if (!(amp > 100)) break;
      const r = new Float64Array(W * W);
      for (let k = 0; k < N; k++) r[win[k]!] = yw[k]! - (L * cl[k]! + b[0]! * cp[k]! + b[1]! * cf[k]! + b[2]! * cu[k]! + b[3]! * cv[k]! + amp * ca.blurred![k]!);
      const g = blur2d(r, W, sig / h);
      const m = Float64Array.from(ca.map!);
      let area = 0;
      for (let j = 0; j < W; j++) for (let i = 0; i < W; i++) {
        const p = j * W + i;
        if (!(peaks[p]! > o.calciumMinHu) || !(y[p]! > L + o.noiseSdHu)) { m[p] = 0; continue; }
        const u = (i - K) * h, v = (j - K) * h;
        if (sh0.a > 0 && Math.hypot(u - sh0.u, v - sh0.v) < sh0.a) { m[p] = 0; continue; }
        m[p] = Math.min(1, Math.max(0, m[p]! + (1.5 * g[p]!) / amp));
        area += m[p]!;
      }
      const bl = blur2d(m, W, sig / h);
      ca = { map: m, blurred: Float64Array.from(win, (q) => bl[q]!), areaMm2: area * h * h };
    }
    return ca;
  };
  const base = { uo: o.outer.u, vo: o.outer.v, ro: o.outer.radiusMm, ca: noCa };
  // starts: the ray analysis, a lumen filling the vessel (a healthy section the rays under-read), the brightest
  // point away from calcium (a lumen the rays missed)
  const starts: Shape[] = [
    { u: o.init.u, v: o.init.v, a: Math.max(0.05, o.init.radiusMm), ...base },
    { u: o.outer.u, v: o.outer.v, a: Math.max(0.3, o.outer.radiusMm - 0.6), ...base },
  ];
  const alt = brightestInside(yw, pu, pv, peaks, win, o.calciumMinHu, o.outer.u, o.outer.v, o.outer.radiusMm);
  if (alt) starts.push({ u: alt[0], v: alt[1], a: 0.3, ...base });
  // pixels brighter than half-way from the lumen level to the calcium peak near them are calcium's: the lumen disk
  // holds none of them (blooming brightens the lumen beside calcium, never past that half-way level)
  const forbidden: number[] = [];
  for (let j = 0; j < W; j++) for (let i = 0; i < W; i++) {
    const p = j * W + i;
    if (peaks[p]! > o.calciumMinHu && y[p]! > 0.5 * (peaks[p]! + L)) forbidden.push((i - K) * h, (j - K) * h);
  }
  const clearance = (u: number, v: number): number => {
    let d = Infinity;
    for (let k = 0; k < forbidden.length; k += 2) d = Math.min(d, Math.hypot(forbidden[k]! - u, forbidden[k + 1]! - v));
    return d + 0.5 * h;
  };
  for (const st of starts) st.a = Math.max(0.05, Math.min(st.a, clearance(st.u, st.v) - 0.05));
  // the first start is the fallback: every start can fail to solve (a window without surroundings)
  let best: Shape = { ...starts[0]!, ca: core(starts[0]!) }, bestSse = Infinity;
  for (const st of starts) {
    const sh = search({ ...st, ca: core(st) }, evaluate, 0.3, roMax, clearance);
    const e = evaluate(sh).sse;
    if (e < bestSse) { bestSse = e; best = sh; }
  }
  let sh = best;
  // the calcium core follows the fitted levels and lumen (its edge is the half-maximum against what is beside it),
  // then what the model still misses near it is deconvolved into it
  for (let round = 0; round < 2; round++) {
    const beta = evaluate(sh).beta;
    if (beta) levels = { P: beta[0]!, F: beta[1]! };
    const ca = refineCore(sh, core(sh));
    sh = search({ ...sh, ca }, evaluate, 0.1, roMax, clearance);
  }
  const fit = evaluate(sh);
  // the no-lumen model, with its own vessel circle and calcium core
  let none: Shape = { ...sh, a: 0 };
  none = search({ ...none, ca: core(none) }, evaluate, 0.2, roMax, clearance, true);
  none = search({ ...none, ca: core(none) }, evaluate, 0.1, roMax, clearance, true);
  const sse0 = evaluate(none).sse;
  const cellPx = (4 * Math.PI * sig * sig) / (h * h);
  const noiseVar = Math.max(1e-9, fit.sse / N);
  evaluate(sh);
  // noise correlated over a cell of the blur: a regressor as wide as s_w sums it over s_w²/(s_w² + σ²) of a cell
  const sw2 = sig * sig + sh.a * sh.a;
  const z2 = lumenContrastZ2(yw, sh.ca.blurred ? [cl, ...cols] : [cl, ...cols.slice(0, 4)], (cellPx * sw2) / (sw2 + sig * sig));
  const beta = fit.beta;
  return {
    u: sh.u, v: sh.v, radiusMm: sh.a, areaMm2: Math.PI * sh.a * sh.a,
    plaqueHu: beta ? beta[0]! : NaN, calciumHu: beta && sh.ca.blurred ? beta[0]! + beta[4]! : 0, calciumAreaMm2: sh.ca.areaMm2,
    outerRadiusMm: sh.ro, residualSdHu: Math.sqrt(noiseVar),
    detection: z2, noLumenExcess: Math.max(0, sse0 - fit.sse) / (noiseVar * cellPx),
  };
}

/** Max of the grid over a (2r+1)² square around each pixel (separable). */
function localPeaks(y: Float64Array, W: number, r: number): Float64Array {
  const tmp = new Float64Array(W * W), out = new Float64Array(W * W);
  for (let j = 0; j < W; j++) for (let i = 0; i < W; i++) {
    let m = -Infinity;
    for (let d = Math.max(0, i - r); d <= Math.min(W - 1, i + r); d++) m = Math.max(m, y[j * W + d]!);
    tmp[j * W + i] = m;
  }
  for (let j = 0; j < W; j++) for (let i = 0; i < W; i++) {
    let m = -Infinity;
    for (let d = Math.max(0, j - r); d <= Math.min(W - 1, j + r); d++) m = Math.max(m, tmp[d * W + i]!);
    out[j * W + i] = m;
  }
  return out;
}

/**
 * The calcium core: where calcium is near (its local peak above the calcium floor), a pixel belongs to it in
 * proportion to how far it stands above the half-maximum between that peak and what the model puts beside it
 * (lumen, plaque or surroundings), sub-pixel by the local gradient. A thick calcification's true edge is that
 * half-maximum; a thin one's blurred peak is low and its core comes out wide and faint (its level is fitted).
 */
function calciumCore(
  y: Float64Array, W: number, K: number, h: number, win: number[], sig: number, sh: Shape, L: number,
  levels: { P: number; F: number }, peaks: Float64Array, floorHu: number, reach: number,
): Calcium {
  const m = new Float64Array(W * W);
  let area = 0;
  for (let j = 1; j < W - 1; j++) for (let i = 1; i < W - 1; i++) {
    const p = j * W + i, pk = peaks[p]!;
    if (!(pk > floorHu)) continue;
    const u = (i - K) * h, v = (j - K) * h;
    const dv = Math.sqrt((u - sh.uo) ** 2 + (v - sh.vo) ** 2);
    if (dv > reach) continue;
    const bg = sh.a > 0 && Math.sqrt((u - sh.u) ** 2 + (v - sh.v) ** 2) < sh.a ? L : dv < sh.ro ? levels.P : levels.F;
    const t = 0.5 * (pk + bg);
    const g = 0.5 * Math.hypot(y[p + 1]! - y[p - 1]!, y[p + W]! - y[p - W]!);
    const c = g > 1e-6 ? Math.min(1, Math.max(0, 0.5 + (y[p]! - t) / g)) : y[p]! > t ? 1 : 0;
    m[p] = c; area += c;
  }
  if (area === 0) return { blurred: null, areaMm2: 0 };
  const b = blur2d(m, W, sig / h);
  return { map: m, blurred: Float64Array.from(win, (p) => b[p]!), areaMm2: area * h * h };
}

/**
 * Linear levels for fixed shapes: y − L·lumen = P·plaque + F·surroundings + gradient + (C − P)·calcium, by the
 * normal equations; P outside its physical range is held at the bound and the rest solved again.
 */
function solveLevels(yw: Float64Array, cl: Float64Array, L: number, cols: Float64Array[]): Eval {
  const N = yw.length, n = cols.length, m = new Float64Array(n * n), r = new Float64Array(n);
  // the hot loop of the fit: five columns at most, sums kept in locals (a missing calcium column reads zeros)
  const c0 = cols[0]!, c1 = cols[1]!, c2 = cols[2]!, c3 = cols[3]!, c4 = n > 4 ? cols[4]! : null;
  let yy = 0, r0 = 0, r1 = 0, r2 = 0, r3 = 0, r4 = 0;
  let m00 = 0, m01 = 0, m02 = 0, m03 = 0, m04 = 0, m11 = 0, m12 = 0, m13 = 0, m14 = 0, m22 = 0, m23 = 0, m24 = 0, m33 = 0, m34 = 0, m44 = 0;
  for (let k = 0; k < N; k++) {
    const yk = yw[k]! - L * cl[k]!;
    const x0 = c0[k]!, x1 = c1[k]!, x2 = c2[k]!, x3 = c3[k]!, x4 = c4 ? c4[k]! : 0;
    yy += yk * yk;
    r0 += x0 * yk; r1 += x1 * yk; r2 += x2 * yk; r3 += x3 * yk; r4 += x4 * yk;
    m00 += x0 * x0; m01 += x0 * x1; m02 += x0 * x2; m03 += x0 * x3; m04 += x0 * x4;
    m11 += x1 * x1; m12 += x1 * x2; m13 += x1 * x3; m14 += x1 * x4;
    m22 += x2 * x2; m23 += x2 * x3; m24 += x2 * x4;
    m33 += x3 * x3; m34 += x3 * x4; m44 += x4 * x4;
  }
  const full = [m00, m01, m02, m03, m04, m01, m11, m12, m13, m14, m02, m12, m22, m23, m24, m03, m13, m23, m33, m34, m04, m14, m24, m34, m44];
  for (let q = 0; q < n; q++) for (let s2 = 0; s2 < n; s2++) m[q * n + s2] = full[q * 5 + s2]!;
  const rr = [r0, r1, r2, r3, r4];
  for (let q = 0; q < n; q++) r[q] = rr[q]!;
  const beta = solveSmall(m, r, n);
  if (!beta) return { sse: Infinity, beta: null };
  if (beta[0]! >= PLAQUE_MIN_HU && beta[0]! <= PLAQUE_MAX_HU) {
    let fit = 0;
    for (let q = 0; q < n; q++) fit += beta[q]! * r[q]!;
    return { sse: yy - fit, beta };
  }
  const p = Math.min(PLAQUE_MAX_HU, Math.max(PLAQUE_MIN_HU, beta[0]!)), n1 = n - 1;
  const mb = new Float64Array(n1 * n1), rb = new Float64Array(n1);
  for (let q = 0; q < n1; q++) { rb[q] = r[q + 1]! - p * m[(q + 1) * n]!; for (let s = 0; s < n1; s++) mb[q * n1 + s] = m[(q + 1) * n + s + 1]!; }
  const b1 = solveSmall(mb, rb, n1);
  if (!b1) return { sse: Infinity, beta: null };
  let sse = yy - 2 * p * r[0]! + p * p * m[0]!;
  for (let q = 0; q < n1; q++) sse -= b1[q]! * rb[q]!;
  const out = new Float64Array(n);
  out[0] = p; out.set(b1, 1);
  return { sse, beta: out };
}

/**
 * Pattern search of the disks (lumen centre and radius, vessel centre and radius), steps halving from `first`
 * mm; `noLumen` keeps a = 0.
 */
function search(start: Shape, evaluate: (s: Shape) => Eval, first: number, roMax: number, clearance: (u: number, v: number) => number, noLumen = false): Shape {
  let best = start, bestSse = evaluate(start).sse;
  const ok = (s: Shape): boolean => s.ro > 0.3 && s.ro <= roMax && (noLumen || (s.a >= 0.02 && Math.hypot(s.u - s.uo, s.v - s.vo) + s.a <= s.ro + 0.1 && s.a <= clearance(s.u, s.v)));
  const keys = noLumen ? (['uo', 'vo', 'ro'] as const) : (['u', 'v', 'a', 'uo', 'vo', 'ro'] as const);
  for (let step = first; step >= 0.02; step /= 2) {
    for (let it = 0; it < 8; it++) {
      let moved = false;
      for (const key of keys) for (const sgn of [1, -1]) {
        const s = { ...best, [key]: best[key] + sgn * (key === 'a' || key === 'ro' ? 0.6 : 1) * step };
        if (!ok(s)) continue;
        const e = evaluate(s).sse;
        if (e < bestSse) { bestSse = e; best = s; moved = true; }
      }
      if (!moved) break;
    }
  }
  return best;
}

/** The brightest window pixel inside the vessel with no calcium near (a lumen the rays missed). */
function brightestInside(yw: Float64Array, pu: Float64Array, pv: Float64Array, peaks: Float64Array, win: number[], floorHu: number, uo: number, vo: number, ro: number): [number, number] | null {
  let best = -Infinity, at: [number, number] | null = null;
  for (let k = 0; k < yw.length; k++) {
    if (Math.hypot(pu[k]! - uo, pv[k]! - vo) > ro - 0.2 || peaks[win[k]!]! > floorHu) continue;
    if (yw[k]! > best) { best = yw[k]!; at = [pu[k]!, pv[k]!]; }
  }
  return at;
}

/**
 * z² of (lumen level − plaque level) with every level free at the fitted shapes: columns [lumen, plaque, …];
 * variance from the residual SD, the inverse normal matrix and the noise-cell size (correlated noise).
 */
function lumenContrastZ2(yw: Float64Array, cols: Float64Array[], cellPx: number): number {
  const N = yw.length, n = cols.length, m = new Float64Array(n * n), r = new Float64Array(n);
  let yy = 0;
  for (let k = 0; k < N; k++) {
    const yk = yw[k]!;
    yy += yk * yk;
    for (let q = 0; q < n; q++) {
      const xq = cols[q]![k]!;
      r[q] = r[q]! + xq * yk;
      for (let s = q; s < n; s++) m[q * n + s] = m[q * n + s]! + xq * cols[s]![k]!;
    }
  }
  for (let q = 0; q < n; q++) for (let s = 0; s < q; s++) m[q * n + s] = m[s * n + q]!;
  const beta = solveSmall(m, r, n);
  // (e0 − e1)ᵀ M⁻¹ (e0 − e1) from one solve
  const e = new Float64Array(n); e[0] = 1; e[1] = -1;
  const w = solveSmall(m, e, n);
  if (!beta || !w) return 0;
  let fit = 0;
  for (let q = 0; q < n; q++) fit += beta[q]! * r[q]!;
  const s2 = Math.max(1e-9, (yy - fit) / Math.max(1, N - n));
  const v = s2 * cellPx * (w[0]! - w[1]!);
  const c = beta[0]! - beta[1]!;
  return c > 0 && v > 0 ? (c * c) / v : 0;
}
