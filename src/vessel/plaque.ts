/**
 * Plaque between the lumen contour and the outer vessel wall, by HU class (calcified ≥ 350 HU,
 * low-attenuation < 30 HU, non-calcified in between), summed over a range of sections.
 * Each ray sample stands for the polar area element r·dr·dθ times the section step.
 * A ray whose outer wall was not found (calcium breaks the fall from plaque to fat: CORO-02's spotty calcium
 * left 0.2 of its 1.7 mm³ counted) takes the wall radius interpolated around the section from the rays that
 * have one; a section with fewer than a third of its rays measured is left out.
 */
import type { LumenProfile } from './lumen.ts';

export const CALCIFIED_HU = 350;
export const LOW_ATTENUATION_HU = 30;

export interface PlaqueVolumes {
  calcifiedMm3: number;
  nonCalcifiedMm3: number;
  lowAttenuationMm3: number;
}

export function plaqueVolumes(lp: LumenProfile, startIndex: number, endIndex: number): PlaqueVolumes {
  const o = lp.rays;
  const M = Math.round(o.rMaxMm / o.drMm);
  const dth = (2 * Math.PI) / o.rays;
  const out: PlaqueVolumes = { calcifiedMm3: 0, nonCalcifiedMm3: 0, lowAttenuationMm3: 0 };
  for (let q = Math.max(0, startIndex); q <= Math.min(lp.samples.length - 1, endIndex); q++) {
    const prev = lp.samples[Math.max(0, q - 1)]!, next = lp.samples[Math.min(lp.samples.length - 1, q + 1)]!;
    const ds = (next.sMm - prev.sMm) / (q > 0 && q < lp.samples.length - 1 ? 2 : 1);
    const prof = lp.profiles[q]!;
    const walls = outerWalls(lp.outerMm, q, o.rays);
    if (!walls) continue;
    for (let r = 0; r < o.rays; r++) {
      const inner = lp.radiiMm[q * o.rays + r]!, outer = walls[r]!;
      if (!Number.isFinite(outer) || !(outer > inner)) continue;
      const m0 = Math.ceil(inner / o.drMm), m1 = Math.min(M, Math.floor(outer / o.drMm));
      for (let m = m0; m < m1; m++) {
        const hu = prof[r * (M + 1) + m]!;
        const dv = m * o.drMm * o.drMm * dth * ds;
        if (hu >= CALCIFIED_HU) out.calcifiedMm3 += dv;
        else if (hu < LOW_ATTENUATION_HU) out.lowAttenuationMm3 += dv;
        else out.nonCalcifiedMm3 += dv;
      }
    }
  }
  return out;
}

/** Section q's outer radius per ray, the missing ones interpolated around the circle; undefined below a third measured. */
export function outerWalls(outerMm: ArrayLike<number>, q: number, rays: number): Float64Array | undefined {
  const w = new Float64Array(rays);
  const known: number[] = [];
  for (let r = 0; r < rays; r++) {
    w[r] = outerMm[q * rays + r]!;
    if (Number.isFinite(w[r])) known.push(r);
  }
  if (known.length * 3 < rays) return undefined;
  if (known.length === rays) return w;
  for (let r = 0; r < rays; r++) {
    if (Number.isFinite(w[r])) continue;
    // nearest measured rays before and after, around the circle
    let a = r, b = r, da = 0, db = 0;
    do { a = (a + rays - 1) % rays; da++; } while (!Number.isFinite(outerMm[q * rays + a]!));
    do { b = (b + 1) % rays; db++; } while (!Number.isFinite(outerMm[q * rays + b]!));
    const wa = outerMm[q * rays + a]!, wb = outerMm[q * rays + b]!;
    w[r] = wa + ((wb - wa) * da) / (da + db);
  }
  return w;
}
