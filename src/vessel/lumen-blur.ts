/**
 * Edge corrections for the blur, measured on the vessel itself: the curvature shift of a blurred disk's steepest
 * point, and the two-step fit of a fall much wider than the blur (lumen → plaque layer → fat).
 */
import type { RayOptions, Section } from './rays.ts';

/**
 * Partial-volume correction of plain-fall edges. A disk of radius a blurred by a Gaussian σ is steepest at
 * r ≈ a − σ²/(2a) (a ≳ 2σ): small lumens read small. σ is the vessel's median of the sections' own edge
 * widths (steepest slope vs step height), never an imaging parameter; below 2σ the correction fades out
 * (those lumens are faded and measured by their partial-volume integral).
 */
const WIDE_FALL = 1.25;
export function correctBlur(secs: Section[], o: RayOptions, profs?: readonly Float64Array[]): void {
  const rays = o.rays, M = Math.round(o.rMaxMm / o.drMm);
  const sig = Float64Array.from(secs, (x) => x.edgeSigmaMm ?? NaN).filter((v) => Number.isFinite(v)).sort();
  if (sig.length < 8) return;
  const sigma = sig[sig.length >> 1]!;
  for (let k = 0; k < secs.length; k++) {
    const sec = secs[k]!;
    if (!sec.fallEdge) continue;
    for (let q = 0; q < rays; q++) {
      const r = sec.radiiMm[q]!, sr = sec.edgeSigmasMm?.[q] ?? NaN;
      // a fall much wider than the image blur is lumen → plaque layer → fat: its steepest point already
      // lies outside the lumen edge
      if (!sec.fallEdge[q] || !(r > 0)) continue;
      if (!(sr <= WIDE_FALL * sigma)) {
        if (profs) sec.radiiMm[q] = twoStepEdge(profs[k]!, q * (M + 1), o.drMm, sec.lumenHu, sec.valleyHu[q]!, sec.valleyMm[q]!, sigma, r);
        continue;
      }
      const w = Math.min(1, Math.max(0, r / sigma - 1));
      sec.radiiMm[q] = r + (w * sigma * sigma) / (2 * r);
    }
  }
}

/** standard normal CDF (Abramowitz–Stegun 7.1.26 erf, |error| < 1.5e-7) */
function phi(x: number): number {
  const z = Math.abs(x) / Math.SQRT2, t = 1 / (1 + 0.3275911 * z);
  const e = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + e) : 0.5 * (1 - e);
}

/**
 * A fall wider than the blur: lumen (L) → a layer of unknown level P (plaque) → valley (F), two steps at a ≤ b
 * blurred by the measured σ. Least squares over a grid of (a every 0.05 mm, b every 0.1 mm), P solved in
 * closed form within [F, L];
 * returns the lumen edge a (the steepest point `r0` when nothing fits better).
 */
function twoStepEdge(prof: Float64Array, base: number, dr: number, L: number, F: number, valleyMm: number, sigma: number, r0: number): number {
  const m0 = Math.max(0, Math.round((r0 - 0.9) / dr)), m1 = Math.round(Math.min(valleyMm, r0 + 1.3) / dr);
  if (!(L - F > 60) || m1 - m0 < 6) return r0;
  // Φ((x − r)/σ) on the 0.05 mm grid of x − r (a, b step 0.05 mm; samples every dr, a multiple of it)
  const h = 0.05, K = Math.ceil(4 * sigma / h) + 1, step = Math.round(dr / h);
  if (Math.abs(step * h - dr) > 1e-9) return r0;
  const tab = new Float64Array(2 * K + 1);
  for (let k = -K; k <= K; k++) tab[k + K] = phi((k * h) / sigma);
  let best = Infinity, bestA = r0;
  const ia0 = Math.max(1, Math.round((r0 - 0.7) / h)), ia1 = Math.round((r0 + 0.05) / h);
  for (let ia = ia0; ia <= ia1; ia++) {
    for (let ib = ia; ib <= ia + Math.round(1.2 / h); ib += 2) {
      let syy = 0, syd = 0, sdd = 0;
      for (let m = m0; m <= m1; m++) {
        const ka = ia - m * step, kb = ib - m * step;
        const A = ka <= -K ? 0 : ka >= K ? 1 : tab[ka + K]!, B = kb <= -K ? 0 : kb >= K ? 1 : tab[kb + K]!;
        const y = prof[base + m]! - F * (1 - B) - L * A, dd = B - A;
        syy += y * y; syd += y * dd; sdd += dd * dd;
      }
      const P = Math.min(L, Math.max(F, sdd > 1e-9 ? syd / sdd : F));
      const sse = syy - 2 * P * syd + P * P * sdd;
      if (sse < best) { best = sse; bestA = ia * h; }
    }
  }
  return bestA;
}
