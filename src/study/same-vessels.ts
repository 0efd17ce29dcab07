/** Whether a saved work's vessels are the ones already measured in the session (no re-measure on import). */
import type { Lps } from '../volume/volume.ts';
import type { VesselRestore } from './vessel-store.ts';
import type { VesselSnapshot } from './work-model.ts';

const close = (a: readonly number[] | undefined, b: readonly number[] | undefined, tol: number): boolean =>
  a === b || (!!a && !!b && a.length === b.length && a.every((x, i) => Math.abs(x - b[i]!) <= tol));
const samePoints = (a: readonly Lps[], b: readonly Lps[]): boolean => a.length === b.length && a.every((p, i) => close(p, b[i], 1e-6));

/** True when the saved vessels are the measured vessels already shown (same names, points, reference, borders). */
export function sameVessels(current: readonly VesselSnapshot[], saved: readonly VesselRestore[]): boolean {
  const named = current.filter((v) => v.name && v.pointsLps.length >= 2);
  if (named.length !== current.length || named.length !== saved.length) return false;
  return saved.every((s, i) => {
    const v = named[i]!;
    return v.name === s.name && !!v.measured && samePoints(v.pointsLps, s.pointsLps) && close(v.referenceSMm, s.referenceSMm, 0.06)
      && (s.segmentBoundariesMm === undefined || v.segmentBoundariesMm === undefined ? true : close(v.segmentBoundariesMm, s.segmentBoundariesMm, 0.06));
  });
}
