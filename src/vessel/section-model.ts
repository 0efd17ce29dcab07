/**
 * The least-squares pieces of the section fit (section-fit.ts): a separable Gaussian blur and local peaks of a
 * W × W grid, small dense solves, the model's linear levels for fixed shapes by the normal equations, and the z² of
 * the lumen's contrast over plaque.
 */

/** the residual sum of squares of a fit and its levels (null when the normal equations are singular) */
export interface Eval { sse: number; beta: Float64Array | null }

/**
 * plaque and vessel wall: non-calcified plaque reads −30 to ≈ 150 HU (low-attenuation < 30, fibrous 121 ± 34 HU,
 * Pohle 2007), fat −100: a fitted level above 200 HU is lumen or calcium the model put in the wrong component
 */
const PLAQUE_MIN_HU = -120;
const PLAQUE_MAX_HU = 200;

/** Separable Gaussian blur (SD sigmaPx pixels) of a W × W map, edges replicated. */
export function blur2d(src: Float64Array, W: number, sigmaPx: number): Float64Array {
  const R = Math.max(1, Math.ceil(3 * sigmaPx));
  const k = new Float64Array(2 * R + 1);
  let s = 0;
  for (let d = -R; d <= R; d++) { k[d + R] = Math.exp(-(d * d) / (2 * sigmaPx * sigmaPx)); s += k[d + R]!; }
  for (let d = 0; d < k.length; d++) k[d] = k[d]! / s;
  const tmp = new Float64Array(W * W), out = new Float64Array(W * W);
  for (let j = 0; j < W; j++) for (let i = 0; i < W; i++) {
    let a = 0;
    for (let d = -R; d <= R; d++) a += k[d + R]! * src[j * W + Math.min(W - 1, Math.max(0, i + d))]!;
    tmp[j * W + i] = a;
  }
  for (let j = 0; j < W; j++) for (let i = 0; i < W; i++) {
    let a = 0;
    for (let d = -R; d <= R; d++) a += k[d + R]! * tmp[Math.min(W - 1, Math.max(0, j + d)) * W + i]!;
    out[j * W + i] = a;
  }
  return out;
}

/** n × n system (row-major) by Gaussian elimination with partial pivoting; null when singular. */
export function solveSmall(m: Float64Array, r: Float64Array, n: number): Float64Array | null {
  const a = Float64Array.from(m), b = Float64Array.from(r);
  // a tiny ridge: a column that vanishes over the window (no surroundings in it) leaves its level at 0, not singular
  let tr = 0;
  for (let c = 0; c < n; c++) tr += Math.abs(a[c * n + c]!);
  for (let c = 0; c < n; c++) a[c * n + c] = a[c * n + c]! + 1e-9 * tr;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let row = c + 1; row < n; row++) if (Math.abs(a[row * n + c]!) > Math.abs(a[p * n + c]!)) p = row;
    if (Math.abs(a[p * n + c]!) < 1e-10 * (1 + Math.abs(a[c * n + c]!))) return null;
    if (p !== c) {
      for (let k = 0; k < n; k++) { const t = a[c * n + k]!; a[c * n + k] = a[p * n + k]!; a[p * n + k] = t; }
      const t = b[c]!; b[c] = b[p]!; b[p] = t;
    }
    for (let row = c + 1; row < n; row++) {
      const f = a[row * n + c]! / a[c * n + c]!;
      if (f === 0) continue;
      for (let k = c; k < n; k++) a[row * n + k] = a[row * n + k]! - f * a[c * n + k]!;
      b[row] = b[row]! - f * b[c]!;
    }
  }
  const x = new Float64Array(n);
  for (let row = n - 1; row >= 0; row--) {
    let acc = b[row]!;
    for (let k = row + 1; k < n; k++) acc -= a[row * n + k]! * x[k]!;
    x[row] = acc / a[row * n + row]!;
  }
  return x;
}

/** Max of the grid over a (2r+1)² square around each pixel (separable). */
export function localPeaks(y: Float64Array, W: number, r: number): Float64Array {
  const tmp = new Float64Array(W * W), out = new Float64Array(W * W);
  for (let j = 0; j < W; j++) for (let i = 0; i < W; i++) {
    let m = -Infinity;
    for (let d = Math.max(0, i - r); d <= Math.min(W - 1, i + r); d++) m = Math.max(m, y[j * W + d]!);
    tmp[j * W + i] = m;
  }
  for (let j = 0; j < W; j++) for (let i = 0; i < W; i++) {
    let m = -Infinity;
    for (let d = Math.max(0, j - r); d <= Math.min(W - 1, j + r); d++) m = Math.max(m, tmp[d * W + i]!);
    out[j * W + i] = m;
  }
  return out;
}

/**
 * Linear levels for fixed shapes: y − L·lumen = P·plaque + F·surroundings + gradient + (C − P)·calcium, by the
 * normal equations; P outside its physical range is held at the bound and the rest solved again.
 */
export function solveLevels(yw: Float64Array, cl: Float64Array, L: number, cols: Float64Array[]): Eval {
  const N = yw.length, n = cols.length, m = new Float64Array(n * n), r = new Float64Array(n);
  // the hot loop of the fit: five columns at most, sums kept in locals (a missing calcium column reads zeros)
  const c0 = cols[0]!, c1 = cols[1]!, c2 = cols[2]!, c3 = cols[3]!, c4 = n > 4 ? cols[4]! : null;
  let yy = 0, r0 = 0, r1 = 0, r2 = 0, r3 = 0, r4 = 0;
  let m00 = 0, m01 = 0, m02 = 0, m03 = 0, m04 = 0, m11 = 0, m12 = 0, m13 = 0, m14 = 0, m22 = 0, m23 = 0, m24 = 0, m33 = 0, m34 = 0, m44 = 0;
  for (let k = 0; k < N; k++) {
    const yk = yw[k]! - L * cl[k]!;
    const x0 = c0[k]!, x1 = c1[k]!, x2 = c2[k]!, x3 = c3[k]!, x4 = c4 ? c4[k]! : 0;
    yy += yk * yk;
    r0 += x0 * yk; r1 += x1 * yk; r2 += x2 * yk; r3 += x3 * yk; r4 += x4 * yk;
    m00 += x0 * x0; m01 += x0 * x1; m02 += x0 * x2; m03 += x0 * x3; m04 += x0 * x4;
    m11 += x1 * x1; m12 += x1 * x2; m13 += x1 * x3; m14 += x1 * x4;
    m22 += x2 * x2; m23 += x2 * x3; m24 += x2 * x4;
    m33 += x3 * x3; m34 += x3 * x4; m44 += x4 * x4;
  }
  const full = [m00, m01, m02, m03, m04, m01, m11, m12, m13, m14, m02, m12, m22, m23, m24, m03, m13, m23, m33, m34, m04, m14, m24, m34, m44];
  for (let q = 0; q < n; q++) for (let s2 = 0; s2 < n; s2++) m[q * n + s2] = full[q * 5 + s2]!;
  const rr = [r0, r1, r2, r3, r4];
  for (let q = 0; q < n; q++) r[q] = rr[q]!;
  const beta = solveSmall(m, r, n);
  if (!beta) return { sse: Infinity, beta: null };
  if (beta[0]! >= PLAQUE_MIN_HU && beta[0]! <= PLAQUE_MAX_HU) {
    let fit = 0;
    for (let q = 0; q < n; q++) fit += beta[q]! * r[q]!;
    return { sse: yy - fit, beta };
  }
  const p = Math.min(PLAQUE_MAX_HU, Math.max(PLAQUE_MIN_HU, beta[0]!)), n1 = n - 1;
  const mb = new Float64Array(n1 * n1), rb = new Float64Array(n1);
  for (let q = 0; q < n1; q++) { rb[q] = r[q + 1]! - p * m[(q + 1) * n]!; for (let s = 0; s < n1; s++) mb[q * n1 + s] = m[(q + 1) * n + s + 1]!; }
  const b1 = solveSmall(mb, rb, n1);
  if (!b1) return { sse: Infinity, beta: null };
  let sse = yy - 2 * p * r[0]! + p * p * m[0]!;
  for (let q = 0; q < n1; q++) sse -= b1[q]! * rb[q]!;
  const out = new Float64Array(n);
  out[0] = p; out.set(b1, 1);
  return { sse, beta: out };
}

/**
 * z² of (lumen level − plaque level) with every level free at the fitted shapes: columns [lumen, plaque, …];
 * variance from the residual SD, the inverse normal matrix and the noise-cell size (correlated noise).
 */
export function lumenContrastZ2(yw: Float64Array, cols: Float64Array[], cellPx: number): number {
  const N = yw.length, n = cols.length, m = new Float64Array(n * n), r = new Float64Array(n);
  let yy = 0;
  for (let k = 0; k < N; k++) {
    const yk = yw[k]!;
    yy += yk * yk;
    for (let q = 0; q < n; q++) {
      const xq = cols[q]![k]!;
      r[q] = r[q]! + xq * yk;
      for (let s = q; s < n; s++) m[q * n + s] = m[q * n + s]! + xq * cols[s]![k]!;
    }
  }
  for (let q = 0; q < n; q++) for (let s = 0; s < q; s++) m[q * n + s] = m[s * n + q]!;
  const beta = solveSmall(m, r, n);
  // (e0 − e1)ᵀ M⁻¹ (e0 − e1) from one solve
  const e = new Float64Array(n); e[0] = 1; e[1] = -1;
  const w = solveSmall(m, e, n);
  if (!beta || !w) return 0;
  let fit = 0;
  for (let q = 0; q < n; q++) fit += beta[q]! * r[q]!;
  const s2 = Math.max(1e-9, (yy - fit) / Math.max(1, N - n));
  const v = s2 * cellPx * (w[0]! - w[1]!);
  const c = beta[0]! - beta[1]!;
  return c > 0 && v > 0 ? (c * c) / v : 0;
}
