/**
 * Every file the teacher dropped (answer keys and learners' readings, any order, dozens at once) → the class
 * review of each case. The result does not depend on the drop order: files are taken in name order. Answer keys
 * (saved work with answerKey true) of a study form its panel; a learner's reading is refused, with the file named,
 * when it is malformed, a duplicate (same bytes, or a second reading of the case under the same pseudonym), or of a
 * study no answer key was given for. Everything else is reviewed.
 */
import type { WorkErrorCode, WorkErrorParams } from '../report/work-errors.ts';
import { reviewCase, type CaseReview } from './case-review.ts';
import { mergePanel } from './panel.ts';
import { ReadingError, readReading, type Reading } from './reading.ts';

export interface ReviewFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

export const REFUSAL_CODES = ['malformed', 'duplicate', 'other-study'] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

export interface Refusal {
  readonly file: string;
  readonly code: RefusalCode;
  /** malformed: detail; duplicate: first (the file kept); other-study: study (case name or UID) */
  readonly params: Readonly<Record<string, string>>;
  readonly cause?: { readonly code: WorkErrorCode; readonly params: WorkErrorParams };
}

export interface ClassReview {
  readonly cases: readonly CaseReview[];
  readonly refused: readonly Refusal[];
  readonly keyFiles: number;
  readonly readingFiles: number;
}

const byName = (a: string, b: string): number => a.localeCompare(b, 'en', { numeric: true });

function caseOrder(a: CaseReview, b: CaseReview): number {
  return byName(a.panel.caseName ?? '\uffff', b.panel.caseName ?? '\uffff') || byName(a.panel.studyInstanceUid, b.panel.studyInstanceUid);
}

/** Reads every file; the keys, the readings and the refusals of malformed or duplicated files. */
function readAll(files: readonly ReviewFile[]): { keys: Reading[]; readings: Reading[]; refused: Refusal[] } {
  const refused: Refusal[] = [];
  const keys: Reading[] = [];
  const readings: Reading[] = [];
  const seenHash = new Map<number, string>();
  for (const f of [...files].sort((a, b) => byName(a.name, b.name))) {
    let r: Reading;
    try {
      r = readReading(f.name, f.bytes);
    } catch (e) {
      const failure = e instanceof ReadingError ? e.failure : { file: f.name, detail: String(e) };
      refused.push({ file: f.name, code: 'malformed', params: { detail: failure.detail }, ...(failure.cause ? { cause: failure.cause } : {}) });
      continue;
    }
    const first = seenHash.get(r.contentHash);
    if (first !== undefined) {
      refused.push({ file: f.name, code: 'duplicate', params: { first } });
      continue;
    }
    seenHash.set(r.contentHash, f.name);
    (r.work.answerKey ? keys : readings).push(r);
  }
  return { keys, readings, refused };
}

export function classReview(files: readonly ReviewFile[]): ClassReview {
  const { keys, readings, refused } = readAll(files);
  const keysByStudy = new Map<string, Reading[]>();
  for (const k of keys) keysByStudy.set(k.work.studyInstanceUid, [...(keysByStudy.get(k.work.studyInstanceUid) ?? []), k]);
  const byStudy = new Map<string, Reading[]>();
  const pseudonyms = new Map<string, string>();
  for (const r of readings) {
    const uid = r.work.studyInstanceUid;
    if (!keysByStudy.has(uid)) {
      refused.push({ file: r.file, code: 'other-study', params: { study: r.work.caseName ?? uid } });
      continue;
    }
    const who = r.work.pseudonym?.trim().toLowerCase();
    const first = who ? pseudonyms.get(`${uid}\n${who}`) : undefined;
    if (first !== undefined) {
      refused.push({ file: r.file, code: 'duplicate', params: { first } });
      continue;
    }
    if (who) pseudonyms.set(`${uid}\n${who}`, r.file);
    byStudy.set(uid, [...(byStudy.get(uid) ?? []), r]);
  }
  const cases = [...keysByStudy].map(([uid, k]) => reviewCase(mergePanel(k.map((x) => x.work)), byStudy.get(uid) ?? []));
  refused.sort((a, b) => byName(a.file, b.file));
  return { cases: cases.sort(caseOrder), refused, keyFiles: keys.length, readingFiles: readings.length };
}
