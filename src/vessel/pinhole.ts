/**
 * A faint residual lumen ("pin-hole") in a cross-section: a lumen narrower than the blur reads far below the
 * healthy lumen level inside its plaque, while a calcified crescent beside it, blurred (cardiac motion) down to
 * the lumen level, is brighter than it. A radiologist sees the pin-hole beside the crescent; so does this:
 * the pin-hole is a round local maximum (both in-plane curvatures alike), the crescent a flat ridge (one strong
 * curvature across it, hardly any along it). Its area is its partial-volume mass (blur preserves it) over the
 * lumen contrast: a least-squares fit of a plane (plaque on one side, a blurred crescent or fat on the other)
 * plus a Gaussian blob gives both the mass and the background under it. A ring mean around it would take the
 * blob's own tails (cardiac motion smears it over ≈ 1 mm) for background and read it at half its area.
 * Everything is measured on the image; only where such a crescent is seen (elsewhere the usual measures apply).
 * Coordinates: (u, v) mm in the section plane along its axes (n, b); grids row-major, v rows, u columns.
 */
import type { Lps, Volume } from '../volume/volume.ts';
import { rayProfilesRef } from '../kernels/reference.ts';
import type { RayProfiler } from './rays.ts';
import { isPlate } from './centreline-rim.ts';

export interface SectionGridOptions {
  /** half width of the square grid, mm */
  readonly halfMm: number;
  /** sample spacing, mm */
  readonly stepMm: number;
}

/** half width: the pin-hole search (1.2 mm) plus its background ring (1.3 mm) plus a margin */
export const PINHOLE_GRID: SectionGridOptions = { halfMm: 2.6, stepMm: 0.1 };

/**
 * Square grids of HU in the planes (centre c, axes n, b): one Float64Array per section, value at
 * (u, v) = ((i − K)·step, (j − K)·step) in [j·(2K+1) + i], K = round(half/step). Sampled with the ray profiler
 * (one one-ray "section" per grid row along n), so the WASM and TS kernels give the same grids.
 */
export function sampleGrids(volume: Volume, centres: readonly Lps[], ns: readonly Lps[], bs: readonly Lps[], o: SectionGridOptions = PINHOLE_GRID, profiler: RayProfiler = rayProfilesRef): Float64Array[] {
  const K = Math.round(o.halfMm / o.stepMm), W = 2 * K + 1, C = centres.length;
  if (C === 0) return [];
  const starts = new Float64Array(3 * C * W), us = new Float64Array(3 * C * W), vs = new Float64Array(3 * C * W);
  for (let c = 0; c < C; c++) {
    const p = centres[c]!, n = ns[c]!, b = bs[c]!;
    for (let j = 0; j < W; j++) {
      const v = (j - K) * o.stepMm, u = -K * o.stepMm, r = 3 * (c * W + j);
      for (let k = 0; k < 3; k++) { starts[r + k] = p[k]! + u * n[k]! + v * b[k]!; us[r + k] = n[k]!; vs[r + k] = b[k]!; }
    }
  }
  const res = profiler(volume, { centresLps: starts, axisULps: us, axisVLps: vs, rays: 1, samples: W, stepMm: o.stepMm, startMm: 0 });
  const out: Float64Array[] = [];
  for (let c = 0; c < C; c++) out.push(Float64Array.from(res.data.subarray(c * W * W, (c + 1) * W * W)));
  return out;
}

export interface Pinhole {
  /** centre of the pin-hole in the section plane, mm */
  readonly u: number;
  readonly v: number;
  /** smoothed HU at its centre, and the fitted background plane there */
  readonly peakHu: number;
  readonly backgroundHu: number;
  /** the fitted blob's ∫ (HU − background) dA, HU·mm² */
  readonly massHuMm2: number;
  /** in-plane curvatures at its centre, weaker / stronger (1: round; a ridge ≪ 1) */
  readonly roundness: number;
}

export interface PinholeOptions {
  /** search radius around the grid centre, mm */
  readonly searchMm?: number;
  /** a candidate must stand this far above its background (HU): e.g. a multiple of the noise SD */
  readonly minExcessHu: number;
  /** healthy lumen level nearby, HU (scales the ridge test) */
  readonly lumenHu: number;
}

/** scale of the curvature test, mm */
const CURVATURE_MM = 0.4;
/** a pin-hole is narrower than the blur: its blurred peak stays below this fraction of the lumen level */
const MAX_PEAK = 0.75;
/** round: weaker / stronger curvature at least this */
const MIN_ROUNDNESS = 0.3;
/**
 * the crescent: a plate brighter than a faded lumen (this fraction of the lumen level; motion and blur dim a thin
 * crescent below the lumen level), within this radius (mm)
 */
const RIDGE_BRIGHT = 0.6;
const RIDGE_SEARCH_MM = 2.0;
/** a candidate's excess is over the mean of the ring MASS_MM < r ≤ BG_OUTER_MM around it, mm */
const MASS_MM = 1.0;
const BG_OUTER_MM = 1.3;

/**
 * The round local maximum standing highest above its background within the search radius, when a lumen-bright
 * flat ridge (a crescent) lies within RIDGE_SEARCH_MM; null otherwise (no pin-hole, or nothing to mistake it for:
 * the usual contour and partial-volume measures apply).
 */
export function findPinhole(grid: Float64Array, o: SectionGridOptions, po: PinholeOptions): Pinhole | null {
  const K = Math.round(o.halfMm / o.stepMm), W = 2 * K + 1, h = o.stepMm;
  const ridgeSearch = Math.round(RIDGE_SEARCH_MM / h);
  if (tooDimForCrescent(crescentAreaMax(grid, o), po.lumenHu)) return null;
  // 3 × 3 mean
  const s = new Float64Array(W * W);
  for (let j = 1; j < W - 1; j++) for (let i = 1; i < W - 1; i++) {
    let a = 0;
    for (let dj = -1; dj <= 1; dj++) for (let di = -1; di <= 1; di++) a += grid[(j + dj) * W + i + di]!;
    s[j * W + i] = a / 9;
  }
  const d = Math.max(1, Math.round(CURVATURE_MM / h)), dh2 = (d * h) ** 2;
  const mOut = Math.round(BG_OUTER_MM / h), mIn = Math.round(MASS_MM / h);
  const search = Math.round((po.searchMm ?? 1.2) / h);
  // first the crescent alone (its local maxima are lumen-bright: few samples to test), then, where there is one,
  // the pin-hole candidates
  const bright = RIDGE_BRIGHT * po.lumenHu;
  let ridge = false;
  for (let j = K - ridgeSearch; j <= K + ridgeSearch && !ridge; j++) for (let i = K - ridgeSearch; i <= K + ridgeSearch; i++) {
    if (!(s[j * W + i]! >= bright)) continue;
    const m = maximumCurvatures(s, W, K, i, j, d, dh2, ridgeSearch);
    if (m && isPlate(m.l1, m.l2, po.lumenHu)) { ridge = true; break; }
  }
  // no lumen-bright ridge around: nothing to mistake the lumen for (and no fit to pay for)
  if (!ridge) return null;
  const cands: number[] = [];
  for (let j = K - search; j <= K + search; j++) for (let i = K - search; i <= K + search; i++) {
    const m = maximumCurvatures(s, W, K, i, j, d, dh2, ridgeSearch);
    if (!m || (i - K) ** 2 + (j - K) ** 2 > search * search) continue;
    const c = s[j * W + i]!, roundness = m.l2 / m.l1;
    // a flat ridge (a crescent): too flat, or sharp across and flattish along (the rim guard's plate)
    if (isPlate(m.l1, m.l2, po.lumenHu) || roundness < MIN_ROUNDNESS || c > MAX_PEAK * po.lumenHu) continue;
    if (i - mOut < 1 || j - mOut < 1 || i + mOut > W - 2 || j + mOut > W - 2) continue;
    cands.push(i, j, roundness);
  }
  let best: Pinhole | null = null, bestExcess = -Infinity;
  for (let k = 0; k < cands.length; k += 3) {
    const i = cands[k]!, j = cands[k + 1]!, c = s[j * W + i]!;
    const excess = c - ringMean(grid, W, i, j, mIn, mOut);
    if (!(excess >= po.minExcessHu) || excess <= bestExcess) continue;
    const fit = fitBlob(grid, W, i, j, h);
    if (!fit) continue;
    bestExcess = excess;
    best = { u: (i - K) * h, v: (j - K) * h, peakHu: c, backgroundHu: fit.backgroundHu, massHuMm2: fit.massHuMm2, roundness: cands[k + 2]! };
  }
  return best;
}

/**
 * The crescent is a local maximum of the 3 × 3 mean at least RIDGE_BRIGHT × the lumen level within RIDGE_SEARCH_MM: a
 * grid whose samples there (and one beyond) all stay clearly below that holds none (a mean, of samples or of grids, is
 * never above its largest term; the margin covers the rounding of the means), and most faint sections are such.
 */
function tooDimForCrescent(maxHu: number, lumenHu: number): boolean {
  return maxHu < RIDGE_BRIGHT * lumenHu - 1e-6 * (1 + Math.abs(lumenHu));
}

/** the largest sample of a grid where a crescent is looked for (tooDimForCrescent) */
function crescentAreaMax(grid: Float64Array, o: SectionGridOptions): number {
  const K = Math.round(o.halfMm / o.stepMm);
  return gridMax(grid, 2 * K + 1, K, Math.round(RIDGE_SEARCH_MM / o.stepMm) + 1);
}

/** the largest sample within `half` samples (square) of the grid centre */
function gridMax(grid: Float64Array, W: number, K: number, half: number): number {
  let mx = -Infinity;
  for (let j = Math.max(0, K - half); j <= Math.min(W - 1, K + half); j++) {
    for (let i = Math.max(0, K - half); i <= Math.min(W - 1, K + half); i++) { const v = grid[j * W + i]!; if (v > mx) mx = v; }
  }
  return mx;
}

/**
 * At (i, j) of the smoothed grid `s`, within `ridgeSearch` of the centre and `d` of the border: when it is a local
 * maximum curved down both ways, its two in-plane curvatures (l1 ≤ l2 < 0); null otherwise.
 */
function maximumCurvatures(s: Float64Array, W: number, K: number, i: number, j: number, d: number, dh2: number, ridgeSearch: number): { l1: number; l2: number } | null {
  const r2 = (i - K) ** 2 + (j - K) ** 2;
  if (r2 > ridgeSearch * ridgeSearch || i - d < 1 || j - d < 1 || i + d > W - 2 || j + d > W - 2) return null;
  const c = s[j * W + i]!;
  for (let dj = -1; dj <= 1; dj++) for (let di = -1; di <= 1; di++) if ((di || dj) && s[(j + dj) * W + i + di]! > c) return null;
  const hxx = (s[j * W + i + d]! + s[j * W + i - d]! - 2 * c) / dh2;
  const hyy = (s[(j + d) * W + i]! + s[(j - d) * W + i]! - 2 * c) / dh2;
  const hxy = (s[(j + d) * W + i + d]! - s[(j + d) * W + i - d]! - s[(j - d) * W + i + d]! + s[(j - d) * W + i - d]!) / (4 * dh2);
  const mid = 0.5 * (hxx + hyy), dd = Math.hypot(0.5 * (hxx - hyy), hxy);
  const l1 = mid - dd, l2 = mid + dd;
  return l1 < 0 && l2 < 0 ? { l1, l2 } : null;
}

/** Mean HU on the ring mIn < r ≤ mOut (samples) around (i, j): a plane's value at the centre (the ring is symmetric). */
function ringMean(grid: Float64Array, W: number, i: number, j: number, mIn: number, mOut: number): number {
  let n = 0, sz = 0;
  for (let y = -mOut; y <= mOut; y++) for (let x = -mOut; x <= mOut; x++) {
    const r2 = x * x + y * y;
    if (r2 > mIn * mIn && r2 <= mOut * mOut) { n++; sz += grid[(j + y) * W + i + x]!; }
  }
  return sz / n;
}

/** blob fit: samples every FIT_STEP grid samples within FIT_MM of the candidate; widths and angles tried */
const FIT_MM = 1.2;
const FIT_STEP = 2;
/** blob widths: a lumen narrower than a blur up to ≈ 1.4 mm FWHM (wider blobs trade mass for background) */
const FIT_SIGMAS_MM = [0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6];
const FIT_ANGLES = 6;

/**
 * Least squares of the HU around (i, j) by a plane plus an anisotropic Gaussian blob centred there
 * (widths σa ≥ σb from FIT_SIGMAS_MM, FIT_ANGLES orientations; plane and amplitude linear): the blob's mass
 * A·2π·σa·σb (its tails are the blob's, not the background's) and the plane's value at the centre.
 * Null when the best blob is not positive.
 */
function fitBlob(grid: Float64Array, W: number, i: number, j: number, h: number): { massHuMm2: number; backgroundHu: number } | null {
  const R = Math.round(FIT_MM / h);
  const xs: number[] = [], ys: number[] = [], zs: number[] = [];
  for (let y = -R; y <= R; y += FIT_STEP) for (let x = -R; x <= R; x += FIT_STEP) {
    if (x * x + y * y > R * R || i + x < 0 || i + x >= W || j + y < 0 || j + y >= W) continue;
    xs.push(x * h); ys.push(y * h); zs.push(grid[(j + y) * W + i + x]!);
  }
  const n = zs.length;
  let sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0, sz = 0, sxz = 0, syz = 0, szz = 0;
  for (let k = 0; k < n; k++) {
    const x = xs[k]!, y = ys[k]!, z = zs[k]!;
    sx += x; sy += y; sxx += x * x; syy += y * y; sxy += x * y; sz += z; sxz += x * z; syz += y * z; szz += z * z;
  }
  let best = Infinity, out: { massHuMm2: number; backgroundHu: number } | null = null;
  const g = new Float64Array(n);
  for (let ia = 0; ia < FIT_SIGMAS_MM.length; ia++) for (let ib = 0; ib <= ia; ib++) for (let t = 0; t < (ia === ib ? 1 : FIT_ANGLES); t++) {
    const sa = FIT_SIGMAS_MM[ia]!, sb = FIT_SIGMAS_MM[ib]!, th = (Math.PI * t) / FIT_ANGLES, c = Math.cos(th), s = Math.sin(th);
    let sg = 0, sxg = 0, syg = 0, sgg = 0, sgz = 0;
    for (let k = 0; k < n; k++) {
      const x = xs[k]!, y = ys[k]!, a = (c * x + s * y) / sa, b = (-s * x + c * y) / sb;
      const v = Math.exp(-0.5 * (a * a + b * b));
      g[k] = v; sg += v; sxg += x * v; syg += y * v; sgg += v * v; sgz += v * zs[k]!;
    }
    // normal equations for (c0, gx, gy, A)
    const m = [n, sx, sy, sg, sx, sxx, sxy, sxg, sy, sxy, syy, syg, sg, sxg, syg, sgg];
    const r = [sz, sxz, syz, sgz];
    const beta = solve4(m, r);
    if (!beta || !(beta[3]! > 0)) continue;
    const sse = szz - (beta[0]! * r[0]! + beta[1]! * r[1]! + beta[2]! * r[2]! + beta[3]! * r[3]!);
    if (sse < best) { best = sse; out = { massHuMm2: beta[3]! * 2 * Math.PI * sa * sb, backgroundHu: beta[0]! }; }
  }
  return out;
}

/** 4 × 4 linear system (row-major m) by Gaussian elimination with partial pivoting; null when singular. */
function solve4(m: number[], r: number[]): number[] | null {
  const a = m.slice(), b = r.slice();
  for (let col = 0; col < 4; col++) {
    let p = col;
    for (let row = col + 1; row < 4; row++) if (Math.abs(a[row * 4 + col]!) > Math.abs(a[p * 4 + col]!)) p = row;
    if (Math.abs(a[p * 4 + col]!) < 1e-12) return null;
    if (p !== col) {
      for (let k = 0; k < 4; k++) { const t = a[col * 4 + k]!; a[col * 4 + k] = a[p * 4 + k]!; a[p * 4 + k] = t; }
      const t = b[col]!; b[col] = b[p]!; b[p] = t;
    }
    for (let row = col + 1; row < 4; row++) {
      const f = a[row * 4 + col]! / a[col * 4 + col]!;
      for (let k = col; k < 4; k++) a[row * 4 + k] = a[row * 4 + k]! - f * a[col * 4 + k]!;
      b[row] = b[row]! - f * b[col]!;
    }
  }
  const x = [0, 0, 0, 0];
  for (let row = 3; row >= 0; row--) {
    let acc = b[row]!;
    for (let k = row + 1; k < 4; k++) acc -= a[row * 4 + k]! * x[k]!;
    x[row] = acc / a[row * 4 + row]!;
  }
  return x;
}

/** a pin-hole stands above its background by this fraction of the lumen level and this many noise SDs */
const PINHOLE_EXCESS = 0.1;
const PINHOLE_NOISE = 1.5;

/**
 * The pin-hole of each faint section qs[k] (section indices along the vessel, ascending; centres, axes),
 * searched on its grid averaged with its faint neighbours (±half sections of the same run), then (unless
 * `averagedOnly`) on its own grid; null where none. `levelHu(q)`: healthy lumen level near section q.
 */
export function pinholesAlong(
  volume: Volume, qs: readonly number[], centres: readonly Lps[], ns: readonly Lps[], bs: readonly Lps[],
  levelHu: (q: number) => number, noiseSdHu: number, half: number, profiler?: RayProfiler, averagedOnly = false,
): (Pinhole | null)[] {
  const grids = sampleGrids(volume, centres, ns, bs, PINHOLE_GRID, profiler);
  const maxHu = grids.map((g) => crescentAreaMax(g, PINHOLE_GRID));
  return qs.map((q, k) => {
    const L = levelHu(q);
    const po = { lumenHu: L, minExcessHu: Math.max(PINHOLE_EXCESS * L, PINHOLE_NOISE * (Number.isFinite(noiseSdHu) ? noiseSdHu : 25)) };
    let lo = k, hi = k;
    while (lo > 0 && k - lo < half && qs[lo - 1] === q - (k - lo + 1)) lo--;
    while (hi < qs.length - 1 && hi - k < half && qs[hi + 1] === q + (hi - k + 1)) hi++;
    // grids all too dim for a crescent average to one too dim for it: no pin-hole there, and no average to pay for
    if (tooDimForCrescent(Math.max(...maxHu.slice(lo, hi + 1)), L)) return averagedOnly ? null : findPinhole(grids[k]!, PINHOLE_GRID, po);
    const avg = new Float64Array(grids[k]!.length);
    for (let m = lo; m <= hi; m++) { const g = grids[m]!; for (let i = 0; i < avg.length; i++) avg[i] = avg[i]! + g[i]!; }
    for (let i = 0; i < avg.length; i++) avg[i] = avg[i]! / (hi - lo + 1);
    return findPinhole(avg, PINHOLE_GRID, po) ?? (averagedOnly ? null : findPinhole(grids[k]!, PINHOLE_GRID, po));
  });
}
