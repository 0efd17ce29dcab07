/**
 * Separable Gaussian blur of a synthetic float volume in place (x fastest), the PSF given as FWHM in mm;
 * edges clamp. Test fixtures only: the application's blur lives in the kernels.
 */
export function gaussianBlur3d(v: Float32Array, dims: readonly [number, number, number], spacingMm: readonly [number, number, number], fwhmMm: number): void {
  const [nx, ny] = dims;
  const strides = [1, nx, nx * ny];
  for (let axis = 0; axis < 3; axis++) {
    const sigma = fwhmMm / 2.3548 / spacingMm[axis]!;
    const r = Math.ceil(3 * sigma);
    const w = Array.from({ length: 2 * r + 1 }, (_, q) => Math.exp(-((q - r) ** 2) / (2 * sigma * sigma)));
    const sum = w.reduce((a, b) => a + b, 0);
    const n = dims[axis]!, st = strides[axis]!;
    const line = new Float32Array(n);
    for (let base = 0; base < v.length; base++) {
      const c = axis === 0 ? base % nx : axis === 1 ? Math.floor(base / nx) % ny : Math.floor(base / (nx * ny));
      if (c !== 0) continue;
      for (let q = 0; q < n; q++) line[q] = v[base + q * st]!;
      for (let q = 0; q < n; q++) {
        let s = 0;
        for (let d = -r; d <= r; d++) s += w[d + r]! * line[Math.min(n - 1, Math.max(0, q + d))]!;
        v[base + q * st] = s / sum;
      }
    }
  }
}
