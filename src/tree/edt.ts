/**
 * Exact Euclidean distance transform (Felzenszwalb & Huttenlocher's lower envelope of parabolas, one axis at a
 * time) on an anisotropic grid. Input: squared distances, 0 on the sources and Infinity elsewhere; output: in
 * place, the squared distance in mm² to the nearest source.
 */

/** One line of the 1D squared transform: f (stride `stride`, n samples, spacing `stepMm`) in place. */
function line(d: Float32Array, start: number, stride: number, n: number, stepMm: number, f: Float64Array, v: Int32Array, z: Float64Array): void {
  // a line of sources only (every value 0) stays as it is: sparse masks in a large box are mostly such lines
  let any = false;
  for (let q = 0; q < n; q++) { const x = d[start + q * stride]!; f[q] = x; if (x !== 0) any = true; }
  if (!any) return;
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
    d[start + q * stride] = s2 * (q - p) * (q - p) + f[p]!;
  }
}

/** Squared EDT in place on a (nx, ny, nz) grid with spacing (sx, sy, sz) mm. */
export function squaredEdt(d: Float32Array, dims: readonly [number, number, number], spacingMm: readonly [number, number, number]): void {
  const [nx, ny, nz] = dims;
  const nmax = Math.max(nx, ny, nz);
  const f = new Float64Array(nmax), v = new Int32Array(nmax), z = new Float64Array(nmax + 1);
  for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) line(d, (k * ny + j) * nx, 1, nx, spacingMm[0], f, v, z);
  for (let k = 0; k < nz; k++) for (let i = 0; i < nx; i++) line(d, k * nx * ny + i, nx, ny, spacingMm[1], f, v, z);
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) line(d, j * nx + i, nx * ny, nz, spacingMm[2], f, v, z);
}
