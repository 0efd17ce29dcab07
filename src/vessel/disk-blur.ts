/**
 * A uniform disk of radius a blurred by an isotropic Gaussian of SD σ, read at distance d from its centre:
 * P(|X| ≤ a) for X ~ N((d, 0), σ²I), i.e. 1 − Q₁(d/σ, a/σ) (Marcum Q). Tabulated once on a grid of
 * ρ = d/σ and α = a/σ (cumulative integral over r of r·e^{−(r−ρ)²/2}·I₀ₑ(rρ), I₀ₑ the exponentially scaled
 * Bessel function) and read by bilinear interpolation: the forward model of a lumen cross-section evaluates it
 * for every pixel of every trial disk.
 */

const D_ALPHA = 0.05;
const D_RHO = 0.1;
/** α beyond the table: the disk's own edge is ≥ 16 σ away from its centre (no lumen is that wide in σ units) */
const ALPHA_MAX = 16;
const RHO_MAX = 24;
const NA = Math.round(ALPHA_MAX / D_ALPHA) + 1;
const NR = Math.round(RHO_MAX / D_RHO) + 1;

/** e^{−x}·I₀(x), x ≥ 0 (Abramowitz–Stegun 9.8.1–9.8.2, relative error < 2e-7) */
function i0e(x: number): number {
  if (x <= 3.75) {
    const t = (x / 3.75) ** 2;
    return Math.exp(-x) * (1 + t * (3.5156229 + t * (3.0899424 + t * (1.2067492 + t * (0.2659732 + t * (0.0360768 + t * 0.0045813))))));
  }
  const t = 3.75 / x;
  return (0.39894228 + t * (0.01328592 + t * (0.00225319 + t * (-0.00157565 + t * (0.00916281 + t * (-0.02057706 + t * (0.02635537 + t * (-0.01647633 + t * 0.00392377)))))))) / Math.sqrt(x);
}

function buildTable(): Float32Array {
  const tab = new Float32Array(NA * NR);
  // fine integration step in r: a tenth of the α grid
  const sub = 10, h = D_ALPHA / sub;
  for (let ir = 0; ir < NR; ir++) {
    const rho = ir * D_RHO;
    const g = (r: number): number => r * Math.exp(-0.5 * (r - rho) * (r - rho)) * i0e(r * rho);
    let acc = 0, prev = g(0);
    tab[ir * NA] = 0;
    for (let ia = 1; ia < NA; ia++) {
      for (let k = 1; k <= sub; k++) {
        const r = (ia - 1) * D_ALPHA + k * h, cur = g(r);
        acc += 0.5 * h * (prev + cur);
        prev = cur;
      }
      tab[ir * NA + ia] = Math.min(1, acc);
    }
  }
  return tab;
}

/** The table (≈ 0.2 M entries, a few ms), built when the module loads and never written again. */
const TABLE: Float32Array = buildTable();

/** Fraction of a disk of radius alpha (in σ units) seen at distance rho (in σ units) from its centre after the blur. */
export function blurredDisk(rho: number, alpha: number): number {
  if (!(alpha > 0)) return 0;
  if (alpha >= ALPHA_MAX - D_ALPHA) return rho < alpha ? 1 : 0.5 * (1 + Math.tanh(1.5958 * (alpha - rho)));
  if (rho >= RHO_MAX - D_RHO) return 0;
  const fa = alpha / D_ALPHA, fr = rho / D_RHO;
  const ia = Math.floor(fa), ir = Math.floor(fr), wa = fa - ia, wr = fr - ir;
  const b = ir * NA + ia;
  const v0 = TABLE[b]! + wa * (TABLE[b + 1]! - TABLE[b]!);
  const v1 = TABLE[b + NA]! + wa * (TABLE[b + NA + 1]! - TABLE[b + NA]!);
  return v0 + wr * (v1 - v0);
}

/**
 * Columns of the table for given α, interpolated in α as blurredDisk does, kept per α (a radius grid revisited for
 * many disk centres reads each column once).
 */
export class DiskColumns {
  private readonly cache = new Map<number, Float64Array | null>();
  /** the column of alpha, or null beyond the table (blurredDisk's own rules hold there) */
  get(alpha: number): Float64Array | null {
    let col = this.cache.get(alpha);
    if (col !== undefined) return col;
    col = null;
    if (alpha > 0 && alpha < ALPHA_MAX - D_ALPHA) {
      const fa = alpha / D_ALPHA, ia = Math.floor(fa), wa = fa - ia;
      col = new Float64Array(NR);
      for (let r = 0; r < NR - 1; r++) { const b = r * NA + ia; col[r] = TABLE[b]! + wa * (TABLE[b + 1]! - TABLE[b]!); }
    }
    this.cache.set(alpha, col);
    return col;
  }
}

/**
 * blurredDisk at fixed points ρ_k for many α (one disk centre, many radii): the ρ interpolation is set once, then each
 * α reads its column (DiskColumns), the same arithmetic as blurredDisk (the same values).
 */
export class DiskAtPoints {
  private readonly ir: Int32Array;
  private readonly wr: Float64Array;
  constructor(private readonly rho: Float64Array) {
    this.ir = new Int32Array(rho.length); this.wr = new Float64Array(rho.length);
    for (let k = 0; k < rho.length; k++) {
      const r = rho[k]!;
      // beyond the table the disk is 0 (blurredDisk's rule), marked by −1
      if (r >= RHO_MAX - D_RHO) { this.ir[k] = -1; continue; }
      const fr = r / D_RHO, i = Math.floor(fr);
      this.ir[k] = i; this.wr[k] = fr - i;
    }
  }
  /** D(ρ_k; alpha) into out (length of ρ); `col`: alpha's column (DiskColumns.get), null: blurredDisk per point */
  fill(alpha: number, col: Float64Array | null, out: Float64Array): void {
    const n = this.ir.length;
    if (!col) { for (let k = 0; k < n; k++) out[k] = blurredDisk(this.rho[k]!, alpha); return; }
    for (let k = 0; k < n; k++) {
      const i = this.ir[k]!;
      if (i < 0) { out[k] = 0; continue; }
      const v0 = col[i]!, v1 = col[i + 1]!;
      out[k] = v0 + this.wr[k]! * (v1 - v0);
    }
  }
}
