/**
 * Reference (plain TypeScript) samplers. Units: continuous voxel index ijk (voxel centres at integers).
 *
 * Trilinear: a point is inside when 0 ≤ i ≤ nx−1, 0 ≤ j ≤ ny−1, 0 ≤ k ≤ nz−1; outside → `fillHu`
 * (default −1024, air). The base corner is clamped to n−2 so the sample at i = nx−1 uses weight 1 on
 * the last voxel (exact, and the WASM twin never reads past the grid). Every axis needs ≥ 2 voxels.
 * Positions of line samples are formed in float32 exactly as the WASM kernel forms them
 * (p = fround(start + fround(n·step)), slab: fround(p + fround(k'·slabStep))), so both agree to ~1e-4 HU.
 *
 * Cubic B-spline (`interpolation: 'cubic'`): the approximating uniform cubic B-spline on the raw
 * voxels (no prefilter: smooths like a 1-2-1 kernel, preserves linear fields); neighbours are clamped
 * at the border; the inside test is the trilinear one. TS reference only (the WASM wrappers fall back).
 */
export const DEFAULT_FILL_HU = -1024;
export type SlabMode = 'mip' | 'minip' | 'mean';
export type Interpolation = 'linear' | 'cubic';

/** The minimum a sampler needs: the grid and its int16 HU voxels. */
export interface VoxelGrid {
  readonly dimensions: readonly [number, number, number];
  readonly voxels: Int16Array;
}

export function checkGrid(g: VoxelGrid): void {
  const [nx, ny, nz] = g.dimensions;
  if (!(nx >= 2 && ny >= 2 && nz >= 2)) throw new Error(`kernels need at least 2 voxels along each axis, got ${nx}×${ny}×${nz}`);
  if (g.voxels.length !== nx * ny * nz) throw new Error(`volume has ${g.voxels.length} voxels, dimensions say ${nx * ny * nz}`);
}

export function trilinearIjk(g: VoxelGrid, x: number, y: number, z: number, fillHu: number): number {
  const nx = g.dimensions[0], ny = g.dimensions[1], nz = g.dimensions[2];
  if (!(x >= 0 && y >= 0 && z >= 0 && x <= nx - 1 && y <= ny - 1 && z <= nz - 1)) return fillHu;
  const i = Math.min(Math.floor(x), nx - 2), j = Math.min(Math.floor(y), ny - 2), k = Math.min(Math.floor(z), nz - 2);
  const fx = x - i, fy = y - j, fz = z - k;
  const v = g.voxels;
  const sxy = nx * ny;
  const b = i + j * nx + k * sxy;
  const v000 = v[b]!, v100 = v[b + 1]!, v010 = v[b + nx]!, v110 = v[b + nx + 1]!;
  const v001 = v[b + sxy]!, v101 = v[b + sxy + 1]!, v011 = v[b + sxy + nx]!, v111 = v[b + sxy + nx + 1]!;
  const c00 = v000 + fx * (v100 - v000), c10 = v010 + fx * (v110 - v010);
  const c01 = v001 + fx * (v101 - v001), c11 = v011 + fx * (v111 - v011);
  const c0 = c00 + fy * (c10 - c00), c1 = c01 + fy * (c11 - c01);
  return c0 + fz * (c1 - c0);
}

function bsplineWeights(t: number, w: Float64Array): void {
  const t2 = t * t, t3 = t2 * t, u = 1 - t;
  w[0] = (u * u * u) / 6;
  w[1] = (3 * t3 - 6 * t2 + 4) / 6;
  w[2] = (-3 * t3 + 3 * t2 + 3 * t + 1) / 6;
  w[3] = t3 / 6;
}

/** Scratch for cubic sampling (pass one per thread; avoids allocation in loops). */
export interface CubicScratch { wx: Float64Array; wy: Float64Array; wz: Float64Array }
export function cubicScratch(): CubicScratch {
  return { wx: new Float64Array(4), wy: new Float64Array(4), wz: new Float64Array(4) };
}

export function cubicBSplineIjk(g: VoxelGrid, x: number, y: number, z: number, fillHu: number, s: CubicScratch): number {
  const nx = g.dimensions[0], ny = g.dimensions[1], nz = g.dimensions[2];
  if (!(x >= 0 && y >= 0 && z >= 0 && x <= nx - 1 && y <= ny - 1 && z <= nz - 1)) return fillHu;
  const i = Math.floor(x), j = Math.floor(y), k = Math.floor(z);
  bsplineWeights(x - i, s.wx); bsplineWeights(y - j, s.wy); bsplineWeights(z - k, s.wz);
  const v = g.voxels;
  let acc = 0;
  for (let c = 0; c < 4; c++) {
    const kk = Math.min(nz - 1, Math.max(0, k - 1 + c)) * nx * ny;
    let accY = 0;
    for (let b = 0; b < 4; b++) {
      const jj = kk + Math.min(ny - 1, Math.max(0, j - 1 + b)) * nx;
      let accX = 0;
      for (let a = 0; a < 4; a++) accX += s.wx[a]! * v[jj + Math.min(nx - 1, Math.max(0, i - 1 + a))]!;
      accY += s.wy[b]! * accX;
    }
    acc += s.wz[c]! * accY;
  }
  return acc;
}

/** Samples points given as ijk triples (float32) into `out` (one float32 per point). */
export function samplePointsIjk(
  g: VoxelGrid, ijk: Float32Array, out: Float32Array, fillHu = DEFAULT_FILL_HU, interpolation: Interpolation = 'linear',
): Float32Array {
  const n = Math.floor(ijk.length / 3);
  if (out.length < n) throw new Error(`output holds ${out.length} values, ${n} points given`);
  if (interpolation === 'cubic') {
    const s = cubicScratch();
    for (let p = 0; p < n; p++) out[p] = cubicBSplineIjk(g, ijk[3 * p]!, ijk[3 * p + 1]!, ijk[3 * p + 2]!, fillHu, s);
  } else {
    for (let p = 0; p < n; p++) out[p] = trilinearIjk(g, ijk[3 * p]!, ijk[3 * p + 1]!, ijk[3 * p + 2]!, fillHu);
  }
  return out;
}

/**
 * A batch of straight sampling lines — the one primitive behind CPR, cross-sections, oblique planes and
 * rays. Line l, sample n, slab sample k: P = start_l + n·step_l + (k − (K−1)/2)·slabStep_l (all ijk).
 * `lines` holds 9 float32 per line: start(3), step(3), slabStep(3). Output: lineCount × samplesPerLine.
 */
export interface LineBatch {
  readonly lines: Float32Array;
  readonly lineCount: number;
  readonly samplesPerLine: number;
  /** K ≥ 1 samples across the slab, combined by `slabMode` (ignored when K = 1) */
  readonly slabCount: number;
  readonly slabMode: SlabMode;
}

export const LINE_STRIDE = 9;

/** Samples lines [firstLine, endLine) of a batch into out (offset line·samplesPerLine). Reference. */
export function sampleLinesRef(
  g: VoxelGrid, batch: LineBatch, out: Float32Array, fillHu: number,
  firstLine = 0, endLine = batch.lineCount, interpolation: Interpolation = 'linear',
): void {
  const L = batch.lines, S = batch.samplesPerLine, K = batch.slabCount;
  const f = Math.fround;
  const half = (K - 1) / 2;
  const mode = batch.slabMode;
  const cs = interpolation === 'cubic' ? cubicScratch() : null;
  for (let l = firstLine; l < endLine; l++) {
    const o = l * LINE_STRIDE;
    const sx = L[o]!, sy = L[o + 1]!, sz = L[o + 2]!, dx = L[o + 3]!, dy = L[o + 4]!, dz = L[o + 5]!;
    const ex = L[o + 6]!, ey = L[o + 7]!, ez = L[o + 8]!;
    const base = l * S;
    for (let n = 0; n < S; n++) {
      const x = f(sx + f(n * dx)), y = f(sy + f(n * dy)), z = f(sz + f(n * dz));
      if (K === 1) {
        out[base + n] = cs ? cubicBSplineIjk(g, x, y, z, fillHu, cs) : trilinearIjk(g, x, y, z, fillHu);
        continue;
      }
      let acc = mode === 'mip' ? -Infinity : mode === 'minip' ? Infinity : 0;
      for (let k = 0; k < K; k++) {
        const kk = k - half;
        const px = f(x + f(kk * ex)), py = f(y + f(kk * ey)), pz = f(z + f(kk * ez));
        const v = cs ? cubicBSplineIjk(g, px, py, pz, fillHu, cs) : trilinearIjk(g, px, py, pz, fillHu);
        if (mode === 'mip') acc = v > acc ? v : acc;
        else if (mode === 'minip') acc = v < acc ? v : acc;
        else acc += v;
      }
      out[base + n] = mode === 'mean' ? acc / K : acc;
    }
  }
}
