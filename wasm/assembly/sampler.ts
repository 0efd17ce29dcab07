// Trilinear sampling kernels with explicit v128 SIMD (4 samples per step, f32 lanes).
// Twin of src/kernels/sample.ts (sampleLinesRef, samplePointsIjk): same positions (float32
// p = start + n·step, slab p + k'·slabStep), same inside test (0 ≤ i ≤ n−1 per axis, else `fill`),
// same clamped base corner (min(floor, n−2)). Gathers are scalar: one i32 load fetches the two
// x-neighbours (v[b], v[b+1]) of a voxel pair, split into lanes with shifts; all math is SIMD.
// Memory: imported; the caller lays out the int16 volume, the line table and the output.
// mode: 0 = MIP, 1 = MinIP, 2 = mean (only when K > 1).

// Trilinear of 4 points (x, y, z lanes, voxel units) → f32x4; out-of-grid lanes get `fillv`.
@inline
function tri4(vol: usize, x: v128, y: v128, z: v128, nxf: v128, nyf: v128, nzf: v128,
  nxm2: v128, nym2: v128, nzm2: v128, nx: i32, nxy: i32, fillv: v128, checked: bool): v128 {
  const zero = f32x4.splat(0);
  let inside = zero;
  let cx = x, cy = y, cz = z;
  if (checked) {
    inside = v128.and(
      v128.and(v128.and(f32x4.ge(x, zero), f32x4.le(x, nxf)), v128.and(f32x4.ge(y, zero), f32x4.le(y, nyf))),
      v128.and(f32x4.ge(z, zero), f32x4.le(z, nzf)));
    // clamp so every lane reads inside the grid (results of outside lanes are discarded)
    cx = f32x4.min(f32x4.max(x, zero), nxf);
    cy = f32x4.min(f32x4.max(y, zero), nyf);
    cz = f32x4.min(f32x4.max(z, zero), nzf);
  }
  const ix = i32x4.min_s(i32x4.trunc_sat_f32x4_s(cx), nxm2);
  const iy = i32x4.min_s(i32x4.trunc_sat_f32x4_s(cy), nym2);
  const iz = i32x4.min_s(i32x4.trunc_sat_f32x4_s(cz), nzm2);
  const fx = f32x4.sub(cx, f32x4.convert_i32x4_s(ix));
  const fy = f32x4.sub(cy, f32x4.convert_i32x4_s(iy));
  const fz = f32x4.sub(cz, f32x4.convert_i32x4_s(iz));
  const b = i32x4.add(ix, i32x4.add(i32x4.mul(iy, i32x4.splat(nx)), i32x4.mul(iz, i32x4.splat(nxy))));
  const oy = <usize>nx << 1, oz = <usize>nxy << 1, oyz = oy + oz;
  const a0 = vol + (<usize>i32x4.extract_lane(b, 0) << 1);
  const a1 = vol + (<usize>i32x4.extract_lane(b, 1) << 1);
  const a2 = vol + (<usize>i32x4.extract_lane(b, 2) << 1);
  const a3 = vol + (<usize>i32x4.extract_lane(b, 3) << 1);
  let p00 = i32x4.splat(load<i32>(a0));
  p00 = i32x4.replace_lane(p00, 1, load<i32>(a1));
  p00 = i32x4.replace_lane(p00, 2, load<i32>(a2));
  p00 = i32x4.replace_lane(p00, 3, load<i32>(a3));
  let p10 = i32x4.splat(load<i32>(a0 + oy));
  p10 = i32x4.replace_lane(p10, 1, load<i32>(a1 + oy));
  p10 = i32x4.replace_lane(p10, 2, load<i32>(a2 + oy));
  p10 = i32x4.replace_lane(p10, 3, load<i32>(a3 + oy));
  let p01 = i32x4.splat(load<i32>(a0 + oz));
  p01 = i32x4.replace_lane(p01, 1, load<i32>(a1 + oz));
  p01 = i32x4.replace_lane(p01, 2, load<i32>(a2 + oz));
  p01 = i32x4.replace_lane(p01, 3, load<i32>(a3 + oz));
  let p11 = i32x4.splat(load<i32>(a0 + oyz));
  p11 = i32x4.replace_lane(p11, 1, load<i32>(a1 + oyz));
  p11 = i32x4.replace_lane(p11, 2, load<i32>(a2 + oyz));
  p11 = i32x4.replace_lane(p11, 3, load<i32>(a3 + oyz));
  const c00 = lerpPair(p00, fx), c10 = lerpPair(p10, fx), c01 = lerpPair(p01, fx), c11 = lerpPair(p11, fx);
  const c0 = f32x4.add(c00, f32x4.mul(fy, f32x4.sub(c10, c00)));
  const c1 = f32x4.add(c01, f32x4.mul(fy, f32x4.sub(c11, c01)));
  const r = f32x4.add(c0, f32x4.mul(fz, f32x4.sub(c1, c0)));
  return checked ? v128.bitselect(r, fillv, inside) : r;
}

// lanes hold (v[b] | v[b+1] << 16): lo + f·(hi − lo)
@inline
function lerpPair(p: v128, f: v128): v128 {
  const lo = f32x4.convert_i32x4_s(i32x4.shr_s(i32x4.shl(p, 16), 16));
  const hi = f32x4.convert_i32x4_s(i32x4.shr_s(p, 16));
  return f32x4.add(lo, f32x4.mul(f, f32x4.sub(hi, lo)));
}

@inline
function store4(out: usize, r: v128, left: i32): void {
  if (left >= 4) { v128.store(out, r); return; }
  store<f32>(out, f32x4.extract_lane(r, 0));
  if (left > 1) store<f32>(out, f32x4.extract_lane(r, 1), 4);
  if (left > 2) store<f32>(out, f32x4.extract_lane(r, 2), 8);
}

/** Lines [first, end) of a table of 9 f32 per line (start, step, slabStep in ijk); out row l at out + 4·l·S. */
export function sampleLines(vol: usize, nx: i32, ny: i32, nz: i32, lines: usize, first: i32, end: i32,
  S: i32, K: i32, mode: i32, fill: f32, out: usize): void {
  const nxf = f32x4.splat(<f32>(nx - 1)), nyf = f32x4.splat(<f32>(ny - 1)), nzf = f32x4.splat(<f32>(nz - 1));
  const nxm2 = i32x4.splat(nx - 2), nym2 = i32x4.splat(ny - 2), nzm2 = i32x4.splat(nz - 2);
  const nxy = nx * ny;
  const fillv = f32x4.splat(fill);
  const half: f32 = <f32>(K - 1) * 0.5;
  const invK = f32x4.splat(<f32>1 / <f32>K);
  for (let l = first; l < end; l++) {
    const o = lines + <usize>l * 36;
    const sx = f32x4.splat(load<f32>(o)), sy = f32x4.splat(load<f32>(o, 4)), sz = f32x4.splat(load<f32>(o, 8));
    const dx = f32x4.splat(load<f32>(o, 12)), dy = f32x4.splat(load<f32>(o, 16)), dz = f32x4.splat(load<f32>(o, 20));
    const ex = load<f32>(o, 24), ey = load<f32>(o, 28), ez = load<f32>(o, 32);
    const row = out + (<usize>l * <usize>S << 2);
    // the samples of a line (and its slab) lie in the convex hull of its 4 extreme points: when those are
    // inside the grid (with a margin for float32 rounding), skip the per-sample bounds masks
    const n1 = <f32>(S - 1);
    const x0 = f32x4.extract_lane(sx, 0), y0 = f32x4.extract_lane(sy, 0), z0 = f32x4.extract_lane(sz, 0);
    const x1 = x0 + n1 * f32x4.extract_lane(dx, 0), y1 = y0 + n1 * f32x4.extract_lane(dy, 0), z1 = z0 + n1 * f32x4.extract_lane(dz, 0);
    const hx = half * ex, hy = half * ey, hz = half * ez;
    const safe = inGrid(x0 - hx, y0 - hy, z0 - hz, nx, ny, nz) && inGrid(x0 + hx, y0 + hy, z0 + hz, nx, ny, nz)
      && inGrid(x1 - hx, y1 - hy, z1 - hz, nx, ny, nz) && inGrid(x1 + hx, y1 + hy, z1 + hz, nx, ny, nz);
    if (safe) lineLoop(vol, sx, sy, sz, dx, dy, dz, ex, ey, ez, S, K, mode, half, invK, nxf, nyf, nzf, nxm2, nym2, nzm2, nx, nxy, fillv, row, false);
    else lineLoop(vol, sx, sy, sz, dx, dy, dz, ex, ey, ez, S, K, mode, half, invK, nxf, nyf, nzf, nxm2, nym2, nzm2, nx, nxy, fillv, row, true);
  }
}

@inline
function inGrid(x: f32, y: f32, z: f32, nx: i32, ny: i32, nz: i32): bool {
  const m: f32 = 1e-3;
  return x >= m && y >= m && z >= m && x <= <f32>(nx - 1) - m && y <= <f32>(ny - 1) - m && z <= <f32>(nz - 1) - m;
}

@inline
function lineLoop(vol: usize, sx: v128, sy: v128, sz: v128, dx: v128, dy: v128, dz: v128, ex: f32, ey: f32, ez: f32,
  S: i32, K: i32, mode: i32, half: f32, invK: v128, nxf: v128, nyf: v128, nzf: v128, nxm2: v128, nym2: v128, nzm2: v128,
  nx: i32, nxy: i32, fillv: v128, row: usize, checked: bool): void {
  const lane = f32x4(0, 1, 2, 3);
  for (let n = 0; n < S; n += 4) {
    const nv = f32x4.add(f32x4.splat(<f32>n), lane);
    const x = f32x4.add(sx, f32x4.mul(nv, dx));
    const y = f32x4.add(sy, f32x4.mul(nv, dy));
    const z = f32x4.add(sz, f32x4.mul(nv, dz));
    let r: v128;
    if (K == 1) {
      r = tri4(vol, x, y, z, nxf, nyf, nzf, nxm2, nym2, nzm2, nx, nxy, fillv, checked);
    } else {
      r = mode == 0 ? f32x4.splat(-Infinity) : mode == 1 ? f32x4.splat(Infinity) : f32x4.splat(0);
      for (let k = 0; k < K; k++) {
        const kk: f32 = <f32>k - half;
        const px = f32x4.add(x, f32x4.splat(kk * ex));
        const py = f32x4.add(y, f32x4.splat(kk * ey));
        const pz = f32x4.add(z, f32x4.splat(kk * ez));
        const v = tri4(vol, px, py, pz, nxf, nyf, nzf, nxm2, nym2, nzm2, nx, nxy, fillv, checked);
        r = mode == 0 ? f32x4.pmax(r, v) : mode == 1 ? f32x4.pmin(r, v) : f32x4.add(r, v);
      }
      if (mode == 2) r = f32x4.mul(r, invK);
    }
    store4(row + (<usize>n << 2), r, S - n);
  }
}

/** n points as interleaved ijk f32 triples → n f32 samples. */
export function samplePoints(vol: usize, nx: i32, ny: i32, nz: i32, ijk: usize, n: i32, fill: f32, out: usize): void {
  const nxf = f32x4.splat(<f32>(nx - 1)), nyf = f32x4.splat(<f32>(ny - 1)), nzf = f32x4.splat(<f32>(nz - 1));
  const nxm2 = i32x4.splat(nx - 2), nym2 = i32x4.splat(ny - 2), nzm2 = i32x4.splat(nz - 2);
  const nxy = nx * ny;
  const fillv = f32x4.splat(fill);
  for (let p = 0; p < n; p += 4) {
    const left = n - p;
    const q = ijk + <usize>p * 12;
    let x = f32x4.splat(load<f32>(q)), y = f32x4.splat(load<f32>(q, 4)), z = f32x4.splat(load<f32>(q, 8));
    if (left > 1) { x = f32x4.replace_lane(x, 1, load<f32>(q, 12)); y = f32x4.replace_lane(y, 1, load<f32>(q, 16)); z = f32x4.replace_lane(z, 1, load<f32>(q, 20)); }
    if (left > 2) { x = f32x4.replace_lane(x, 2, load<f32>(q, 24)); y = f32x4.replace_lane(y, 2, load<f32>(q, 28)); z = f32x4.replace_lane(z, 2, load<f32>(q, 32)); }
    if (left > 3) { x = f32x4.replace_lane(x, 3, load<f32>(q, 36)); y = f32x4.replace_lane(y, 3, load<f32>(q, 40)); z = f32x4.replace_lane(z, 3, load<f32>(q, 44)); }
    const r = tri4(vol, x, y, z, nxf, nyf, nzf, nxm2, nym2, nzm2, nx, nxy, fillv, true);
    store4(out + (<usize>p << 2), r, left);
  }
}

// the edge fits of the lumen profile run in the same module (and memory) as the ray sampling they follow
export { twoStepFit, shellFit } from './_edge-fits';

/**
 * `lines` rows of S float32 samples at `src` smoothed [1 2 1]/4 along each row (end samples: 0.75·end + 0.25·next)
 * into float64 rows at `dst`: the lumen profile's smoothing (src/vessel/rays.ts sampleSections), the same f64
 * arithmetic in the same order.
 */
export function smoothLines(src: usize, lines: i32, S: i32, dst: usize): void {
  const M = S - 1;
  for (let l = 0; l < lines; l++) {
    const d = src + (<usize>(l * S) << 2), o = dst + (<usize>(l * S) << 3);
    const d0 = <f64>load<f32>(d);
    store<f64>(o, 0.75 * d0 + 0.25 * <f64>load<f32>(d + (M > 0 ? 4 : 0)));
    let before = d0, at = M > 0 ? <f64>load<f32>(d, 4) : 0.0;
    for (let m = 1; m < M; m++) {
      const after = <f64>load<f32>(d + (<usize>(m + 1) << 2));
      store<f64>(o + (<usize>m << 3), 0.25 * (before + after) + 0.5 * at);
      before = at; at = after;
    }
    if (M > 0) store<f64>(o + (<usize>M << 3), 0.75 * <f64>load<f32>(d + (<usize>M << 2)) + 0.25 * <f64>load<f32>(d + (<usize>(M - 1) << 2)));
  }
}
