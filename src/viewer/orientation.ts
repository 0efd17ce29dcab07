/**
 * Orientation letters for the edges of a view, from the camera (pure, no Cornerstone).
 * Patient space is DICOM LPS: +x Left, +y Posterior, +z Head.
 * English: R/L, A/P, S/I. French (usage of French radiology reports): D/G (droite/gauche), A/P, H/B (haut/bas).
 */
import type { Lang } from '../i18n/lang.ts';
import type { Vec3 } from '../volume/volume.ts';

const LETTERS: Readonly<Record<Lang, readonly [neg: string, pos: string][]>> = {
  en: [['R', 'L'], ['A', 'P'], ['I', 'S']],
  fr: [['D', 'G'], ['A', 'P'], ['B', 'H']],
};

/** Letters of a direction, strongest component first; components below `minComponent` are dropped (oblique views get 2–3 letters). */
export function directionLetters(dirLps: Vec3, lang: Lang, minComponent = 0.25): string {
  const norm = Math.hypot(dirLps[0], dirLps[1], dirLps[2]);
  if (!(norm > 0)) return '';
  const parts = [0, 1, 2]
    .map((axis) => ({ axis, v: dirLps[axis]! / norm }))
    .filter((p) => Math.abs(p.v) >= minComponent)
    .sort((a, b) => Math.abs(b.v) - Math.abs(a.v));
  return parts.map(({ axis, v }) => LETTERS[lang][axis]![v > 0 ? 1 : 0]).join('');
}

export function cross(a: Vec3, b: Vec3): [number, number, number] {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

export interface EdgeLetters {
  readonly top: string;
  readonly bottom: string;
  readonly left: string;
  readonly right: string;
}

/**
 * Letters at the four edges of a view. `viewPlaneNormal` points from the focal point towards the camera
 * (Cornerstone convention), so the screen's right is viewUp × viewPlaneNormal.
 */
export function edgeLetters(viewUp: Vec3, viewPlaneNormal: Vec3, lang: Lang): EdgeLetters {
  const right = cross(viewUp, viewPlaneNormal);
  const neg = (v: Vec3): Vec3 => [-v[0], -v[1], -v[2]];
  return {
    top: directionLetters(viewUp, lang),
    bottom: directionLetters(neg(viewUp), lang),
    right: directionLetters(right, lang),
    left: directionLetters(neg(right), lang),
  };
}

/** The patient axis closest to a view normal, for the slice-position overlay ('x' | 'y' | 'z'). */
export function dominantAxis(normal: Vec3): 'x' | 'y' | 'z' {
  const a = normal.map(Math.abs);
  if (a[0]! >= a[1]! && a[0]! >= a[2]!) return 'x';
  return a[1]! >= a[2]! ? 'y' : 'z';
}
