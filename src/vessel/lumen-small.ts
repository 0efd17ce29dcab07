/**
 * A narrowed lumen by the same model as the healthy one: a uniform disk at the healthy lumen level L, blurred by the
 * vessel's σ (both measured on the vessel: lumen-blur.ts fits them on its plain falls), over what surrounds it
 * (plaque, wall, fat beyond them: a smooth background, quadratic in the section plane):
 *   y(p) = L·D(|p − c|; a) + (1 − D(|p − c|; a))·B(u, v),   B quadratic in (u, v),   D = blurred disk (disk-blur.ts).
 * The centre c and radius a are searched on grids, the background solved in closed form for each. With L known, the
 * disk's mass above its background sets a even where the blur flattens the lumen below its level (a lumen narrower
 * than the blur): the reference and the minimal lumen come from one model of the image, so their ratio is unbiased.
 * A partial-volume integral over a window needs the background level under the lumen, which a narrow plaque ring
 * blurred with the fat beyond it does not show; the fit takes it from the whole window with the lumen's own tails
 * explained by the disk. Coordinates (u, v) mm in the section plane along its axes (n, b).
 */
import type { Lps, Volume } from '../volume/volume.ts';
import type { Frames } from './curve.ts';
import { DiskAtPoints, DiskColumns } from './disk-blur.ts';
import { inPlane } from './lumen-faded.ts';
import { sampleGrids, type SectionGridOptions } from './pinhole.ts';
import type { RayProfiler } from './rays.ts';
import { solveSmall } from './section-model.ts';

/** grid of a section: square, row-major, v rows and u columns, (u, v) = ((i − K)·step, (j − K)·step) mm */
export interface SectionGrid {
  readonly values: Float64Array;
  readonly halfSamples: number;
  readonly stepMm: number;
}

export interface SmallLumenFit {
  /** disk radius, mm */
  readonly radiusMm: number;
  /** disk centre in the section plane, mm */
  readonly uMm: number;
  readonly vMm: number;
  /** the fitted background at the disk centre, HU */
  readonly backgroundHu: number;
  /** RMS residual over the window, HU */
  readonly rmsHu: number;
}

/** centre search about the grid centre, mm: a narrowed lumen's centre lies within the rays' edge of it */
const CENTRE_SEARCH_MM = 0.4;
/** coarse and fine grid steps of the centre and radius, mm (the fine radius step is the parabola's base) */
const CENTRE_COARSE_MM = 0.2, CENTRE_FINE_MM = 0.05;
const RADIUS_COARSE_MM = 0.1, RADIUS_FINE_MM = 0.025;
/** smallest radius tried, mm: below it the disk's mass is below the noise of any CCTA window */
const RADIUS_MIN_MM = 0.05;

/**
 * The disk of a narrowed section. `levelHu`: the healthy lumen level; `sigmaMm`: the in-plane blur; `windowMm`: the
 * radius of the window fitted (the disk's blurred tails must fit in it); `maxRadiusMm`: the largest radius tried.
 * Null when nothing brighter than its background fits (no lumen the model can see).
 */
export function fitSmallLumen(g: SectionGrid, levelHu: number, sigmaMm: number, windowMm: number, maxRadiusMm: number): SmallLumenFit | null {
  if (!(sigmaMm > 0) || !Number.isFinite(levelHu)) return null;
  const w = windowSamples(g, windowMm);
  if (w.n < 16) return null;
  const t = new Trials(w, sigmaMm);
  let best = { sse: Infinity, a: NaN, u: 0, v: 0, b0: NaN };
  const tryOne = (a: number, u: number, v: number): number => {
    const f = fitAt(t, levelHu, a, u, v);
    if (f.sse < best.sse) best = { sse: f.sse, a, u, v, b0: f.b0 };
    return f.sse;
  };
  for (let u = -CENTRE_SEARCH_MM; u <= CENTRE_SEARCH_MM + 1e-9; u += CENTRE_COARSE_MM) {
    for (let v = -CENTRE_SEARCH_MM; v <= CENTRE_SEARCH_MM + 1e-9; v += CENTRE_COARSE_MM) {
      if (u * u + v * v > CENTRE_SEARCH_MM * CENTRE_SEARCH_MM + 1e-9) continue;
      for (let a = RADIUS_MIN_MM; a <= maxRadiusMm + 1e-9; a += RADIUS_COARSE_MM) tryOne(a, u, v);
    }
  }
  if (!Number.isFinite(best.a)) return null;
  // refine: the centre within half a coarse step on the fine grid, the radius on the fine grid about the coarse best
  const c = { ...best }, reach = CENTRE_COARSE_MM / 2 + 1e-9;
  for (let du = -reach; du <= reach; du += CENTRE_FINE_MM) for (let dv = -reach; dv <= reach; dv += CENTRE_FINE_MM) {
    for (let a = Math.max(RADIUS_MIN_MM, c.a - RADIUS_COARSE_MM); a <= c.a + RADIUS_COARSE_MM + 1e-9; a += RADIUS_FINE_MM) tryOne(a, c.u + du, c.v + dv);
  }
  // between radius grid points: the vertex of the parabola through the best and its neighbours
  const s0 = fitAt(t, levelHu, best.a - RADIUS_FINE_MM, best.u, best.v).sse, s2 = fitAt(t, levelHu, best.a + RADIUS_FINE_MM, best.u, best.v).sse;
  const den = s0 - 2 * best.sse + s2;
  const frac = best.a - RADIUS_FINE_MM >= RADIUS_MIN_MM && den > 0 ? Math.max(-0.5, Math.min(0.5, (0.5 * (s0 - s2)) / den)) : 0;
  if (!(levelHu > best.b0)) return null;
  return { radiusMm: best.a + frac * RADIUS_FINE_MM, uMm: best.u, vMm: best.v, backgroundHu: best.b0, rmsHu: Math.sqrt(Math.max(0, best.sse) / w.n) };
}

/** background terms: 1, u, v, u², v², uv */
const NB = 6;

interface Window {
  readonly u: Float64Array; readonly v: Float64Array; readonly y: Float64Array; readonly n: number;
}

function windowSamples(g: SectionGrid, windowMm: number): Window {
  const K = g.halfSamples, W = 2 * K + 1, R = Math.min(K, Math.floor(windowMm / g.stepMm));
  const u: number[] = [], v: number[] = [], y: number[] = [];
  for (let j = -R; j <= R; j++) for (let i = -R; i <= R; i++) {
    if (i * i + j * j > R * R) continue;
    u.push(i * g.stepMm); v.push(j * g.stepMm); y.push(g.values[(j + K) * W + i + K]!);
  }
  return { u: Float64Array.from(u), v: Float64Array.from(v), y: Float64Array.from(y), n: y.length };
}


/** the trials of one window: the disk at the current centre (its ρ interpolation), the table columns per radius, scratch */
class Trials {
  readonly columns = new DiskColumns();
  readonly d: Float64Array;
  readonly m = new Float64Array(NB * NB);
  readonly r = new Float64Array(NB);
  private at: DiskAtPoints | null = null;
  private uc = NaN; private vc = NaN;
  constructor(readonly w: Window, readonly sigmaMm: number) { this.d = new Float64Array(w.n); }
  /** D at every window sample for the disk (a, uc, vc), into d */
  disk(a: number, uc: number, vc: number): Float64Array {
    const w = this.w;
    if (!this.at || uc !== this.uc || vc !== this.vc) {
      const rho = new Float64Array(w.n);
      for (let k = 0; k < w.n; k++) { const du = w.u[k]! - uc, dv = w.v[k]! - vc; rho[k] = Math.sqrt(du * du + dv * dv) / this.sigmaMm; }
      this.at = new DiskAtPoints(rho); this.uc = uc; this.vc = vc;
    }
    const alpha = a / this.sigmaMm;
    this.at.fill(alpha, this.columns.get(alpha), this.d);
    return this.d;
  }
}

/** least squares of the background for one disk (radius a, centre (uc, vc)): its residual and the background at the centre */
function fitAt(t: Trials, L: number, a: number, uc: number, vc: number): { sse: number; b0: number } {
  const w = t.w, D = t.disk(a, uc, vc);
  // the normal equations' 21 distinct terms and 6 right-hand sides accumulated in registers, φ = (1 − D)·(1, u, v, u², v², uv)
  let m00 = 0, m01 = 0, m02 = 0, m03 = 0, m04 = 0, m05 = 0, m11 = 0, m12 = 0, m13 = 0, m14 = 0, m15 = 0;
  let m22 = 0, m23 = 0, m24 = 0, m25 = 0, m33 = 0, m34 = 0, m35 = 0, m44 = 0, m45 = 0, m55 = 0;
  let r0 = 0, r1 = 0, r2 = 0, r3 = 0, r4 = 0, r5 = 0, zz = 0;
  for (let k = 0; k < w.n; k++) {
    const Dk = D[k]!, e = 1 - Dk, z = w.y[k]! - L * Dk, uu = w.u[k]!, vv = w.v[k]!;
    const p0 = e, p1 = e * uu, p2 = e * vv, p3 = e * uu * uu, p4 = e * vv * vv, p5 = e * uu * vv;
    r0 += p0 * z; r1 += p1 * z; r2 += p2 * z; r3 += p3 * z; r4 += p4 * z; r5 += p5 * z;
    m00 += p0 * p0; m01 += p0 * p1; m02 += p0 * p2; m03 += p0 * p3; m04 += p0 * p4; m05 += p0 * p5;
    m11 += p1 * p1; m12 += p1 * p2; m13 += p1 * p3; m14 += p1 * p4; m15 += p1 * p5;
    m22 += p2 * p2; m23 += p2 * p3; m24 += p2 * p4; m25 += p2 * p5;
    m33 += p3 * p3; m34 += p3 * p4; m35 += p3 * p5; m44 += p4 * p4; m45 += p4 * p5; m55 += p5 * p5;
    zz += z * z;
  }
  const m = t.m, r = t.r;
  m.set([m00, m01, m02, m03, m04, m05, m01, m11, m12, m13, m14, m15, m02, m12, m22, m23, m24, m25, m03, m13, m23, m33, m34, m35, m04, m14, m24, m34, m44, m45, m05, m15, m25, m35, m45, m55]);
  r[0] = r0; r[1] = r1; r[2] = r2; r[3] = r3; r[4] = r4; r[5] = r5;
  const b = solveSmall(m, r, NB);
  if (!b) return { sse: Infinity, b0: NaN };
  let fit = 0;
  for (let i = 0; i < NB; i++) fit += b[i]! * r[i]!;
  return { sse: zz - fit, b0: b[0]! + b[1]! * uc + b[2]! * vc + b[3]! * uc * uc + b[4]! * vc * vc + b[5]! * uc * vc };
}

/** half width and step of the grids the narrowed lumens are fitted on, mm (the step well under CCTA pixels, 0.3–0.5 mm) */
const GRID: SectionGridOptions = { halfMm: 2.4, stepMm: 0.15 };
/** the window reaches this many σ beyond the disk (its tails there are ≈ 14 % of its peak): farther out the edges of the plaque and wall dominate, which the smooth background does not model */
const TAIL_SIGMAS = 2;

/**
 * The narrowed sections `qs` by the disk model, each about its current centre (the centreline point moved by its
 * in-plane offset): section → fit. `levelHu(q)`: the healthy lumen level near q; `radiusMm(q)`: the rays' radius,
 * which sets the window (the disk and its tails) and the largest radius tried (the rays' edges are within
 * 0.3 mm of a lumen this small).
 */
export function narrowedLumens(
  volume: Volume, pts: readonly Lps[], frames: Frames, qs: readonly number[], offsetsMm: Float32Array,
  levelHu: (q: number) => number, radiusMm: (q: number) => number, sigmaMm: number, profiler?: RayProfiler,
): Map<number, SmallLumenFit> {
  const out = new Map<number, SmallLumenFit>();
  if (!qs.length) return out;
  const grids = sampleGrids(volume, qs.map((q) => inPlane(pts, frames, q, offsetsMm[2 * q]!, offsetsMm[2 * q + 1]!)), qs.map((q) => frames.n[q]!), qs.map((q) => frames.b[q]!), GRID, profiler);
  const K = Math.round(GRID.halfMm / GRID.stepMm);
  qs.forEach((q, k) => {
    const r0 = Math.max(0.3, radiusMm(q));
    const fit = fitSmallLumen({ values: grids[k]!, halfSamples: K, stepMm: GRID.stepMm }, levelHu(q), sigmaMm, r0 + TAIL_SIGMAS * sigmaMm + CENTRE_SEARCH_MM, r0 + 0.3);
    if (fit) out.set(q, fit);
  });
  return out;
}
