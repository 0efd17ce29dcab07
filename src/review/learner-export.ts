/**
 * What a learner's reading carries for the class review: the case it reads and, if the learner chose one, a
 * pseudonym; nothing else about the reader (the author field is dropped; the study's own identifiers are not in a
 * saved work). The SR export writes the same two values and empty patient attributes (src/report/sr.ts).
 */
import type { SavedWork } from '../report/saved-work.ts';

export interface LearnerIdentity {
  readonly caseName?: string;
  readonly pseudonym?: string;
}

const clean = (s: string | undefined): string | undefined => {
  const t = s?.replace(/\s+/g, ' ').trim().slice(0, 64);
  return t ? t : undefined;
};

export function learnerExport(work: SavedWork, id: LearnerIdentity): SavedWork {
  const { author: _author, caseName: _case, pseudonym: _pseudonym, ...rest } = work;
  const caseName = clean(id.caseName);
  const pseudonym = clean(id.pseudonym);
  return { ...rest, ...(caseName ? { caseName } : {}), ...(pseudonym ? { pseudonym } : {}) };
}

/** A measured centreline: points every `stepMm` of arc length from the ostium (LPS mm). */
export interface MeasuredCentreline {
  readonly pointsLps: readonly (readonly [number, number, number])[];
  readonly stepMm: number;
}

/** Saved spacing of a key's centreline points: positions (MLD arc lengths) stay within a small fraction of a voxel. */
const KEY_CENTRELINE_STEP_MM = 0.5;

/**
 * An answer key with each measured vessel's centreline (decimated to about 0.5 mm, 0.01 mm precision), so the class
 * review places every key lesion exactly at its MLD arc length instead of along the reader's waypoints.
 */
export function keyWithCentrelines(work: SavedWork, centrelines: ReadonlyMap<string, MeasuredCentreline>): SavedWork {
  const r2 = (v: number) => Math.round(v * 100) / 100;
  return {
    ...work,
    vessels: work.vessels.map((v) => {
      const c = centrelines.get(v.name);
      if (!c || c.pointsLps.length < 2 || !(c.stepMm > 0)) return v;
      const every = Math.max(1, Math.round(KEY_CENTRELINE_STEP_MM / c.stepMm));
      const kept = c.pointsLps.filter((_, i) => i % every === 0 || i === c.pointsLps.length - 1);
      return { ...v, centrelineLps: kept.map((p) => [r2(p[0]), r2(p[1]), r2(p[2])] as [number, number, number]) };
    }),
  };
}
