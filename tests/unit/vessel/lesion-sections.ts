/**
 * Lesion cross-sections for the forward-model lumen tests: a round residual lumen (radius r(s), offset toward
 * +u for an eccentric lesion) inside a vessel of healthy radius ref(s), plaque between, an optional calcified
 * arc (centred on −u, from the outer wall inward), an optional calcified nodule, a 0.5 mm wall outside.
 * The lumen takes precedence over calcium, so the lumen area is exactly π r(s)². Section coordinates (u, v) mm.
 */
import { bump, type SectionFn } from './synthetic.ts';

export interface LesionSpec {
  /** healthy lumen radius, mm */
  readonly refMm: (s: number) => number;
  readonly centreMm: number;
  readonly halfLengthMm: number;
  /** diameter stenosis at the centre, 0–1 */
  readonly ds: number;
  /** lumen offset toward +u as a fraction of the free space (ref − r): 0 concentric, 1 against the wall */
  readonly eccentricity?: number;
  readonly lumenHu?: number;
  readonly plaqueHu?: number;
  readonly calcium?: { readonly arcDeg: number; readonly hu: number; readonly thicknessMm: number };
  readonly nodule?: { readonly radiusMm: number; readonly angleDeg: number; readonly atMm: number; readonly hu: number };
}

export const lesionRadius = (l: LesionSpec, s: number): number => l.refMm(s) * (1 - l.ds * bump(s, l.centreMm, l.halfLengthMm));

export function lesionSection(l: LesionSpec): SectionFn {
  const lumenHu = l.lumenHu ?? 420, plaqueHu = l.plaqueHu ?? 50;
  return (s, u, v) => {
    const ref = l.refMm(s), r = lesionRadius(l, s), off = (l.eccentricity ?? 0) * (ref - r);
    const d = Math.hypot(u, v);
    if (Math.hypot(u - off, v) <= r) return lumenHu;
    if (d > ref) return d <= ref + 0.5 ? 40 : null;
    const inLesion = bump(s, l.centreMm, l.halfLengthMm + 1) > 0;
    if (inLesion && l.calcium) {
      const ang = Math.abs(Math.atan2(v, -u));
      if (d >= ref - l.calcium.thicknessMm && ang <= (l.calcium.arcDeg * Math.PI) / 360) return l.calcium.hu;
    }
    if (inLesion && l.nodule && Math.abs(s - l.centreMm) <= l.nodule.radiusMm) {
      const a = (l.nodule.angleDeg * Math.PI) / 180, c = l.nodule.atMm;
      const rr = Math.sqrt(Math.max(0, l.nodule.radiusMm ** 2 - (s - l.centreMm) ** 2));
      if (Math.hypot(u - c * Math.cos(a), v - c * Math.sin(a)) <= rr) return l.nodule.hu;
    }
    return r < ref ? plaqueHu : null;
  };
}
