/**
 * Plaque between the lumen contour and the outer vessel wall, by HU class (calcified ≥ 350 HU,
 * low-attenuation < 30 HU, non-calcified in between), summed over a range of sections.
 * Each ray sample stands for the polar area element r·dr·dθ times the section step.
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
    for (let r = 0; r < o.rays; r++) {
      const inner = lp.radiiMm[q * o.rays + r]!, outer = lp.outerMm[q * o.rays + r]!;
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
