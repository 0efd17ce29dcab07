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
