/**
 * Image formation: the object (background by analytic partial volume of smooth surfaces; vessels by
 * supersampling each voxel near them), a Gaussian PSF (in-plane and z apart), white or coloured noise,
 * integer HU. Grid = the series' own (possibly oblique) axes, cropped around the vessel.
 */
import { cross, dot, type V3 } from './vec.ts';
import * as curveMod from './curve.ts';
import * as sectionMod from './section.ts';
import type { Curve, LocalPoint } from './curve.ts';
import type { Hit, SectionTable } from './section.ts';
import { gaussianTable, type Rng } from './prng.ts';
import type { SeriesSpec } from './spec.ts';

// module bindings copied once: the hot loops below call them millions of times
const { pointAt, project } = curveMod;
const { CALCIUM, LUMEN, OUTSIDE, classifyBranch, classifyMain, sectionTable } = sectionMod;

export interface Grid {
  readonly dimensions: [number, number, number];
  readonly spacingMm: V3;
  /** centre of voxel (0,0,0), LPS mm */
  readonly originLps: V3;
  readonly directions: [V3, V3, V3];
}

export function makeGrid(spec: SeriesSpec, curves: readonly Curve[], reachMm: number): Grid {
  const im = spec.imaging;
  const dirs: [V3, V3, V3] = [im.rowDirLps, im.colDirLps, cross(im.rowDirLps, im.colDirLps)];
  const lo: V3 = [Infinity, Infinity, Infinity], dims: [number, number, number] = [0, 0, 0];
  for (let a = 0; a < 3; a++) {
    let hi = -Infinity;
    for (const c of curves) for (let q = 0; q < c.count; q++) {
      const d = dot(pointAt(c, q), dirs[a]!);
      lo[a] = Math.min(lo[a]!, d); hi = Math.max(hi, d);
    }
    lo[a] = lo[a]! - reachMm;
    dims[a] = Math.ceil((hi + reachMm - lo[a]!) / im.spacingMm[a]!) + 1;
  }
  const origin: V3 = [0, 0, 0];
  for (let a = 0; a < 3; a++) for (let e = 0; e < 3; e++) origin[e] = origin[e]! + lo[a]! * dirs[a]![e]!;
  return { dimensions: dims, spacingMm: [...im.spacingMm] as V3, originLps: origin, directions: dirs };
}

/** Fraction of a voxel inside a smooth surface at signed distance dMm (positive outside), extent hMm along its normal. */
const inside = (dMm: number, hMm: number): number => Math.min(1, Math.max(0, 0.5 - dMm / hMm));

function background(spec: SeriesSpec, g: Grid, out: Float32Array): void {
  const [nx, ny, nz] = g.dimensions, [sx, sy, sz] = g.spacingMm, [a, b, c] = g.directions;
  const v = spec.vessel, im = spec.imaging, ch = spec.chamber;
  const [a0, a1, a2] = a, [b0, b1, b2] = b, [c0, c1, c2] = c;
  const [o0, o1, o2] = g.originLps, [h0, h1, h2] = v.heartCentreLps;
  const rOut = v.heartRadiusMm, rIn = v.heartRadiusMm - v.myocardiumThicknessMm;
  const fat = im.fatHu, myo = im.myocardiumHu, cav = v.cavityHu;
  const reach = Math.hypot(sx, sy, sz); // beyond this a voxel lies wholly on one side of a surface
  const extent = (n0: number, n1: number, n2: number): number =>
    Math.abs(n0 * a0 + n1 * a1 + n2 * a2) * sx + Math.abs(n0 * b0 + n1 * b1 + n2 * b2) * sy + Math.abs(n0 * c0 + n1 * c1 + n2 * c2) * sz;
  const cyl = ch?.kind === 'cylinder';
  const [e0, e1, e2] = ch ? ch.centreLps : [0, 0, 0];
  const [x0, x1, x2] = ch?.kind === 'cylinder' ? ch.axisLps : [0, 0, 0];
  const rCh = ch?.radiusMm ?? 0, huCh = ch?.hu ?? 0;
  let idx = 0;
  for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) {
    const rx = o0 + j * sy * b0 + k * sz * c0, ry = o1 + j * sy * b1 + k * sz * c1, rz = o2 + j * sy * b2 + k * sz * c2;
    for (let i = 0; i < nx; i++, idx++) {
      const px = rx + i * sx * a0, py = ry + i * sx * a1, pz = rz + i * sx * a2;
      const dx = px - h0, dy = py - h1, dz = pz - h2;
      const d = Math.sqrt(dx * dx + dy * dy + dz * dz);
      let hu: number;
      if (d > rOut + reach) hu = fat;
      else if (d < rIn - reach) hu = cav;
      else if (d < rOut - reach && d > rIn + reach) hu = myo;
      else {
        const h = extent(dx / d, dy / d, dz / d);
        const fOut = inside(d - rOut, h), fIn = inside(d - rIn, h);
        hu = fat * (1 - fOut) + myo * (fOut - fIn) + cav * fIn;
      }
      if (ch) {
        let ex = px - e0, ey = py - e1, ez = pz - e2;
        if (cyl) {
          const t = ex * x0 + ey * x1 + ez * x2;
          ex -= t * x0; ey -= t * x1; ez -= t * x2;
        }
        const e = Math.sqrt(ex * ex + ey * ey + ez * ez);
        if (e < rCh - reach) hu = huCh;
        else if (e < rCh + reach) {
          const f = inside(e - rCh, extent(ex / e, ey / e, ez / e));
          hu = hu * (1 - f) + huCh * f;
        }
      }
      out[idx] = hu;
    }
  }
}

/** Voxels within reachMm of a curve, each holding a nearby sample index (the projection's start), else 0xffff. */
interface Band { readonly lo: V3; readonly dims: V3; readonly nearest: Uint16Array }

function band(g: Grid, c: Curve, reachMm: number): Band {
  const [sx, sy, sz] = g.spacingMm, dirs = g.directions;
  const toIjk = (p: V3): V3 => [0, 1, 2].map((a) => (dot(p, dirs[a]!) - dot(g.originLps, dirs[a]!)) / g.spacingMm[a]!) as V3;
  const lo: V3 = [Infinity, Infinity, Infinity], hi: V3 = [-Infinity, -Infinity, -Infinity];
  const reachVox: V3 = [reachMm / sx, reachMm / sy, reachMm / sz];
  for (let q = 0; q < c.count; q += 10) {
    const ijk = toIjk(pointAt(c, q));
    for (let a = 0; a < 3; a++) { lo[a] = Math.min(lo[a]!, ijk[a]! - reachVox[a]! - 2); hi[a] = Math.max(hi[a]!, ijk[a]! + reachVox[a]! + 2); }
  }
  for (let a = 0; a < 3; a++) { lo[a] = Math.max(0, Math.floor(lo[a]!)); hi[a] = Math.min(g.dimensions[a]! - 1, Math.ceil(hi[a]!)); }
  const dims: V3 = [hi[0] - lo[0] + 1, hi[1] - lo[1] + 1, hi[2] - lo[2] + 1];
  const nearest = new Uint16Array(Math.max(0, dims[0] * dims[1] * dims[2])).fill(0xffff);
  const stride = Math.max(1, Math.floor(Math.min(sx, sy, sz) / 2 / c.stepMm));
  const slab = stride * c.stepMm;
  for (let q = 0; q < c.count; q += stride) {
    const p = pointAt(c, q), t: V3 = [c.tangents[3 * q]!, c.tangents[3 * q + 1]!, c.tangents[3 * q + 2]!];
    const ijk = toIjk(p);
    const i0 = Math.max(lo[0], Math.floor(ijk[0] - reachVox[0])), i1 = Math.min(hi[0], Math.ceil(ijk[0] + reachVox[0]));
    const j0 = Math.max(lo[1], Math.floor(ijk[1] - reachVox[1])), j1 = Math.min(hi[1], Math.ceil(ijk[1] + reachVox[1]));
    const k0 = Math.max(lo[2], Math.floor(ijk[2] - reachVox[2])), k1 = Math.min(hi[2], Math.ceil(ijk[2] + reachVox[2]));
    for (let k = k0; k <= k1; k++) for (let j = j0; j <= j1; j++) for (let i = i0; i <= i1; i++) {
      const di = (i - ijk[0]) * sx, dj = (j - ijk[1]) * sy, dk = (k - ijk[2]) * sz;
      const dx = di * dirs[0][0] + dj * dirs[1][0] + dk * dirs[2][0];
      const dy = di * dirs[0][1] + dj * dirs[1][1] + dk * dirs[2][1];
      const dz = di * dirs[0][2] + dj * dirs[1][2] + dk * dirs[2][2];
      const along = dx * t[0] + dy * t[1] + dz * t[2];
      if (Math.abs(along) > slab) continue;
      if (dx * dx + dy * dy + dz * dz - along * along > reachMm * reachMm) continue;
      nearest[(i - lo[0]) + dims[0] * ((j - lo[1]) + dims[1] * (k - lo[2]))] = q;
    }
  }
  return { lo, dims, nearest };
}

const bandAt = (b: Band, i: number, j: number, k: number): number => {
  const u = i - b.lo[0], v = j - b.lo[1], w = k - b.lo[2];
  if (u < 0 || v < 0 || w < 0 || u >= b.dims[0] || v >= b.dims[1] || w >= b.dims[2]) return 0xffff;
  return b.nearest[u + b.dims[0] * (v + b.dims[1] * w)]!;
};

/** The object: background everywhere, vessels supersampled (partial volume) in their bands. */
export function renderObject(spec: SeriesSpec, g: Grid, main: Curve, branches: readonly Curve[]): { object: Float32Array; table: SectionTable } {
  const [nx, ny] = g.dimensions, [sx, sy, sz] = g.spacingMm, dirs = g.directions;
  const object = new Float32Array(nx * ny * g.dimensions[2]);
  background(spec, g, object);
  const table = sectionTable(spec, main);
  const halfDiag = 0.5 * Math.hypot(sx, sy, sz);
  const growth = Math.max(0, ...spec.lesions.map((l) => l.outerGrowthMm));
  const mainBand = band(g, main, spec.vessel.radiusProximalMm + spec.vessel.wallMm + growth + halfDiag + 0.05);
  const branchBands = spec.branches.map((b, n) => band(g, branches[n]!, b.radiusMm + spec.vessel.wallMm + halfDiag + 0.05));
  const branchHu = spec.branches.map((b) => table.lumenHu[Math.round((b.takeoffSMm - main.s0Mm) / main.stepMm)]!);
  const nSub: V3 = [Math.max(2, Math.ceil(sx / 0.15)), Math.max(2, Math.ceil(sy / 0.15)), Math.max(2, Math.ceil(sz / 0.15))];
  const lp: LocalPoint = { sMm: 0, xMm: 0, yMm: 0, index: 0, inside: false };
  const hit: Hit = { code: OUTSIDE, hu: 0 }, best: Hit = { code: OUTSIDE, hu: 0 };
  const done = new Uint8Array(object.length);
  const qb = new Int32Array(branchBands.length);
  const voxel = (i: number, j: number, k: number, qMain: number): void => {
    const v = i + nx * (j + ny * k);
    if (done[v]) return;
    done[v] = 1;
    for (let n = 0; n < qb.length; n++) qb[n] = bandAt(branchBands[n]!, i, j, k);
    const bg = object[v]!;
    let sum = 0, count = 0;
    for (let w = 0; w < nSub[2]; w++) for (let u = 0; u < nSub[1]; u++) for (let r = 0; r < nSub[0]; r++) {
      const di = ((r + 0.5) / nSub[0] - 0.5 + i) * sx, dj = ((u + 0.5) / nSub[1] - 0.5 + j) * sy, dk = ((w + 0.5) / nSub[2] - 0.5 + k) * sz;
      const px = g.originLps[0] + di * dirs[0][0] + dj * dirs[1][0] + dk * dirs[2][0];
      const py = g.originLps[1] + di * dirs[0][1] + dj * dirs[1][1] + dk * dirs[2][1];
      const pz = g.originLps[2] + di * dirs[0][2] + dj * dirs[1][2] + dk * dirs[2][2];
      best.code = OUTSIDE;
      if (qMain !== 0xffff) {
        project(main, px, py, pz, qMain, lp);
        if (lp.inside) {
          classifyMain(spec, table, lp.index, lp.sMm, lp.xMm, lp.yMm, hit);
          if (hit.code > best.code) { best.code = hit.code; best.hu = hit.hu; }
        }
      }
      for (let n = 0; n < qb.length && best.code < LUMEN; n++) {
        if (qb[n] === 0xffff) continue;
        project(branches[n]!, px, py, pz, qb[n]!, lp);
        if (!lp.inside) continue;
        classifyBranch(spec.branches[n]!, spec.vessel.wallMm, spec.imaging.wallHu, branchHu[n]!, lp.sMm, lp.xMm, lp.yMm, hit);
        if (hit.code > best.code && (best.code < CALCIUM || hit.code === LUMEN)) { best.code = hit.code; best.hu = hit.hu; }
      }
      sum += best.code === OUTSIDE ? bg : best.hu;
      count++;
    }
    object[v] = sum / count;
  };
  for (const [n, b] of [mainBand, ...branchBands].entries()) {
    for (let w = 0; w < b.dims[2]; w++) for (let u = 0; u < b.dims[1]; u++) for (let r = 0; r < b.dims[0]; r++) {
      if (b.nearest[r + b.dims[0] * (u + b.dims[1] * w)] === 0xffff) continue;
      const i = r + b.lo[0], j = u + b.lo[1], k = w + b.lo[2];
      voxel(i, j, k, n === 0 ? b.nearest[r + b.dims[0] * (u + b.dims[1] * w)]! : bandAt(mainBand, i, j, k));
    }
  }
  return { object, table };
}

/** Normalised sampled Gaussian of σ (voxels); a delta below 0.05 voxel. */
export function gaussianKernel(sigmaVox: number): Float32Array {
  if (sigmaVox < 0.05) return new Float32Array([1]);
  const r = Math.ceil(3 * sigmaVox);
  const k = new Float32Array(2 * r + 1);
  let s = 0;
  for (let q = -r; q <= r; q++) s += k[q + r] = Math.exp(-(q * q) / (2 * sigmaVox * sigmaVox));
  for (let q = 0; q < k.length; q++) k[q]! /= s;
  return k;
}

/** Separable convolution along one axis in place (edges clamped). */
export function convolveAxis(data: Float32Array, dims: readonly number[], axis: 0 | 1 | 2, kernel: Float32Array): void {
  if (kernel.length === 1) return;
  const [nx, ny, nz] = dims as [number, number, number];
  const n = [nx, ny, nz][axis]!, stride = [1, nx, nx * ny][axis]!;
  const r = (kernel.length - 1) / 2, taps = kernel.length;
  const line = new Float32Array(n + 2 * r);
  const run = (s0: number): void => {
    for (let q = 0; q < n; q++) line[q + r] = data[s0 + q * stride]!;
    const first = line[r]!, last = line[r + n - 1]!;
    for (let q = 0; q < r; q++) { line[q] = first; line[r + n + q] = last; }
    for (let q = 0; q < n; q++) {
      let acc = 0;
      for (let t = 0; t < taps; t++) acc += kernel[t]! * line[q + t]!;
      data[s0 + q * stride] = acc;
    }
  };
  if (axis === 0) for (let q = 0; q < ny * nz; q++) run(q * nx);
  else if (axis === 1) for (let k = 0; k < nz; k++) for (let i = 0; i < nx; i++) run(k * nx * ny + i);
  else for (let q = 0; q < nx * ny; q++) run(q);
}

export const FWHM_TO_SIGMA = 1 / (2 * Math.sqrt(2 * Math.log(2)));

/** PSF, noise, rounding: the stored HU volume. */
export function formImage(spec: SeriesSpec, g: Grid, object: Float32Array, rng: Rng): Int16Array {
  const im = spec.imaging;
  const [sx, sy, sz] = g.spacingMm;
  convolveAxis(object, g.dimensions, 0, gaussianKernel((im.psfFwhmInPlaneMm * FWHM_TO_SIGMA) / sx));
  convolveAxis(object, g.dimensions, 1, gaussianKernel((im.psfFwhmInPlaneMm * FWHM_TO_SIGMA) / sy));
  convolveAxis(object, g.dimensions, 2, gaussianKernel((im.psfFwhmZMm * FWHM_TO_SIGMA) / sz));
  const table = gaussianTable();
  const noise = new Float32Array(object.length);
  for (let v = 0; v < noise.length; v += 2) {
    const u = rng.u32();
    noise[v] = table[u >>> 16]!;
    if (v + 1 < noise.length) noise[v + 1] = table[u & 0xffff]!;
  }
  let gain = im.noiseSdHu;
  if (im.noiseCorrelationVox > 0) {
    const kxy = gaussianKernel(im.noiseCorrelationVox), kz = gaussianKernel(im.noiseCorrelationVox * 0.5);
    convolveAxis(noise, g.dimensions, 0, kxy);
    convolveAxis(noise, g.dimensions, 1, kxy);
    convolveAxis(noise, g.dimensions, 2, kz);
    const e = (k: Float32Array): number => k.reduce((s, w) => s + w * w, 0);
    gain /= Math.sqrt(e(kxy) * e(kxy) * e(kz));
  }
  const out = new Int16Array(object.length);
  for (let v = 0; v < out.length; v++) out[v] = Math.max(-1024, Math.min(3071, Math.round(object[v]! + gain * noise[v]!)));
  return out;
}
