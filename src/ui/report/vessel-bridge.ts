/**
 * Reads the vessel view's state as snapshots for the saved work, and puts saved vessels back into it.
 * Uses only the vessel controller's public API (store, display, select, setVolume).
 */
import type { VesselController } from '../../viewer/vessel/vessel-controller.ts';
import type { Vec3, VesselSnapshot, VesselRestore } from './work-model.ts';

export function vesselSnapshots(c: VesselController): VesselSnapshot[] {
  const key = c.state.studyKey;
  if (!key) return [];
  return c.store.list(key).map((v) => {
    const a = v.status === 'ready' ? c.display(v.id)?.analysis : undefined;
    return {
      id: v.id,
      name: v.name,
      pointsLps: v.pointsLps,
      referenceSMm: v.referenceSMm,
      segmentBoundariesMm: v.segmentBoundariesMm,
      segmentBordersProposed: !!v.segmentBordersProposed,
      ...(a ? { measured: { lengthMm: a.centreline.lengthMm, lesions: a.lesions } } : {}),
    };
  });
}

/** Vessels of the open study still being measured, and those without a name. */
export function vesselCounts(c: VesselController): { analysing: number; unnamed: number; total: number } {
  const key = c.state.studyKey;
  const list = key ? c.store.list(key) : [];
  return {
    analysing: list.filter((v) => v.status === 'analysing').length,
    unnamed: list.filter((v) => !v.name && v.pointsLps.length >= 2).length,
    total: list.length,
  };
}

/**
 * Replaces the open study's vessels by the saved ones. The records are added to the store; the caller makes
 * the controller measure them (they are measured by `setVolume`, which re-measures every vessel of the study).
 */
export function putVessels(c: VesselController, studyKey: string, vessels: readonly VesselRestore[]): number {
  for (const v of c.store.list(studyKey)) c.remove(v.id);
  let added = 0;
  for (const s of vessels) {
    if (s.pointsLps.length < 2) continue;
    const rec = c.store.add(studyKey, s.pointsLps[0]!);
    rec.pointsLps = s.pointsLps.map((p) => [p[0], p[1], p[2]] as const);
    c.store.rename(rec.id, s.name);
    rec.referenceSMm = s.referenceSMm;
    rec.segmentBoundariesMm = s.segmentBoundariesMm;
    rec.segmentBordersProposed = s.segmentBordersProposed;
    added++;
  }
  return added;
}

/** The vessel view's entry that measures the open study's vessels with the volume its worker already holds. */
interface MeasuresStudy { measureStudy?(): void }

/**
 * Makes the vessel view measure the open study's vessels after `putVessels`. When the controller has
 * `measureStudy()` the volume already in its vessel worker (and compute pool) is reused; otherwise the volume is
 * sent again through `resend` (a second copy of the voxels, the fallback until the controller has that entry).
 */
export function measureVessels(c: VesselController, resend: () => void): 'reused' | 'resent' {
  const m = (c as VesselController & MeasuresStudy).measureStudy;
  if (typeof m === 'function') {
    m.call(c);
    return 'reused';
  }
  resend();
  return 'resent';
}

const close = (a: readonly number[] | undefined, b: readonly number[] | undefined, tol: number): boolean =>
  a === b || (!!a && !!b && a.length === b.length && a.every((x, i) => Math.abs(x - b[i]!) <= tol));
const samePoints = (a: readonly Vec3[], b: readonly Vec3[]): boolean => a.length === b.length && a.every((p, i) => close(p, b[i], 1e-6));

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
