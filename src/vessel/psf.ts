/**
 * The image's point spread, measured on the vessel itself: the angular mean of a healthy section's ray profiles
 * is, for a round lumen inside a round wall, L·D(r; a) + P·(D(r; ro) − D(r; a)) + F·(1 − D(r; ro)) with D the
 * blurred disk (disk-blur.ts). The blur SD σ shared by the sections is the one whose fits leave the least
 * squared residual over a sample of healthy sections (each with its own radii and levels); the fitted lumen
 * levels are the healthy lumen level there (unbiased by noise, unlike a peak).
 */
import { blurredDisk } from './disk-blur.ts';
import { solveSmall } from './section-model.ts';
import type { RayOptions } from './rays.ts';

export interface PsfMeasure {
  /** in-plane Gaussian SD of the image, mm (the ray sampler's [1 2 1] smoothing taken out) */
  readonly sigmaMm: number;
  /** fitted lumen level of each sampled section (section index → HU) */
  readonly lumenHu: Map<number, number>;
  /** fitted lumen radius of each sampled section, mm */
  readonly radiusMm: Map<number, number>;
}

/** σ candidates, mm: from below the sharpest cardiac kernel (FWHM 0.45 mm) to past the softest (FWHM 1.6 mm) */
const SIGMAS_MM = [0.18, 0.22, 0.26, 0.3, 0.34, 0.38, 0.43, 0.48, 0.54, 0.6, 0.68];
/** sections sampled along the vessel */
const MAX_SECTIONS = 24;

/** Angular mean of a section's ray profiles (rays × (M + 1)). */
function angularMean(prof: Float64Array, o: RayOptions): Float64Array {
  const M = Math.round(o.rMaxMm / o.drMm), out = new Float64Array(M + 1);
  for (let q = 0; q < o.rays; q++) for (let m = 0; m <= M; m++) out[m] = out[m]! + prof[q * (M + 1) + m]!;
  for (let m = 0; m <= M; m++) out[m] = out[m]! / o.rays;
  return out;
}

interface RadialFit { sse: number; a: number; L: number }

/** Best (a, ro) on grids around the ray radius for one σ; levels L, P, F linear. */
function fitRadial(y: Float64Array, dr: number, sigma: number, r0: number, rMax: number): RadialFit {
  const n = Math.min(y.length, Math.round(rMax / dr) + 1);
  let best: RadialFit = { sse: Infinity, a: NaN, L: NaN };
  const d = new Float64Array(n), e = new Float64Array(n);
  const m = new Float64Array(9), rhs = new Float64Array(3);
  for (let a = Math.max(0.2, r0 - 0.5); a <= r0 + 0.5; a += 0.05) {
    for (let k = 0; k < n; k++) d[k] = blurredDisk((k * dr) / sigma, a / sigma);
    for (let ro = a + 0.1; ro <= Math.min(rMax - 0.6, a + 1.6); ro += 0.1) {
      for (let k = 0; k < n; k++) e[k] = blurredDisk((k * dr) / sigma, ro / sigma);
      m.fill(0); rhs.fill(0);
      let yy = 0;
      for (let k = 0; k < n; k++) {
        // weight r: the section's area element
        const w = Math.max(dr, k * dr), x0 = d[k]!, x1 = e[k]! - d[k]!, x2 = 1 - e[k]!, yk = y[k]!;
        yy += w * yk * yk;
        m[0] = m[0]! + w * x0 * x0; m[1] = m[1]! + w * x0 * x1; m[2] = m[2]! + w * x0 * x2;
        m[4] = m[4]! + w * x1 * x1; m[5] = m[5]! + w * x1 * x2; m[8] = m[8]! + w * x2 * x2;
        rhs[0] = rhs[0]! + w * x0 * yk; rhs[1] = rhs[1]! + w * x1 * yk; rhs[2] = rhs[2]! + w * x2 * yk;
      }
      m[3] = m[1]!; m[6] = m[2]!; m[7] = m[5]!;
      const b = solveSmall(m, rhs, 3);
      if (!b) continue;
      const sse = yy - (b[0]! * rhs[0]! + b[1]! * rhs[1]! + b[2]! * rhs[2]!);
      if (sse < best.sse) best = { sse, a, L: b[0]! };
    }
  }
  return best;
}

/**
 * σ from up to MAX_SECTIONS healthy sections (indices `healthy`, their ray radii `radiusMm`); null when fewer
 * than 4 are given.
 */
export function measurePsf(profiles: readonly Float64Array[], healthy: readonly number[], radiusMm: ArrayLike<number>, o: RayOptions): PsfMeasure | null {
  if (healthy.length < 4) return null;
  const pick: number[] = [];
  const step = Math.max(1, healthy.length / MAX_SECTIONS);
  for (let k = 0; k < healthy.length && pick.length < MAX_SECTIONS; k += step) pick.push(healthy[Math.floor(k)]!);
  const means = pick.map((q) => angularMean(profiles[q]!, o));
  const smooth = 0.5 * o.drMm * o.drMm;
  const total = SIGMAS_MM.map((s) => {
    const sig = Math.sqrt(s * s + smooth);
    return means.map((y, k) => fitRadial(y, o.drMm, sig, radiusMm[pick[k]!]!, o.rMaxMm));
  });
  const sums = total.map((fits) => fits.reduce((acc, f) => acc + f.sse, 0));
  let k = 0;
  for (let j = 1; j < sums.length; j++) if (sums[j]! < sums[k]!) k = j;
  let sigma = SIGMAS_MM[k]!;
  if (k > 0 && k < sums.length - 1) {
    // parabola through the three around the minimum (unequal spacing)
    const x0 = SIGMAS_MM[k - 1]!, x1 = SIGMAS_MM[k]!, x2 = SIGMAS_MM[k + 1]!, y0 = sums[k - 1]!, y1 = sums[k]!, y2 = sums[k + 1]!;
    const den = (x0 - x1) * (x0 - x2) * (x1 - x2);
    const A = (x2 * (y1 - y0) + x1 * (y0 - y2) + x0 * (y2 - y1)) / den, B = (x2 * x2 * (y0 - y1) + x1 * x1 * (y2 - y0) + x0 * x0 * (y1 - y2)) / den;
    if (A > 0) sigma = Math.min(x2, Math.max(x0, -B / (2 * A)));
  }
  const lumenHu = new Map<number, number>(), radius = new Map<number, number>();
  total[k]!.forEach((f, j) => { lumenHu.set(pick[j]!, f.L); radius.set(pick[j]!, f.a); });
  return { sigmaMm: sigma, lumenHu, radiusMm: radius };
}
