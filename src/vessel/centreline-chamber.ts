/**
 * Wide bright regions (heart chambers, aorta) told from coronary lumen by their width: a morphological
 * opening of the bright mask by a ball of radius `radiusMm` keeps every voxel that lies in some ball of
 * that radius fully inside the mask. A coronary lumen (≤ ~5 mm across) vanishes; a chamber or the aortic
 * root (≥ 20 mm across) stays whole up to its wall. Exact Euclidean distance transforms (Felzenszwalb &
 * Huttenlocher, separable, anisotropic spacing) on a grid with the cost.ts layout (one wall voxel each side).
 */

/** Squared distance (mm²) of every grid voxel to the nearest voxel with `feature[idx] = 1` (∞ when none). */
export function squaredDistance(feature: Uint8Array, dims: readonly [number, number, number], spacingMm: readonly [number, number, number]): Float32Array {
  const [gx, gy, gz] = dims;
  const d = new Float32Array(gx * gy * gz);
  for (let q = 0; q < d.length; q++) d[q] = feature[q] ? 0 : Infinity;
  const maxLen = Math.max(gx, gy, gz);
  const f = new Float64Array(maxLen), out = new Float64Array(maxLen), z = new Float64Array(maxLen + 1);
  const v = new Int32Array(maxLen);
  const strides = [1, gx, gx * gy], lens = [gx, gy, gz];
  for (let ax = 0; ax < 3; ax++) {
    const st = strides[ax]!, len = lens[ax]!, w2 = spacingMm[ax]! * spacingMm[ax]!;
    const lines = d.length / len;
    for (let l = 0; l < lines; l++) {
      const base = ax === 0 ? l * gx : ax === 1 ? (l % gx) + Math.floor(l / gx) * gx * gy : l;
      let any = false;
      for (let m = 0; m < len; m++) { f[m] = d[base + m * st]!; if (f[m]! < Infinity) any = true; }
      if (!any) continue;
      edt1d(f, len, w2, out, v, z);
      for (let m = 0; m < len; m++) d[base + m * st] = out[m]!;
    }
  }
  return d;
}

/** 1-D lower envelope of parabolas w2·(x − q)² + f(q) (f may hold ∞). */
function edt1d(f: Float64Array, n: number, w2: number, out: Float64Array, v: Int32Array, z: Float64Array): void {
  let k = -1;
  for (let q = 0; q < n; q++) {
    if (!(f[q]! < Infinity)) continue;
    if (k < 0) { k = 0; v[0] = q; z[0] = -Infinity; z[1] = Infinity; continue; }
    let s: number;
    for (;;) {
      const p = v[k]!;
      s = ((f[q]! + w2 * q * q) - (f[p]! + w2 * p * p)) / (2 * w2 * (q - p));
      if (s <= z[k]! && k > 0) k--;
      else break;
    }
    if (s <= z[k]!) { v[0] = q; z[0] = -Infinity; z[1] = Infinity; k = 0; continue; }
    k++;
    v[k] = q; z[k] = s; z[k + 1] = Infinity;
  }
  let j = 0;
  for (let q = 0; q < n; q++) {
    while (z[j + 1]! < q) j++;
    const p = v[j]!;
    out[q] = w2 * (q - p) * (q - p) + f[p]!;
  }
}

/**
 * Chamber mask (1 = inside a bright region wider than 2 × radiusMm): opening of `smooth ≥ brightHu` by a
 * ball of radius `radiusMm` (NaN counts as background).
 */
export function chamberMask(smooth: Float32Array, dims: readonly [number, number, number], spacingMm: readonly [number, number, number], brightHu: number, radiusMm: number): Uint8Array {
  const n = smooth.length;
  const background = new Uint8Array(n);
  for (let q = 0; q < n; q++) background[q] = smooth[q]! >= brightHu ? 0 : 1;
  // the grid's walls keep their (clamped) HU: a chamber cut by the box border is taken to go on beyond it,
  // so it is still told from a coronary near the border
  const r2 = radiusMm * radiusMm;
  const toBg = squaredDistance(background, dims, spacingMm);
  const core = new Uint8Array(n);
  let anyCore = false;
  for (let q = 0; q < n; q++) if (toBg[q]! > r2) { core[q] = 1; anyCore = true; }
  if (!anyCore) return core;
  const toCore = squaredDistance(core, dims, spacingMm);
  const out = new Uint8Array(n);
  // < r (not ≤): a sphere of radius r inside the mask reaches voxels at distance < r from its centre
  for (let q = 0; q < n; q++) if (toCore[q]! < r2 && !background[q]) out[q] = 1;
  return out;
}

/** A grid of blocks of `factor` voxels per axis over a fine grid (block means; NaN voxels left out). */
export interface CoarseGrid {
  readonly dims: [number, number, number];
  readonly factor: [number, number, number];
  /** block linear index of fine grid voxel g */
  readonly blockOf: (g: number) => number;
}

export function coarseGrid(dims: readonly [number, number, number], factor: readonly [number, number, number]): CoarseGrid {
  const cd = [0, 1, 2].map((a) => Math.ceil(dims[a]! / factor[a]!)) as [number, number, number];
  const [gx, gy] = dims;
  const [f0, f1, f2] = factor;
  return {
    dims: cd, factor: [f0, f1, f2],
    blockOf: (g) => (((g % gx) / f0) | 0) + (((((g / gx) | 0) % gy) / f1) | 0) * cd[0] + ((((g / (gx * gy)) | 0) / f2) | 0) * cd[0] * cd[1],
  };
}

/** Block means of a fine grid's values. */
export function blockMeans(values: Float32Array, dims: readonly [number, number, number], c: CoarseGrid): Float32Array {
  const n = c.dims[0] * c.dims[1] * c.dims[2];
  const sum = new Float64Array(n), cnt = new Float64Array(n);
  for (let g = 0; g < values.length; g++) { const v = values[g]!; if (v === v) { const b = c.blockOf(g); sum[b] = sum[b]! + v; cnt[b] = cnt[b]! + 1; } }
  void dims;
  const out = new Float32Array(n);
  for (let b = 0; b < n; b++) out[b] = cnt[b]! > 0 ? sum[b]! / cnt[b]! : NaN;
  return out;
}
