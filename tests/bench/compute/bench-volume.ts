/**
 * The BENCH.md volume (/work/shared/BENCH.md), seeded: 512 × 512 × 256 int16 HU, spacing 0.4 × 0.4 × 0.5 mm,
 * identity orientation, origin (−100, −150, −200) mm LPS; background 40 HU + Gaussian noise SD 25 HU;
 * a 450 HU tube of radius 1.5 mm along a ~120 mm helix (radius 5 mm, pitch 34 mm) wound around a bowed
 * oblique axis; a 450 HU ellipsoid (semi-axes 30 × 18 × 15 mm) whose surface passes 2 mm from the tube
 * wall (a leak trap for path search). Returns the true centreline every 0.25 mm and the two end seeds.
 * Reusable by every bench (`centreline-roi`, `centreline-whole`): import { buildBenchVolume }.
 */
import type { Lps, Volume } from '../../../src/volume/volume';
import { seededRandom } from '../harness';

export interface BenchVolume {
  volume: Volume;
  /** true centreline, flat x,y,z LPS mm, every 0.25 mm of arc (120 mm of the curve) */
  centrelineLps: Float64Array;
  /** length of the centreline polyline (mm; 0.25 mm chords of the 120 mm curve) */
  lengthMm: number;
  seedsLps: [Lps, Lps];
  tubeRadiusMm: number;
  ellipsoid: { centreLps: Lps; semiAxesMm: [number, number, number] };
}

export interface BenchVolumeOptions {
  seed?: number;
  noiseSdHu?: number;
  /** default [512, 512, 256]; smaller grids keep spacing/origin (the phantom is clipped) */
  dimensions?: [number, number, number];
}

type V3 = [number, number, number];
const add = (a: V3, b: V3, s = 1): V3 => [a[0] + s * b[0], a[1] + s * b[1], a[2] + s * b[2]];
const sub = (a: V3, b: V3): V3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const dot = (a: V3, b: V3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const cross = (a: V3, b: V3): V3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
const unit = (a: V3): V3 => { const n = Math.hypot(...a); return [a[0] / n, a[1] / n, a[2] / n]; };

const TUBE_HU = 450, BACKGROUND_HU = 40, LENGTH_MM = 120, STEP_MM = 0.25;

/** Helix (radius 5 mm, pitch 34 mm) around a bowed oblique axis, resampled every 0.25 mm, 120 mm long. */
export function benchCentreline(centre: V3): Float64Array {
  const d = unit([1, 0.5, 0.35]);
  const e1 = unit(cross(d, [0, 0, 1]));
  const e2 = cross(d, e1);
  const axisLen = 95, bowMm = 6, radius = 5, pitch = 34;
  const dense: V3[] = [];
  for (let i = 0; i <= 20000; i++) {
    const t = i / 20000, a = (t - 0.5) * axisLen;
    const axis = add(add(centre, d, a), e1, bowMm * Math.sin(Math.PI * t));
    const phi = (2 * Math.PI * (t * axisLen)) / pitch;
    dense.push(add(add(axis, e1, radius * Math.cos(phi)), e2, radius * Math.sin(phi)));
  }
  const out: number[] = [...dense[0]!];
  let acc = 0, next = STEP_MM;
  for (let i = 1; i < dense.length && next <= LENGTH_MM + 1e-9; i++) {
    const a = dense[i - 1]!, b = dense[i]!, seg = Math.hypot(...sub(b, a));
    while (acc + seg >= next && next <= LENGTH_MM + 1e-9) {
      const w = (next - acc) / seg;
      out.push(a[0] + w * (b[0] - a[0]), a[1] + w * (b[1] - a[1]), a[2] + w * (b[2] - a[2]));
      next += STEP_MM;
    }
    acc += seg;
  }
  if (acc < LENGTH_MM) throw new Error(`bench centreline too short: ${acc} mm`);
  return Float64Array.from(out);
}

/** Distance from q to the surface of an axis-aligned ellipsoid (Eberly's bisection); negative inside. */
export function ellipsoidDistance(q: V3, c: V3, a: V3): number {
  const y = [Math.abs(q[0] - c[0]), Math.abs(q[1] - c[1]), Math.abs(q[2] - c[2])] as V3;
  const f = (t: number) => (a[0] * y[0] / (t + a[0] ** 2)) ** 2 + (a[1] * y[1] / (t + a[1] ** 2)) ** 2 + (a[2] * y[2] / (t + a[2] ** 2)) ** 2 - 1;
  if (f(0) <= 0) return -1;
  let lo = 0, hi = Math.hypot(...y) * Math.max(...a);
  for (let it = 0; it < 80; it++) { const m = (lo + hi) / 2; if (f(m) > 0) lo = m; else hi = m; }
  const t = (lo + hi) / 2;
  const x = [0, 1, 2].map((i) => (a[i]! ** 2 * y[i]!) / (t + a[i]! ** 2)) as V3;
  return Math.hypot(...sub(x, y));
}

function placeEllipsoid(cl: Float64Array, axisDir: V3, semi: V3, gapMm: number): V3 {
  const n = cl.length / 3, m = Math.floor(n / 2);
  const p: V3 = [cl[3 * m]!, cl[3 * m + 1]!, cl[3 * m + 2]!];
  const t = unit(sub([cl[3 * m + 3]!, cl[3 * m + 4]!, cl[3 * m + 5]!], p));
  const u = unit(cross(t, axisDir));
  const minDist = (lambda: number) => {
    const c = add(p, u, lambda);
    let best = Infinity;
    for (let i = 0; i < n; i++) best = Math.min(best, ellipsoidDistance([cl[3 * i]!, cl[3 * i + 1]!, cl[3 * i + 2]!], c, semi));
    return best;
  };
  let lo = 0, hi = 80;
  for (let it = 0; it < 50; it++) { const mid = (lo + hi) / 2; if (minDist(mid) < gapMm) lo = mid; else hi = mid; }
  return add(p, u, hi);
}

export function buildBenchVolume(opts: BenchVolumeOptions = {}): BenchVolume {
  const [nx, ny, nz] = opts.dimensions ?? [512, 512, 256];
  const sp: V3 = [0.4, 0.4, 0.5], origin: V3 = [-100, -150, -200];
  const rnd = seededRandom(opts.seed ?? 1);
  const sd = opts.noiseSdHu ?? 25;
  const vox = new Int16Array(nx * ny * nz);
  // Gaussian noise: a table of 65536 Box–Muller deviates (seeded), indexed by 16-bit halves of a
  // seeded xorshift32 stream (fast enough for 67 M voxels; SD and mean as specified).
  const table = new Float32Array(65536);
  for (let i = 0; i < table.length; i += 2) {
    const r = Math.sqrt(-2 * Math.log(1 - rnd())), th = 2 * Math.PI * rnd();
    table[i] = r * Math.cos(th); table[i + 1] = r * Math.sin(th);
  }
  let x = (Math.floor(rnd() * 0xffffffff) | 1) >>> 0;
  for (let i = 0; i < vox.length; i += 2) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    vox[i] = Math.round(BACKGROUND_HU + sd * table[x & 0xffff]!);
    if (i + 1 < vox.length) vox[i + 1] = Math.round(BACKGROUND_HU + sd * table[(x >>> 16) & 0xffff]!);
  }
  const centre: V3 = [-100 + 511 * 0.2, -150 + 511 * 0.2, -200 + 255 * 0.25];
  const cl = benchCentreline(centre);
  const tubeRadiusMm = 1.5;
  const semi: V3 = [30, 18, 15];
  const eCentre = placeEllipsoid(cl, unit([1, 0.5, 0.35]), semi, tubeRadiusMm + 2);
  const idx = (p: V3): V3 => [(p[0] - origin[0]) / sp[0], (p[1] - origin[1]) / sp[1], (p[2] - origin[2]) / sp[2]];
  const paint = (i: number, j: number, k: number, frac: number) => {
    if (i < 0 || j < 0 || k < 0 || i >= nx || j >= ny || k >= nz || frac <= 0) return;
    const o = i + j * nx + k * nx * ny;
    const v = vox[o]! + (TUBE_HU - BACKGROUND_HU) * Math.min(1, frac);
    vox[o] = Math.max(vox[o]!, Math.round(v));
  };
  // ellipsoid (edge anti-aliased over ~0.4 mm)
  const lo = idx(sub(eCentre, semi)), hi = idx(add(eCentre, semi));
  for (let k = Math.floor(lo[2]) - 1; k <= Math.ceil(hi[2]) + 1; k++)
    for (let j = Math.floor(lo[1]) - 1; j <= Math.ceil(hi[1]) + 1; j++)
      for (let i = Math.floor(lo[0]) - 1; i <= Math.ceil(hi[0]) + 1; i++) {
        const q: V3 = [origin[0] + i * sp[0] - eCentre[0], origin[1] + j * sp[1] - eCentre[1], origin[2] + k * sp[2] - eCentre[2]];
        const s = Math.hypot(q[0] / semi[0], q[1] / semi[1], q[2] / semi[2]);
        paint(i, j, k, (1 - s) * 15 / 0.4 + 0.5);
      }
  // tube: distance of each nearby voxel to the centreline polyline
  const n = cl.length / 3, reach = tubeRadiusMm + 1;
  const dist = new Map<number, number>();
  for (let s = 0; s + 1 < n; s++) {
    const a: V3 = [cl[3 * s]!, cl[3 * s + 1]!, cl[3 * s + 2]!], b: V3 = [cl[3 * s + 3]!, cl[3 * s + 4]!, cl[3 * s + 5]!];
    const ab = sub(b, a), l2 = dot(ab, ab);
    const c0 = idx(a);
    for (let k = Math.floor(c0[2] - reach / sp[2]); k <= Math.ceil(c0[2] + reach / sp[2]); k++)
      for (let j = Math.floor(c0[1] - reach / sp[1]); j <= Math.ceil(c0[1] + reach / sp[1]); j++)
        for (let i = Math.floor(c0[0] - reach / sp[0]); i <= Math.ceil(c0[0] + reach / sp[0]); i++) {
          if (i < 0 || j < 0 || k < 0 || i >= nx || j >= ny || k >= nz) continue;
          const q: V3 = [origin[0] + i * sp[0], origin[1] + j * sp[1], origin[2] + k * sp[2]];
          const w = Math.min(1, Math.max(0, dot(sub(q, a), ab) / l2));
          const d = Math.hypot(...sub(q, add(a, ab, w)));
          const o = i + j * nx + k * nx * ny;
          if (d < (dist.get(o) ?? Infinity)) dist.set(o, d);
        }
  }
  for (const [o, d] of dist) {
    const k = Math.floor(o / (nx * ny)), j = Math.floor((o - k * nx * ny) / nx), i = o - k * nx * ny - j * nx;
    paint(i, j, k, (tubeRadiusMm - d) / 0.4 + 0.5);
  }
  const volume: Volume = { dimensions: [nx, ny, nz], spacingMm: sp, originLps: origin, directions: [[1, 0, 0], [0, 1, 0], [0, 0, 1]], voxels: vox };
  const last = cl.length - 3;
  return {
    volume, centrelineLps: cl, lengthMm: polylineLength(cl), tubeRadiusMm,
    seedsLps: [[cl[0]!, cl[1]!, cl[2]!], [cl[last]!, cl[last + 1]!, cl[last + 2]!]],
    ellipsoid: { centreLps: eCentre, semiAxesMm: semi },
  };
}

function polylineLength(p: Float64Array): number {
  let l = 0;
  for (let i = 3; i < p.length; i += 3) l += Math.hypot(p[i]! - p[i - 3]!, p[i + 1]! - p[i - 2]!, p[i + 2]! - p[i - 1]!);
  return l;
}
