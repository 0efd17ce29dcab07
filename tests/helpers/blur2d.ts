/**
 * A cross-section drawn analytically ((u, v) mm → HU) on a fine square grid over [−half, half]² and blurred by a
 * separable Gaussian σ (edges clamped): the image a section of CT shows, for tests that sample it themselves.
 */
export function blurredSection(draw: (u: number, v: number) => number, sigmaMm: number, halfMm: number, fineMm: number): { img: Float64Array; width: number } {
  const W = Math.round((2 * halfMm) / fineMm) + 1;
  let img = new Float64Array(W * W);
  for (let j = 0; j < W; j++) for (let i = 0; i < W; i++) img[j * W + i] = draw(-halfMm + i * fineMm, -halfMm + j * fineMm);
  const k = Math.ceil((3 * sigmaMm) / fineMm), ker = Array.from({ length: 2 * k + 1 }, (_, t) => Math.exp(-(((t - k) * fineMm) ** 2) / (2 * sigmaMm ** 2)));
  const ks = ker.reduce((a, b) => a + b, 0);
  for (const axis of [0, 1]) {
    const out = new Float64Array(W * W);
    for (let j = 0; j < W; j++) for (let i = 0; i < W; i++) {
      let acc = 0;
      for (let t = -k; t <= k; t++) {
        const ii = axis === 0 ? Math.min(W - 1, Math.max(0, i + t)) : i, jj = axis === 1 ? Math.min(W - 1, Math.max(0, j + t)) : j;
        acc += ker[t + k]! * img[jj * W + ii]!;
      }
      out[j * W + i] = acc / ks;
    }
    img = out;
  }
  return { img, width: W };
}
