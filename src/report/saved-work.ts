/**
 * Saved work of one study: traced vessels (waypoints, optional centreline, segment boundaries and whether they
 * are the automatic proposal, the user reference, the reader's grades, lesions, edit history), the report's
 * inputs and overrides, and whether it is a teacher's answer key. Versioned JSON; a version-1 file is migrated
 * on import (work-migrate.ts).
 *
 * Import is strict: > 10 MB is refused before parsing; anything but this schema / version, a work of another
 * study, an unknown field or an invalid value is refused with a WorkError (FR/EN message, nothing imported).
 * Strings are kept as plain text: the UI shows them with textContent (or escapeHtml), never as HTML.
 */
import {
  CATEGORIES,
  HIGH_RISK_FEATURES,
  MODIFIERS,
  PLAQUE_BURDENS,
  PLAQUE_TYPES,
  type CadRadsModifier,
  type Ischaemia,
} from './cadrads.ts';
import type { Dominance, Lesion, ReportInput, ReportOverrides, TechniqueInfo } from './report.ts';
import { VESSEL_NAMES, type SegmentSpan, type VesselName } from './segments.ts';
import type { Lps } from '../volume/volume.ts';
import { WorkError } from './work-errors.ts';
import { migrateWorkV1 } from './work-migrate.ts';
import {
  arr, bool, compact, int, invalid, isPlainObject, join, num, obj, oneOf, opt, str, vec3, type Json,
} from './work-validate.ts';

export const WORK_SCHEMA = 'coroscanner-work';
export const WORK_VERSION = 2;
export const MAX_WORK_BYTES = 10 * 1024 * 1024;
const MAX_TEXT = 10_000;
const MAX_SHORT = 200;
const MAX_LABEL = 64;

export const EDIT_KINDS = [
  'waypoint-added', 'waypoint-moved', 'waypoint-removed', 'centreline-recomputed', 'boundary-moved',
  'reference-moved', 'lesion-added', 'lesion-edited', 'lesion-removed', 'contour-edited',
] as const;
export type EditKind = (typeof EDIT_KINDS)[number];

export interface WorkEdit {
  readonly kind: EditKind;
  /** ISO 8601 time */
  readonly at: string;
  /** what was edited (waypoint index, lesion id, segment number…) */
  readonly target?: string;
  readonly note?: string;
}

export interface SavedVessel {
  readonly name: VesselName;
  /** user seeds in order: from, via…, to (LPS mm) */
  readonly waypointsLps: readonly Lps[];
  readonly centrelineLps?: readonly Lps[];
  readonly segmentBoundaries: readonly SegmentSpan[];
  readonly lesions: readonly Lesion[];
  readonly nonDiagnosticSegments?: readonly number[];
  /** user reference positions (arc length from the first waypoint, mm); absent: the automatic reference */
  readonly referenceSMm?: readonly [number, number];
  /** the reader's % diameter stenosis of a segment, reported for its worst lesion instead of the measured one */
  readonly grades?: readonly SegmentGrade[];
  /** 'proposed': the segment boundaries are the automatic proposal (proposed again when vessels change) */
  readonly boundaries?: BoundaryStatus;
  /** a vessel of the found tree: proposed, accepted or edited by the reader; absent for a traced vessel */
  readonly found?: SavedFound;
  readonly edits: readonly WorkEdit[];
}

export const PROPOSAL_STATUSES = ['proposed', 'accepted', 'edited'] as const;
export interface SavedFound {
  readonly status: (typeof PROPOSAL_STATUSES)[number];
  /** the vessel starts on the aortic wall (a trunk of the tree) */
  readonly fromAorta: boolean;
}

export interface SegmentGrade {
  readonly segment: number;
  readonly diameterStenosisPct: number;
}

export const BOUNDARY_STATUSES = ['proposed', 'accepted'] as const;
export type BoundaryStatus = (typeof BOUNDARY_STATUSES)[number];

export interface SavedReport {
  readonly technique?: TechniqueInfo;
  readonly dominance?: Dominance | null;
  readonly calciumScore?: number | null;
  readonly ischaemia?: Ischaemia | null;
  readonly exceptions?: readonly string[];
  readonly overrides?: ReportOverrides;
}

export interface SavedWork {
  readonly schema: typeof WORK_SCHEMA;
  readonly version: typeof WORK_VERSION;
  readonly studyInstanceUid: string;
  readonly savedAt: string;
  /** true for a teacher's expert reading used as the answer key */
  readonly answerKey: boolean;
  readonly author?: string;
  /** the case read ("Cas 1"), so a class review can name it; not identifying */
  readonly caseName?: string;
  /** a pseudonym the learner may choose for the class review; the export carries nothing else about the reader */
  readonly pseudonym?: string;
  readonly vessels: readonly SavedVessel[];
  readonly report: SavedReport;
}

const nullable = <T>(f: (x: Json, p: string) => T) => (x: Json, p: string): T | null => (x === null ? null : f(x, p));
const seg = (x: Json, p: string): number => int(x, p, 1, 18);
const pct = (x: Json, p: string): number => num(x, p, 0, 100);
const pos = (x: Json, p: string): number => num(x, p, 0, 1e5);

function uid(x: Json, p: string): string {
  const s = str(x, p, 64);
  if (!/^[0-9]+(\.[0-9]+)*$/.test(s)) throw invalid(p, 'a DICOM UID (digits and dots)');
  return s;
}

function edit(x: Json, p: string): WorkEdit {
  const o = obj(x, p, ['kind', 'at'], ['target', 'note']);
  return compact({
    kind: oneOf(o.kind, join(p, 'kind'), EDIT_KINDS),
    at: str(o.at, join(p, 'at'), 64),
    target: opt(o, 'target', p, (v, q) => str(v, q, MAX_SHORT)),
    note: opt(o, 'note', p, (v, q) => str(v, q, MAX_TEXT)),
  });
}

function span(x: Json, p: string): SegmentSpan {
  const o = obj(x, p, ['segment', 'startMm', 'endMm']);
  const s = { segment: seg(o.segment, join(p, 'segment')), startMm: pos(o.startMm, join(p, 'startMm')), endMm: pos(o.endMm, join(p, 'endMm')) };
  if (s.endMm < s.startMm) throw invalid(join(p, 'endMm'), 'endMm ≥ startMm');
  return s;
}

const LESION_KEYS = [
  'id', 'involvedSegments', 'positionMm', 'areaStenosisPct', 'mldMm', 'mlaMm2', 'referenceDiameterMm', 'lengthMm',
  'plaqueType', 'volumesMm3', 'highRiskFeatures', 'sideBranch', 'bifurcation', 'nonDiagnostic', 'stent', 'graft',
];

export function parseLesion(x: Json, p: string): Lesion {
  const o = obj(x, p, ['segment', 'diameterStenosisPct'], LESION_KEYS);
  const mm = (v: Json, q: string) => num(v, q, 0, 100);
  return compact({
    id: opt(o, 'id', p, (v, q) => str(v, q, MAX_SHORT)),
    segment: seg(o.segment, join(p, 'segment')),
    involvedSegments: opt(o, 'involvedSegments', p, (v, q) => arr(v, q, 18, seg)),
    positionMm: opt(o, 'positionMm', p, pos),
    diameterStenosisPct: pct(o.diameterStenosisPct, join(p, 'diameterStenosisPct')),
    areaStenosisPct: opt(o, 'areaStenosisPct', p, pct),
    mldMm: opt(o, 'mldMm', p, mm),
    mlaMm2: opt(o, 'mlaMm2', p, (v, q) => num(v, q, 0, 1000)),
    referenceDiameterMm: opt(o, 'referenceDiameterMm', p, mm),
    lengthMm: opt(o, 'lengthMm', p, pos),
    plaqueType: opt(o, 'plaqueType', p, nullable((v, q) => oneOf(v, q, PLAQUE_TYPES))),
    volumesMm3: opt(o, 'volumesMm3', p, (v, q) => {
      const w = obj(v, q, ['calcified', 'nonCalcified', 'lowAttenuation']);
      const vol = (k: string) => num(w[k], join(q, k), 0, 1e6);
      return { calcified: vol('calcified'), nonCalcified: vol('nonCalcified'), lowAttenuation: vol('lowAttenuation') };
    }),
    highRiskFeatures: opt(o, 'highRiskFeatures', p, (v, q) => arr(v, q, 8, (y, r) => oneOf(y, r, HIGH_RISK_FEATURES))),
    sideBranch: opt(o, 'sideBranch', p, (v, q) => {
      const w = obj(v, q, ['segment', 'diameterStenosisPct']);
      return { segment: seg(w.segment, join(q, 'segment')), diameterStenosisPct: pct(w.diameterStenosisPct, join(q, 'diameterStenosisPct')) };
    }),
    bifurcation: opt(o, 'bifurcation', p, (v, q) => {
      const w = obj(v, q, ['medina'], ['sideVessel']);
      const digits = arr(w.medina, join(q, 'medina'), 3, (d, r) => {
        if (d !== 0 && d !== 1 && d !== null) throw invalid(r, '0, 1 or null');
        return d;
      });
      if (digits.length !== 3) throw invalid(join(q, 'medina'), 'three Medina digits');
      const side = opt(w, 'sideVessel', q, (y, r) => oneOf(y, r, VESSEL_NAMES));
      return { medina: [digits[0]!, digits[1]!, digits[2]!] as const, ...(side ? { sideVessel: side } : {}) };
    }),
    nonDiagnostic: opt(o, 'nonDiagnostic', p, bool),
    stent: opt(o, 'stent', p, bool),
    graft: opt(o, 'graft', p, bool),
  });
}

function referencePair(x: Json, p: string): [number, number] {
  const v = arr(x, p, 2, pos);
  if (v.length !== 2) throw invalid(p, 'two arc lengths [proximal, distal] in mm');
  return [v[0]!, v[1]!];
}

function grade(x: Json, p: string): SegmentGrade {
  const o = obj(x, p, ['segment', 'diameterStenosisPct']);
  return { segment: seg(o.segment, join(p, 'segment')), diameterStenosisPct: pct(o.diameterStenosisPct, join(p, 'diameterStenosisPct')) };
}

function vessel(x: Json, p: string): SavedVessel {
  const o = obj(x, p, ['name', 'waypointsLps', 'segmentBoundaries', 'lesions', 'edits'], ['centrelineLps', 'nonDiagnosticSegments', 'referenceSMm', 'grades', 'boundaries', 'found']);
  return compact({
    name: oneOf(o.name, join(p, 'name'), VESSEL_NAMES),
    waypointsLps: arr(o.waypointsLps, join(p, 'waypointsLps'), 1000, vec3),
    centrelineLps: opt(o, 'centrelineLps', p, (v, q) => arr(v, q, 100_000, vec3)),
    segmentBoundaries: arr(o.segmentBoundaries, join(p, 'segmentBoundaries'), 50, span),
    lesions: arr(o.lesions, join(p, 'lesions'), 200, parseLesion),
    nonDiagnosticSegments: opt(o, 'nonDiagnosticSegments', p, (v, q) => arr(v, q, 18, seg)),
    referenceSMm: opt(o, 'referenceSMm', p, referencePair),
    grades: opt(o, 'grades', p, (v, q) => arr(v, q, 18, grade)),
    boundaries: opt(o, 'boundaries', p, (v, q) => oneOf(v, q, BOUNDARY_STATUSES)),
    found: opt(o, 'found', p, (v, q): SavedFound => {
      const f = obj(v, q, ['status', 'fromAorta']);
      return { status: oneOf(f.status, join(q, 'status'), PROPOSAL_STATUSES), fromAorta: bool(f.fromAorta, join(q, 'fromAorta')) };
    }),
    edits: arr(o.edits, join(p, 'edits'), 10_000, edit),
  });
}

function technique(x: Json, p: string): TechniqueInfo {
  const o = obj(x, p, [], [
    'kvp', 'sliceThicknessMm', 'heartRateBpm', 'phasePct', 'phaseLabel', 'acquisition', 'reconstructionKernel',
    'contrastAgent', 'manufacturer', 'model',
  ]);
  const s = (v: Json, q: string) => str(v, q, MAX_SHORT);
  return compact({
    kvp: opt(o, 'kvp', p, (v, q) => num(v, q, 0, 1000)),
    sliceThicknessMm: opt(o, 'sliceThicknessMm', p, (v, q) => num(v, q, 0, 100)),
    heartRateBpm: opt(o, 'heartRateBpm', p, (v, q) => num(v, q, 0, 400)),
    phasePct: opt(o, 'phasePct', p, pct),
    phaseLabel: opt(o, 'phaseLabel', p, s),
    acquisition: opt(o, 'acquisition', p, (v, q) => oneOf(v, q, ['prospective', 'retrospective'] as const)),
    reconstructionKernel: opt(o, 'reconstructionKernel', p, s),
    contrastAgent: opt(o, 'contrastAgent', p, s),
    manufacturer: opt(o, 'manufacturer', p, s),
    model: opt(o, 'model', p, s),
  });
}

function overrides(x: Json, p: string): ReportOverrides {
  const o = obj(x, p, [], ['category', 'plaqueBurden', 'modifiers', 'freeText']);
  return compact({
    category: opt(o, 'category', p, (v, q) => oneOf(v, q, CATEGORIES)),
    plaqueBurden: opt(o, 'plaqueBurden', p, nullable((v, q) => oneOf(v, q, PLAQUE_BURDENS))),
    modifiers: opt(o, 'modifiers', p, (v, q) => arr(v, q, 8, (y, r): CadRadsModifier => oneOf(y, r, MODIFIERS))),
    freeText: opt(o, 'freeText', p, (v, q) => str(v, q, MAX_TEXT)),
  });
}

function savedReport(x: Json, p: string): SavedReport {
  const o = obj(x, p, [], ['technique', 'dominance', 'calciumScore', 'ischaemia', 'exceptions', 'overrides']);
  return compact({
    technique: opt(o, 'technique', p, technique),
    dominance: opt(o, 'dominance', p, nullable((v, q) => oneOf(v, q, ['right', 'left', 'co-dominant'] as const))),
    calciumScore: opt(o, 'calciumScore', p, nullable((v, q) => num(v, q, 0, 1e5))),
    ischaemia: opt(o, 'ischaemia', p, nullable((v, q) => oneOf(v, q, ['I+', 'I-', 'I±'] as const))),
    exceptions: opt(o, 'exceptions', p, (v, q) => arr(v, q, 50, (y, r) => str(y, r, MAX_SHORT))),
    overrides: opt(o, 'overrides', p, overrides),
  });
}

/** Validates a parsed value as SavedWork (strict; returns a fresh object holding only known fields). */
export function validateWork(x: Json, expectedStudyUid?: string): SavedWork {
  if (!isPlainObject(x)) throw new WorkError('work-wrong-schema', { found: describe(x) });
  if (x.schema !== WORK_SCHEMA) throw new WorkError('work-wrong-schema', { found: describe(x.schema) });
  if (x.version === 1) return validateWork(migrateWorkV1(x), expectedStudyUid);
  if (x.version !== WORK_VERSION) throw new WorkError('work-wrong-version', { found: describe(x.version), expected: WORK_VERSION });
  const o = obj(x, '', ['schema', 'version', 'studyInstanceUid', 'savedAt', 'answerKey', 'vessels', 'report'], ['author', 'caseName', 'pseudonym']);
  const studyInstanceUid = uid(o.studyInstanceUid, 'studyInstanceUid');
  if (expectedStudyUid !== undefined && studyInstanceUid !== expectedStudyUid) {
    throw new WorkError('work-other-study', { found: studyInstanceUid, expected: expectedStudyUid });
  }
  return compact({
    schema: WORK_SCHEMA as typeof WORK_SCHEMA,
    version: WORK_VERSION as typeof WORK_VERSION,
    studyInstanceUid,
    savedAt: str(o.savedAt, 'savedAt', 64),
    answerKey: bool(o.answerKey, 'answerKey'),
    author: opt(o, 'author', '', (v, q) => str(v, q, MAX_SHORT)),
    caseName: opt(o, 'caseName', '', (v, q) => str(v, q, MAX_LABEL)),
    pseudonym: opt(o, 'pseudonym', '', (v, q) => str(v, q, MAX_LABEL)),
    vessels: arr(o.vessels, 'vessels', 50, vessel),
    report: savedReport(o.report, 'report'),
  });
}

function describe(v: Json): string {
  if (typeof v === 'string') return v.length > 60 ? `${v.slice(0, 60)}…` : v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return v === null ? 'null' : v === undefined ? 'none' : Array.isArray(v) ? 'list' : typeof v;
}

/** UTF-8 size of a string without encoding it when the answer is clear. */
function utf8Bytes(s: string): number {
  if (s.length > MAX_WORK_BYTES) return s.length; // ≥ length bytes: already too large
  if (s.length * 3 <= MAX_WORK_BYTES) return s.length; // cannot exceed the limit (exact size not needed)
  return new TextEncoder().encode(s).length;
}

export interface ImportOptions {
  /** StudyInstanceUID of the open study: a work of another study is refused */
  readonly expectedStudyUid?: string;
}

/** Parses and validates a saved-work file (text or bytes). Throws WorkError; never returns partial data. */
export function importWork(input: string | Uint8Array | ArrayBuffer, opts: ImportOptions = {}): SavedWork {
  const bytes = typeof input === 'string' ? utf8Bytes(input) : input.byteLength;
  if (bytes > MAX_WORK_BYTES) throw new WorkError('work-too-large', { bytes, maxBytes: MAX_WORK_BYTES });
  const text = typeof input === 'string' ? input : new TextDecoder('utf-8', { fatal: false }).decode(input);
  let parsed: Json;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new WorkError('work-not-json', { detail: (e instanceof Error ? e.message : String(e)).slice(0, 120) });
  }
  return validateWork(parsed, opts.expectedStudyUid);
}

/** Validates then serialises (pretty JSON). Refuses to write what importWork would refuse. */
export function exportWork(work: SavedWork): string {
  const clean = validateWork(JSON.parse(JSON.stringify(work)) as Json);
  const text = JSON.stringify(clean, null, 2);
  if (utf8Bytes(text) > MAX_WORK_BYTES) throw new WorkError('work-too-large', { bytes: utf8Bytes(text), maxBytes: MAX_WORK_BYTES });
  return text;
}

/** An empty work for a study. */
export function newWork(studyInstanceUid: string, opts: { answerKey?: boolean; author?: string; now?: Date } = {}): SavedWork {
  return compact({
    schema: WORK_SCHEMA as typeof WORK_SCHEMA,
    version: WORK_VERSION as typeof WORK_VERSION,
    studyInstanceUid,
    savedAt: (opts.now ?? new Date()).toISOString(),
    answerKey: opts.answerKey ?? false,
    author: opts.author,
    vessels: [],
    report: {},
  });
}

/** The report input a saved work describes (for buildReport and the answer-key comparison). */
export function reportInputFromWork(work: SavedWork): ReportInput {
  const r = work.report;
  return compact({
    technique: r.technique,
    dominance: r.dominance ?? null,
    calciumScore: r.calciumScore ?? null,
    ischaemia: r.ischaemia ?? null,
    exceptions: r.exceptions ?? [],
    overrides: r.overrides,
    vessels: work.vessels.map((v) =>
      compact({
        name: v.name,
        lesions: v.lesions,
        segments: v.segmentBoundaries.map((s) => s.segment),
        nonDiagnosticSegments: v.nonDiagnosticSegments,
      }),
    ),
  });
}
