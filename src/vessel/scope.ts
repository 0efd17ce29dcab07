/**
 * Is the traced vessel one the analysis is made for? The lumen measurement sees a coronary artery: a lumen a few
 * millimetres across, bounded by its wall inside the section field (the rays' reach). A great vessel or a chamber
 * traced by mistake (the aorta) has a lumen wider than that field: most rays of a section stay at lumen level to
 * their end and no wall is found. Such a vessel gets a warning and no lesions (its "stenoses" would be the field's
 * edge, not the vessel's). Measured on the image: the lumen level is each section's own centre.
 */
import type { LumenProfile } from './lumen.ts';
import { MIN_SEED_LUMEN_HU } from './cost.ts';

/**
 * a ray reaches beyond the field when it stays above half the section's centre HU all the way from the centre to
 * its end: a blurred lumen edge falls through half the step, and the step from contrast (≥ MIN_SEED_LUMEN_HU) to
 * fat, wall or myocardium takes it below that (a chamber beside a coronary is beyond such a gap)
 */
const HALF_LEVEL = 0.5;
/**
 * a section is wider than the field when this fraction of its rays are: a coronary's side branch or bifurcation
 * opens a few rays (a 1 mm branch spans ≈ 20° at 6 mm), a lumen wider than the field most of them
 */
const WIDE_RAYS = 0.25;
/** a vessel is out of scope when most of its sections are: an ostium seeded in the aorta gives a few at one end only */
const WIDE_SECTIONS = 0.5;

export interface Scope {
  /** fraction of the sections whose lumen is wider than the section field */
  readonly wideFraction: number;
  /** diameter of the section field, mm */
  readonly fieldMm: number;
}

/** Fraction of sections whose lumen is wider than the ray field (see the file comment; sections with a dark centre are not). */
export function vesselScope(lp: LumenProfile): Scope {
  const o = lp.rays, M = Math.round(o.rMaxMm / o.drMm);
  let wide = 0;
  for (const prof of lp.profiles) {
    const centre = prof[0]!;
    if (!(centre >= MIN_SEED_LUMEN_HU)) continue;
    const cut = HALF_LEVEL * centre;
    let open = 0;
    for (let r = 0; r < o.rays; r++) {
      let above = true;
      for (let m = 0; m <= M && above; m++) above = prof[r * (M + 1) + m]! > cut;
      if (above) open++;
    }
    if (open > WIDE_RAYS * o.rays) wide++;
  }
  return { wideFraction: lp.profiles.length ? wide / lp.profiles.length : 0, fieldMm: 2 * o.rMaxMm };
}

/** True when the traced vessel is wider than the analysis is made for (most sections wider than the field). */
export function outOfScope(s: Scope): boolean {
  return s.wideFraction > WIDE_SECTIONS;
}
