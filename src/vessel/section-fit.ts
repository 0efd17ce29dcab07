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
import { blur2d, localPeaks, lumenContrastZ2, solveLevels, type Eval } from './section-model.ts';

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

/** deconvolution steps of the calcium core per round */
const CORE_STEPS = 4;
/** plaque and surroundings before the first fit: a typical non-calcified plaque / wall level (refined by the fit) */
const INITIAL_PLAQUE_HU = 50;
/** the fit window reaches this far beyond the starting outer wall (the surroundings' level and gradient), mm */
const WINDOW_BEYOND_MM = 0.9;

/** The blurred calcium core for one threshold, on the window pixels. */
interface Calcium {
  /** the core on the grid (fraction of each pixel), null without calcium */
  readonly map?: Float64Array;
  readonly blurred: Float64Array | null;
  readonly areaMm2: number;
}

/** the model's shape parameters: lumen disk (u, v, a), vessel disk (uo, vo, ro), calcium core */
interface Shape { u: number; v: number; a: number; uo: number; vo: number; ro: number; ca: Calcium }

/** The fit window: the grid pixels within the starting outer wall and WINDOW_BEYOND_MM, their (u, v) mm and values. */
interface FitWindow {
  readonly W: number; readonly K: number; readonly h: number; readonly y: Float64Array;
  /** grid indices of the window's pixels */
  readonly win: number[];
  readonly pu: Float64Array; readonly pv: Float64Array; readonly yw: Float64Array;
}

function fitWindow(grid: FitGrid, outer: SectionFitOptions['outer']): FitWindow {
  const { K, stepMm: h } = grid, W = 2 * K + 1, y = grid.data;
  const win: number[] = [];
  const rw = outer.radiusMm + WINDOW_BEYOND_MM;
  for (let j = 0; j < W; j++) for (let i = 0; i < W; i++) if (Math.hypot((i - K) * h - outer.u, (j - K) * h - outer.v) <= rw) win.push(j * W + i);
  const pu = Float64Array.from(win, (p) => ((p % W) - K) * h), pv = Float64Array.from(win, (p) => (Math.floor(p / W) - K) * h);
  const yw = Float64Array.from(win, (p) => y[p]!);
  return { W, K, h, y, win, pu, pv, yw };
}

/** The model on the window: the lumen column `cl`, the columns plaque (vessel disk − lumen), surroundings
 *  (1 − vessel) and its gradient (u, v), calcium excess; `evaluate` solves the levels for a shape. */
interface SectionModel { readonly cl: Float64Array; readonly cols: Float64Array[]; readonly evaluate: (sh: Shape) => Eval }

function sectionModel(fw: FitWindow, sig: number, L: number): SectionModel {
  const { pu, pv, yw } = fw, N = fw.win.length;
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
    for (let k = 0; k < N; k++) cp[k] = ves[k]! - cl[k]!;
    if (ca.blurred) cc.set(ca.blurred);
    return solveLevels(yw, cl, L, ca.blurred ? cols : cols.slice(0, 4));
  };
  return { cl, cols, evaluate };
}

/**
 * Projected Landweber steps on the calcium core: the residual blurred back (the blur is its own adjoint) over
 * the calcium level, added to the core, kept in [0, 1], outside the lumen disk and where calcium can be (near a
 * peak above the calcium floor, brighter than the lumen level by the noise).
 */
function refineCore(fw: FitWindow, model: SectionModel, o: SectionFitOptions, peaks: Float64Array, sh0: Shape, ca0: Calcium): Calcium {
  if (!ca0.map) return ca0;
  const { W, K, h, y, win, yw } = fw, N = win.length, sig = o.sigmaMm, L = o.lumenHu, cl = model.cl;
  const [cp, cf, cu, cv] = model.cols as [Float64Array, Float64Array, Float64Array, Float64Array];
  let ca = ca0;
  for (let it = 0; it < CORE_STEPS; it++) {
    const e = model.evaluate({ ...sh0, ca });
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
}

/**
 * How far a lumen disk centred at (u, v) may reach: pixels brighter than half-way from the lumen level to the
 * calcium peak near them are calcium's, and the lumen disk holds none of them (blooming brightens the lumen beside
 * calcium, never past that half-way level).
 */
function calciumClearance(fw: FitWindow, peaks: Float64Array, floorHu: number, L: number): (u: number, v: number) => number {
  const { W, K, h, y } = fw;
  const forbidden: number[] = [];
  for (let j = 0; j < W; j++) for (let i = 0; i < W; i++) {
    const p = j * W + i;
    if (peaks[p]! > floorHu && y[p]! > 0.5 * (peaks[p]! + L)) forbidden.push((i - K) * h, (j - K) * h);
  }
  return (u, v) => {
    let d = Infinity;
    for (let k = 0; k < forbidden.length; k += 2) d = Math.min(d, Math.hypot(forbidden[k]! - u, forbidden[k + 1]! - v));
    return d + 0.5 * h;
  };
}

/** The search's starts: the ray analysis, a lumen filling the vessel (a healthy section the rays under-read), the
 *  brightest point away from calcium (a lumen the rays missed); each lumen kept clear of calcium. */
function lumenStarts(fw: FitWindow, o: SectionFitOptions, peaks: Float64Array, clearance: (u: number, v: number) => number): Shape[] {
  const base = { uo: o.outer.u, vo: o.outer.v, ro: o.outer.radiusMm, ca: { blurred: null, areaMm2: 0 } };
  const starts: Shape[] = [
    { u: o.init.u, v: o.init.v, a: Math.max(0.05, o.init.radiusMm), ...base },
    { u: o.outer.u, v: o.outer.v, a: Math.max(0.3, o.outer.radiusMm - 0.6), ...base },
  ];
  const alt = brightestInside(fw.yw, fw.pu, fw.pv, peaks, fw.win, o.calciumMinHu, o.outer.u, o.outer.v, o.outer.radiusMm);
  if (alt) starts.push({ u: alt[0], v: alt[1], a: 0.3, ...base });
  for (const st of starts) st.a = Math.max(0.05, Math.min(st.a, clearance(st.u, st.v) - 0.05));
  return starts;
}

/** Least-squares fit of one section grid (see the file comment). */
export function fitSection(grid: FitGrid, o: SectionFitOptions): SectionFit {
  const fw = fitWindow(grid, o.outer);
  const { W, K, h, y, win, yw } = fw, N = win.length;
  const sig = o.sigmaMm, L = o.lumenHu;
  const model = sectionModel(fw, sig, L);
  const { evaluate, cl, cols } = model;
  const reach = o.outer.radiusMm + 0.5;
  // the vessel stays inside the fit window (its surroundings must be seen)
  const roMax = o.outer.radiusMm + 0.5;
  const peaks = localPeaks(y, W, Math.max(1, Math.round((2 * sig) / h)));
  let levels = { P: INITIAL_PLAQUE_HU, F: INITIAL_PLAQUE_HU };
  const core = (sh: Shape): Calcium => calciumCore(y, W, K, h, win, sig, sh, L, levels, peaks, o.calciumMinHu, reach);
  const clearance = calciumClearance(fw, peaks, o.calciumMinHu, L);
  const starts = lumenStarts(fw, o, peaks, clearance);
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
    const ca = refineCore(fw, model, o, peaks, sh, core(sh));
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

