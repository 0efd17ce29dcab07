/**
 * Synthetic vessel volumes with exact truth for the vessel tests and benches (until/besides the
 * phantom): a tube along a curve with a lumen cross-section function, optional chamber, blur (Gaussian
 * PSF) and coloured noise. Coordinates: LPS mm, identity orientation unless `directions` given.
 */
import type { Lps, Volume } from '../../../src/volume/volume.ts';
import { arcLengths, rotationMinimisingFrames, tangents } from '../../../src/vessel/curve.ts';
import { seededRandom } from '../../bench/harness.ts';

/** HU at in-plane offset (u along N, v along B) of the section at arc length s, or null outside the vessel. */
export type SectionFn = (sMm: number, uMm: number, vMm: number) => number | null;

export interface TubeSpec {
  readonly dims: readonly [number, number, number];
  readonly spacingMm: readonly [number, number, number];
  readonly originLps: readonly [number, number, number];
  /** the centreline sampled densely (≤ 0.1 mm) */
  readonly curve: readonly Lps[];
  readonly section: SectionFn;
  /** max radius (mm) of anything the section function draws */
  readonly maxRadiusMm: number;
  readonly backgroundHu: number;
  readonly noiseSdHu: number;
  readonly psfFwhmMm: number;
  /** PSF FWHM along z (slice profile), mm; default psfFwhmMm */
  readonly psfFwhmZMm?: number;
  readonly seed: number;
  /** extra objects drawn before the tube: return HU or null */
  readonly extra?: (p: Lps) => number | null;
}

export interface Tube {
  readonly volume: Volume;
  /** centreline and lumen radius truth (every 0.25 mm) */
  readonly truth: { lps: Lps; sMm: number }[];
}

export function helixCurve(lengthMm: number, centre: Lps, radiusMm: number, pitchMm: number, stepMm = 0.05): Lps[] {
  const pts: Lps[] = [];
  const turnLen = Math.hypot(2 * Math.PI * radiusMm, pitchMm);
  const n = Math.ceil(lengthMm / stepMm);
  for (let q = 0; q <= n; q++) {
    const s = (q * lengthMm) / n;
    const th = (2 * Math.PI * s) / turnLen;
    pts.push([centre[0] + radiusMm * Math.cos(th), centre[1] + radiusMm * Math.sin(th), centre[2] - lengthMm * pitchMm / turnLen / 2 + (pitchMm * s) / turnLen]);
  }
  return pts;
}

export function lineCurve(a: Lps, b: Lps, stepMm = 0.05): Lps[] {
  const len = Math.hypot(b[0] - a[0], b[1] - a[1], b[2] - a[2]);
  const n = Math.ceil(len / stepMm);
  return Array.from({ length: n + 1 }, (_, q) => [0, 1, 2].map((k) => a[k]! + ((b[k]! - a[k]!) * q) / n) as [number, number, number]);
}

function gaussKernel(sigmaVox: number): Float32Array {
  const r = Math.max(1, Math.ceil(3 * sigmaVox));
  const k = new Float32Array(2 * r + 1);
  let sum = 0;
  for (let d = -r; d <= r; d++) { k[d + r] = Math.exp(-(d * d) / (2 * sigmaVox * sigmaVox)); sum += k[d + r]!; }
  for (let d = 0; d < k.length; d++) k[d]! /= sum;
  for (let d = 0; d < k.length; d++) k[d] = k[d]! / 1;
  return k;
}

export function blur3d(data: Float32Array, dims: readonly number[], sigmaVox: readonly number[]): Float32Array {
  const [nx, ny, nz] = dims as [number, number, number];
  let src: Float32Array = data, dst: Float32Array = new Float32Array(data.length);
  const strides = [1, nx, nx * ny], lens = [nx, ny, nz];
  for (let a = 0; a < 3; a++) {
    if (sigmaVox[a]! <= 0.05) continue;
    const k = gaussKernel(sigmaVox[a]!), r = (k.length - 1) / 2, st = strides[a]!, len = lens[a]!;
    for (let idx = 0; idx < data.length; idx++) {
      const c = a === 0 ? idx % nx : a === 1 ? ((idx / nx) | 0) % ny : (idx / (nx * ny)) | 0;
      let acc = 0;
      for (let d = -r; d <= r; d++) {
        const cc = Math.min(len - 1, Math.max(0, c + d));
        acc += k[d + r]! * src[idx + (cc - c) * st]!;
      }
      dst[idx] = acc;
    }
    [src, dst] = [dst, src];
  }
  return src;
}

export function makeTube(spec: TubeSpec): Tube {
  const [nx, ny, nz] = spec.dims;
  const [sx, sy, sz] = spec.spacingMm;
  const o = spec.originLps;
  const n = nx * ny * nz;
  const hu = new Float32Array(n);
  const curve = spec.curve;
  const s = arcLengths(curve);
  const fr = rotationMinimisingFrames(curve, tangents(curve, 1));
  const nearest = new Int32Array(n).fill(-1);
  const dist2 = new Float32Array(n).fill(Infinity);
  const R = spec.maxRadiusMm + 0.5;
  const posOf = (i: number, j: number, k: number): Lps => [o[0] + i * sx, o[1] + j * sy, o[2] + k * sz];
  for (let idx = 0; idx < n; idx++) {
    const i = idx % nx, j = ((idx / nx) | 0) % ny, k = (idx / (nx * ny)) | 0;
    hu[idx] = spec.extra?.(posOf(i, j, k)) ?? spec.backgroundHu;
  }
  curve.forEach((c, q) => {
    const i0 = Math.max(0, Math.floor((c[0] - R - o[0]) / sx)), i1 = Math.min(nx - 1, Math.ceil((c[0] + R - o[0]) / sx));
    const j0 = Math.max(0, Math.floor((c[1] - R - o[1]) / sy)), j1 = Math.min(ny - 1, Math.ceil((c[1] + R - o[1]) / sy));
    const k0 = Math.max(0, Math.floor((c[2] - R - o[2]) / sz)), k1 = Math.min(nz - 1, Math.ceil((c[2] + R - o[2]) / sz));
    for (let k = k0; k <= k1; k++) for (let j = j0; j <= j1; j++) for (let i = i0; i <= i1; i++) {
      const p = posOf(i, j, k);
      const d2 = (p[0] - c[0]) ** 2 + (p[1] - c[1]) ** 2 + (p[2] - c[2]) ** 2;
      const idx = i + j * nx + k * nx * ny;
      if (d2 < dist2[idx]! && d2 <= R * R) { dist2[idx] = d2; nearest[idx] = q; }
    }
  });
  const sub = [-0.25, 0.25];
  for (let idx = 0; idx < n; idx++) {
    const q = nearest[idx]!;
    if (q < 0) continue;
    const i = idx % nx, j = ((idx / nx) | 0) % ny, k = (idx / (nx * ny)) | 0;
    const c = curve[q]!, N = fr.n[q]!, B = fr.b[q]!;
    let acc = 0, cnt = 0, any = false;
    for (const a of sub) for (const b of sub) for (const d of sub) {
      const p = posOf(i + a, j + b, k + d);
      const rel = [p[0] - c[0], p[1] - c[1], p[2] - c[2]];
      const u = rel[0]! * N[0] + rel[1]! * N[1] + rel[2]! * N[2];
      const v = rel[0]! * B[0] + rel[1]! * B[1] + rel[2]! * B[2];
      const val = spec.section(s[q]!, u, v);
      if (val !== null) any = true;
      acc += val ?? hu[idx]!; cnt++;
    }
    if (any) hu[idx] = acc / cnt;
  }
  const sigmaMm = spec.psfFwhmMm / 2.3548;
  const sig = [sigmaMm / sx, sigmaMm / sy, (spec.psfFwhmZMm ?? spec.psfFwhmMm) / 2.3548 / sz];
  const blurred = blur3d(hu, spec.dims, sig);
  const rnd = seededRandom(spec.seed);
  const noise = new Float32Array(n);
  for (let idx = 0; idx < n; idx += 2) {
    const u1 = Math.max(1e-12, rnd()), u2 = rnd();
    const m = Math.sqrt(-2 * Math.log(u1));
    noise[idx] = m * Math.cos(2 * Math.PI * u2);
    if (idx + 1 < n) noise[idx + 1] = m * Math.sin(2 * Math.PI * u2);
  }
  const cn = blur3d(noise, spec.dims, sig);
  let ss = 0;
  for (let idx = 0; idx < n; idx++) ss += cn[idx]! * cn[idx]!;
  const f = spec.noiseSdHu / Math.sqrt(ss / n || 1);
  const voxels = new Int16Array(n);
  for (let idx = 0; idx < n; idx++) voxels[idx] = Math.max(-32768, Math.min(32767, Math.round(blurred[idx]! + f * cn[idx]!)));
  const volume: Volume = {
    dimensions: [nx, ny, nz], spacingMm: [sx, sy, sz], originLps: [o[0], o[1], o[2]],
    directions: [[1, 0, 0], [0, 1, 0], [0, 0, 1]], voxels,
  };
  const truth: { lps: Lps; sMm: number }[] = [];
  const total = s[s.length - 1]!;
  let q = 0;
  for (let t = 0; t <= total + 1e-9; t += 0.25) {
    while (q < curve.length - 2 && s[q + 1]! < t) q++;
    const u = (t - s[q]!) / (s[q + 1]! - s[q]! || 1);
    const a = curve[q]!, b = curve[q + 1]!;
    truth.push({ sMm: t, lps: [a[0] + (b[0] - a[0]) * u, a[1] + (b[1] - a[1]) * u, a[2] + (b[2] - a[2]) * u] });
  }
  return { volume, truth };
}

/**
 * Round lumen of radius r(s) inside a vessel of healthy radius ref(s): plaque (plaqueHu) fills
 * ref − r, and a 0.5 mm wall (wallHu) surrounds the vessel.
 */
export function roundSection(radiusMm: (s: number) => number, lumenHu: number, opts: { refMm?: (s: number) => number; plaqueHu?: number; wallHu?: number } = {}): SectionFn {
  const wallHu = opts.wallHu ?? 40, plaqueHu = opts.plaqueHu ?? 60;
  return (s, u, v) => {
    const d = Math.hypot(u, v), r = radiusMm(s), ref = Math.max(r, opts.refMm?.(s) ?? r);
    if (d <= r) return lumenHu;
    if (d <= ref) return plaqueHu;
    if (d <= ref + 0.5) return wallHu;
    return null;
  };
}

/** Smooth stenosis bump: fraction of narrowing at s (0 outside [centre ± half]). */
export function bump(s: number, centreMm: number, halfLengthMm: number): number {
  const x = (s - centreMm) / halfLengthMm;
  return Math.abs(x) >= 1 ? 0 : 0.5 * (1 + Math.cos(Math.PI * x));
}
