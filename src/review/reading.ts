/**
 * One file of the class review → a reading: a learner's saved work (JSON) or DICOM SR as the viewer exports them,
 * or an expert's answer key (saved work with answerKey true). An SR becomes a saved work whose report overrides
 * carry its CAD-RADS label, so the report rules give back the learner's own conclusion.
 */
import { CATEGORIES, MODIFIERS, PLAQUE_BURDENS, type CadRadsCategory, type CadRadsModifier, type PlaqueBurden } from '../report/cadrads.ts';
import { buildReport } from '../report/report.ts';
import { importWork, newWork, reportInputFromWork, type SavedWork } from '../report/saved-work.ts';
import { importSr } from '../report/sr.ts';
import { isWorkError, type WorkErrorCode, type WorkErrorParams } from '../report/work-errors.ts';
import type { CaseAnswer } from './answers.ts';

export type ReadingFormat = 'json' | 'sr';

export interface Reading {
  readonly file: string;
  readonly format: ReadingFormat;
  readonly work: SavedWork;
  readonly answer: CaseAnswer;
  /** FNV-1a of the file bytes (identical files are duplicates whatever their names) */
  readonly contentHash: number;
}

/** Why a file was not read; `cause` holds the saved-work error when there is one (FR/EN message). */
export interface ReadFailure {
  readonly file: string;
  readonly detail: string;
  readonly cause?: { readonly code: WorkErrorCode; readonly params: WorkErrorParams };
}

export class ReadingError extends Error {
  override readonly name = 'ReadingError';
  constructor(readonly failure: ReadFailure) {
    super(`${failure.file}: ${failure.detail}`);
  }
}

export function fnv1a(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h >>> 0;
}

const isDicom = (b: Uint8Array): boolean => b.length > 132 && b[128] === 0x44 && b[129] === 0x49 && b[130] === 0x43 && b[131] === 0x4d;

/** CAD-RADS label text → its parts ("CAD-RADS 4A/P2/HRP"); null when it does not parse. */
export function parseLabel(label: string): { category: CadRadsCategory; plaqueBurden: PlaqueBurden | null; modifiers: CadRadsModifier[] } | null {
  const m = /^\s*CAD-RADS\s+([0-5]|4A|4B|N)\s*((?:\/\s*[^/\s]+\s*)*)$/i.exec(label);
  if (!m) return null;
  const category = m[1]!.toUpperCase() as CadRadsCategory;
  if (!(CATEGORIES as readonly string[]).includes(category)) return null;
  let plaqueBurden: PlaqueBurden | null = null;
  const modifiers: CadRadsModifier[] = [];
  for (const part of m[2]!.split('/').map((p) => p.trim()).filter(Boolean)) {
    if ((PLAQUE_BURDENS as readonly string[]).includes(part.toUpperCase())) plaqueBurden = part.toUpperCase() as PlaqueBurden;
    else if ((MODIFIERS as readonly string[]).includes(part)) modifiers.push(part as CadRadsModifier);
    else return null;
  }
  return { category, plaqueBurden, modifiers };
}

export function caseAnswerOf(work: SavedWork): CaseAnswer {
  const c = buildReport(reportInputFromWork(work)).cadRads;
  return { label: c.label, category: c.category, plaqueBurden: c.plaqueBurden, modifiers: c.modifiers };
}

function workFromSr(bytes: Uint8Array): SavedWork {
  const sr = importSr(bytes);
  if (!/^[0-9]+(\.[0-9]+)*$/.test(sr.studyInstanceUid)) throw new Error('SR: no StudyInstanceUID');
  const parts = sr.label ? parseLabel(sr.label) : null;
  if (sr.label && !parts) throw new Error(`SR: unreadable CAD-RADS label "${sr.label.slice(0, 40)}"`);
  const base = newWork(sr.studyInstanceUid, { now: new Date(0) });
  return {
    ...base,
    savedAt: '',
    ...(sr.caseName ? { caseName: sr.caseName } : {}),
    ...(sr.pseudonym ? { pseudonym: sr.pseudonym } : {}),
    vessels: sr.vessels.map((v) => ({ name: v.name, waypointsLps: [], segmentBoundaries: [], lesions: v.lesions, edits: [] })),
    report: parts ? { overrides: { category: parts.category, plaqueBurden: parts.plaqueBurden, modifiers: parts.modifiers } } : {},
  };
}

/** Reads one file (JSON saved work or DICOM SR); throws ReadingError naming the file and the reason. */
export function readReading(file: string, bytes: Uint8Array): Reading {
  const contentHash = fnv1a(bytes);
  try {
    const format: ReadingFormat = isDicom(bytes) ? 'sr' : 'json';
    const work = format === 'sr' ? workFromSr(bytes) : importWork(bytes);
    return { file, format, work, answer: caseAnswerOf(work), contentHash };
  } catch (e) {
    if (isWorkError(e)) throw new ReadingError({ file, detail: e.message, cause: { code: e.code, params: e.params } });
    throw new ReadingError({ file, detail: (e instanceof Error ? e.message : String(e)).slice(0, 200) });
  }
}
