/**
 * Exact Euclidean distance transform (Felzenszwalb & Huttenlocher's lower envelope of parabolas, one axis at a
 * time) on an anisotropic grid. Input: squared distances, 0 on the sources and Infinity elsewhere; output: in
 * place, the squared distance in mm² to the nearest source.
 * The first axis of a 0/Infinity input is the distance to the nearest source along the line (two scans, the
 * same products as the envelope gives there); the strided axes copy a tile of neighbouring lines at a time so
 * that each memory row read serves TILE lines.
 */

/** Lines of a strided axis transformed together (neighbours in memory along the first axis). */
const TILE = 16;

/** Scratch of one transform: a line's values, the envelope's roots and breaks, and a tile of lines. */
interface Scratch { f: Float64Array; v: Int32Array; z: Float64Array; tile: Float32Array }

/**
 * One line of the 1D squared transform on `f` (n samples, spacing `stepMm`), written to out[outStart + q·outStride].
 * `f` holds the line's input; a line of sources only (every value 0) or of no source is left as it is.
 */
function envelope(f: Float64Array, n: number, stepMm: number, v: Int32Array, z: Float64Array, out: Float32Array, outStart: number, outStride: number): void {
  const s2 = stepMm * stepMm;
  let k = 0;
  let first = 0;
  while (first < n && !Number.isFinite(f[first]!)) first++;
  if (first === n) return;
  v[0] = first; z[0] = -Infinity; z[1] = Infinity;
  for (let q = first + 1; q < n; q++) {
    const fq = f[q]!;
    if (!Number.isFinite(fq)) continue;
    for (;;) {
      const p = v[k]!;
      // intersection of the parabolas rooted at q and p, in samples
      const s = (fq + s2 * q * q - (f[p]! + s2 * p * p)) / (2 * s2 * (q - p));
      if (s <= z[k]! && k > 0) { k--; continue; }
      if (s <= z[k]!) { v[0] = q; z[0] = -Infinity; z[1] = Infinity; break; }
      k++; v[k] = q; z[k] = s; z[k + 1] = Infinity;
      break;
    }
  }
  k = 0;
  for (let q = 0; q < n; q++) {
    while (z[k + 1]! < q) k++;
    const p = v[k]!;
    out[outStart + q * outStride] = s2 * (q - p) * (q - p) + f[p]!;
  }
}

/**
 * A contiguous line of 0 (sources) and Infinity: s2·(distance to the nearest source in samples)², the value the
 * envelope gives (its nearest parabola is the nearest source's, rooted at 0). False when the line holds other values.
 */
function binaryLine(d: Float32Array, start: number, n: number, stepMm: number): boolean {
  let sources = 0;
  for (let q = 0; q < n; q++) {
    const x = d[start + q]!;
    if (x === 0) sources++;
    else if (x !== Infinity) return false;
  }
  if (sources === 0 || sources === n) return true;
  const s2 = stepMm * stepMm;
  // forward: distance to the last source before; backward: the nearer of that and the next source after
  let last = -1;
  for (let q = 0; q < n; q++) {
    if (d[start + q] === 0) { last = q; continue; }
    if (last >= 0) d[start + q] = s2 * (q - last) * (q - last);
  }
  let next = -1;
  for (let q = n - 1; q >= 0; q--) {
    const x = d[start + q]!;
    if (x === 0) { next = q; continue; }
    if (next < 0) continue;
    const viaNext = s2 * (q - next) * (q - next);
    if (viaNext < x) d[start + q] = viaNext;
  }
  return true;
}

/** The first axis: contiguous lines. */
function firstAxis(d: Float32Array, nx: number, lines: number, stepMm: number, s: Scratch): void {
  for (let l = 0; l < lines; l++) {
    const start = l * nx;
    if (binaryLine(d, start, nx, stepMm)) continue;
    let any = false;
    for (let q = 0; q < nx; q++) { const x = d[start + q]!; s.f[q] = x; if (x !== 0) any = true; }
    if (any) envelope(s.f, nx, stepMm, s.v, s.z, d, start, 1);
  }
}

/** A strided axis: lines of n samples `stride` apart, starting at base + i for i in [0, width) of each of `blocks` blocks `blockStep` apart. */
function stridedAxis(d: Float32Array, n: number, stride: number, width: number, blocks: number, blockStep: number, stepMm: number, s: Scratch): void {
  const { f, v, z } = s;
  for (let b = 0; b < blocks; b++) {
    for (let i = 0; i < width; i++) {
      const start = b * blockStep + i;
      let any = false;
      for (let q = 0; q < n; q++) { const x = d[start + q * stride]!; f[q] = x; if (x !== 0) any = true; }
      if (any) envelope(f, n, stepMm, v, z, d, start, stride);
    }
  }
}

/** Squared EDT in place on a (nx, ny, nz) grid with spacing (sx, sy, sz) mm. */
export function squaredEdt(d: Float32Array, dims: readonly [number, number, number], spacingMm: readonly [number, number, number]): void {
  const [nx, ny, nz] = dims;
  const nmax = Math.max(nx, ny, nz);
  const s: Scratch = { f: new Float64Array(nmax), v: new Int32Array(nmax), z: new Float64Array(nmax + 1), tile: new Float32Array(TILE * Math.max(ny, nz)) };
  firstAxis(d, nx, ny * nz, spacingMm[0], s);
  stridedAxis(d, ny, nx, nx, nz, nx * ny, spacingMm[1], s);
  stridedAxis(d, nz, nx * ny, nx * ny, 1, 0, spacingMm[2], s);
}
