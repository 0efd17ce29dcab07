/**
 * DICOM Structured Report export/import of the lesion measurements (dcmjs), shaped after TID 1500 "Measurement
 * Report": root CONTAINER (126000, DCM) → Imaging Measurements (126010) → one Measurement Group (125007) per
 * lesion with Tracking Identifier / UID, Finding Site (363698007, SCT) = SCCT segment, the vessel, the plaque
 * type as Finding (121071), NUM items (UCUM units) and high-risk features; the CAD-RADS label under Qualitative
 * Evaluations (C0034375, UMLS). CCTA quantities without a standard code use the private scheme 99CORO.
 * Enhanced SR storage, Explicit VR Little Endian. `importSr` reads back exactly what `exportSr` writes.
 * Numbers are written as DICOM DS (≤ 16 characters): 6 significant digits.
 */
import dcmjs from 'dcmjs';
import { HIGH_RISK_FEATURES, PLAQUE_TYPES, type HighRiskFeature, type PlaqueType } from './cadrads.ts';
import type { Lesion } from './report.ts';
import { isVesselName, type VesselName } from './segments.ts';
import type { Lang } from '../i18n/lang.ts';
import { dicomDateTime, studyAttributes, studyByUid, writePart10, type SourceStudy } from './study-header.ts';

const ENHANCED_SR = '1.2.840.10008.5.1.4.1.1.88.22';
const P = '99CORO';

type Item = Record<string, unknown>;
interface Code { readonly CodeValue: string; readonly CodingSchemeDesignator: string; readonly CodeMeaning: string }
const code = (CodeValue: string, CodingSchemeDesignator: string, CodeMeaning: string): Code => ({ CodeValue, CodingSchemeDesignator, CodeMeaning });

const C = {
  report: code('126000', 'DCM', 'Imaging Measurement Report'),
  language: code('121049', 'DCM', 'Language of Content Item and Descendants'),
  procedure: code('121058', 'DCM', 'Procedure reported'),
  ccta: code('CCTA', P, 'Coronary CT angiography'),
  measurements: code('126010', 'DCM', 'Imaging Measurements'),
  group: code('125007', 'DCM', 'Measurement Group'),
  trackingId: code('112039', 'DCM', 'Tracking Identifier'),
  trackingUid: code('112040', 'DCM', 'Tracking Unique Identifier'),
  findingSite: code('363698007', 'SCT', 'Finding Site'),
  finding: code('121071', 'DCM', 'Finding'),
  vessel: code('VESSEL', P, 'Traced vessel'),
  involved: code('INVOLVED-SEGMENT', P, 'Involved segment'),
  hrf: code('HRF', P, 'High-risk plaque feature'),
  flag: code('FLAG', P, 'Lesion flag'),
  sideSegment: code('SIDE-BRANCH-SEGMENT', P, 'Side branch segment'),
  qualitative: code('C0034375', 'UMLS', 'Qualitative Evaluations'),
  label: code('CAD-RADS', P, 'CAD-RADS 2.0 label'),
  caseName: code('CASE', P, 'Teaching case read'),
  pseudonym: code('PSEUDONYM', P, 'Reader pseudonym'),
} as const;

/** NUM items: lesion key → concept and UCUM unit. */
const NUMS = [
  ['diameterStenosisPct', 'DS', 'Diameter stenosis', '%'],
  ['areaStenosisPct', 'AS', 'Area stenosis', '%'],
  ['mldMm', 'MLD', 'Minimal lumen diameter', 'mm'],
  ['mlaMm2', 'MLA', 'Minimal lumen area', 'mm2'],
  ['referenceDiameterMm', 'RD', 'Reference diameter', 'mm'],
  ['lengthMm', 'LEN', 'Lesion length', 'mm'],
  ['positionMm', 'POS', 'Position of the MLD along the centreline', 'mm'],
  ['vol.calcified', 'VOL-CA', 'Calcified plaque volume', 'mm3'],
  ['vol.nonCalcified', 'VOL-NC', 'Non-calcified plaque volume', 'mm3'],
  ['vol.lowAttenuation', 'VOL-LA', 'Low-attenuation plaque volume', 'mm3'],
  ['side.diameterStenosisPct', 'SIDE-DS', 'Side branch ostial diameter stenosis', '%'],
] as const;
const FLAGS = ['nonDiagnostic', 'stent', 'graft'] as const;

const ds = (v: number): number => Number(v.toPrecision(6));
const seq = (v: unknown): Item[] => (Array.isArray(v) ? (v as Item[]) : v ? [v as Item] : []);
const segCode = (s: number): Code => code(`SCCT-${s}`, P, `SCCT segment ${s}`);

function item(rel: string, type: string, concept: Code, value: Item = {}): Item {
  return { RelationshipType: rel, ValueType: type, ConceptNameCodeSequence: [concept], ...value };
}
const codeItem = (rel: string, concept: Code, v: Code): Item => item(rel, 'CODE', concept, { ConceptCodeSequence: [v] });
const num = (concept: Code, value: number, unit: string): Item =>
  item('CONTAINS', 'NUM', concept, {
    MeasuredValueSequence: [{ NumericValue: ds(value), MeasurementUnitsCodeSequence: [code(unit, 'UCUM', unit)] }],
  });

function numValue(l: Lesion, key: (typeof NUMS)[number][0]): number | undefined {
  if (key.startsWith('vol.')) return l.volumesMm3?.[key.slice(4) as 'calcified'];
  if (key === 'side.diameterStenosisPct') return l.sideBranch?.diameterStenosisPct;
  return l[key as 'mldMm'];
}

function groupOf(vessel: VesselName, l: Lesion, index: number, uid: string): Item {
  const content: Item[] = [
    item('HAS OBS CONTEXT', 'TEXT', C.trackingId, { TextValue: l.id ?? `${vessel}-L${index + 1}` }),
    item('HAS OBS CONTEXT', 'UIDREF', C.trackingUid, { UID: uid }),
    codeItem('HAS CONCEPT MOD', C.findingSite, segCode(l.segment)),
    codeItem('HAS CONCEPT MOD', C.vessel, code(vessel, P, vessel)),
  ];
  for (const s of l.involvedSegments ?? []) content.push(codeItem('HAS CONCEPT MOD', C.involved, segCode(s)));
  if (l.sideBranch) content.push(codeItem('HAS CONCEPT MOD', C.sideSegment, segCode(l.sideBranch.segment)));
  if (l.plaqueType) content.push(codeItem('CONTAINS', C.finding, code(l.plaqueType, P, `${l.plaqueType} plaque`)));
  for (const [key, cv, meaning, unit] of NUMS) {
    const v = numValue(l, key);
    if (v !== undefined) content.push(num(code(cv, P, meaning), v, unit));
  }
  for (const f of l.highRiskFeatures ?? []) content.push(codeItem('CONTAINS', C.hrf, code(f, P, f)));
  for (const f of FLAGS) if (l[f]) content.push(codeItem('CONTAINS', C.flag, code(f, P, f)));
  return item('CONTAINS', 'CONTAINER', C.group, { ContinuityOfContent: 'SEPARATE', ContentSequence: content });
}

/** A fresh UID under the 2.25 root (UUID-derived). */
export function newUid(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  let n = 0n;
  for (const x of b) n = (n << 8n) | BigInt(x);
  return `2.25.${n.toString()}`;
}

export interface SrVessel {
  readonly name: VesselName;
  readonly lesions: readonly Lesion[];
}

export interface SrExportOptions {
  readonly studyInstanceUid: string;
  /** The source study's patient and study modules (a report sent to its PACS); without it they are left empty. */
  readonly study?: SourceStudy;
  readonly vessels: readonly SrVessel[];
  readonly label: string;
  readonly lang?: Lang;
  readonly now?: Date;
  /** the case read ("Cas 1") and the reader's chosen pseudonym: observation context, nothing else about the reader */
  readonly caseName?: string;
  readonly pseudonym?: string;
}

const contextText = (concept: Code, text: string | undefined): Item[] =>
  text && text.trim() ? [item('HAS OBS CONTEXT', 'TEXT', concept, { TextValue: text.trim().slice(0, 64) })] : [];

/**
 * Writes the SR (Part 10 bytes) under the source study: its patient and study modules when given, else empty
 * but for the study UID (anonymised teaching data).
 */
export function exportSr(o: SrExportOptions): Uint8Array {
  const sop = newUid();
  const { date, time } = dicomDateTime(o.now ?? new Date());
  const groups = o.vessels.flatMap((v) => v.lesions.map((l, i) => groupOf(v.name, l, i, newUid())));
  const lang = o.lang ?? 'fr';
  const dataset: Item = {
    SOPClassUID: ENHANCED_SR, SOPInstanceUID: sop, ...studyAttributes(o.study ?? studyByUid(o.studyInstanceUid)), SeriesInstanceUID: newUid(),
    Modality: 'SR', SeriesNumber: 9001, InstanceNumber: 1, SeriesDate: date, SeriesTime: time,
    ContentDate: date, ContentTime: time, Manufacturer: 'coroscanner viewer', SeriesDescription: 'CAD-RADS measurements',
    CompletionFlag: 'PARTIAL', VerificationFlag: 'UNVERIFIED', ValueType: 'CONTAINER', ContinuityOfContent: 'SEPARATE',
    ConceptNameCodeSequence: [C.report],
    ContentTemplateSequence: [{ MappingResource: 'DCMR', TemplateIdentifier: '1500' }],
    ContentSequence: [
      codeItem('HAS CONCEPT MOD', C.language, code(lang, 'RFC5646', lang === 'fr' ? 'French' : 'English')),
      codeItem('HAS CONCEPT MOD', C.procedure, C.ccta),
      ...contextText(C.caseName, o.caseName),
      ...contextText(C.pseudonym, o.pseudonym),
      item('CONTAINS', 'CONTAINER', C.measurements, { ContinuityOfContent: 'SEPARATE', ContentSequence: groups }),
      item('CONTAINS', 'CONTAINER', C.qualitative, {
        ContinuityOfContent: 'SEPARATE',
        ContentSequence: [item('CONTAINS', 'TEXT', C.label, { TextValue: o.label })],
      }),
    ],
  };
  return writePart10({ ...dataset, SOPClassUID: ENHANCED_SR, SOPInstanceUID: sop });
}

export interface SrContent {
  readonly studyInstanceUid: string;
  readonly label: string | null;
  readonly vessels: SrVessel[];
  readonly caseName?: string;
  readonly pseudonym?: string;
}

const conceptOf = (it: Item): string => String(seq(it.ConceptNameCodeSequence)[0]?.CodeValue ?? '');
const valueOf = (it: Item): string => String(seq(it.ConceptCodeSequence)[0]?.CodeValue ?? '');
const segOf = (v: string): number => {
  const n = Number(v.replace('SCCT-', ''));
  if (!Number.isInteger(n) || n < 1 || n > 18) throw new Error(`SR: bad SCCT segment code ${v}`);
  return n;
};

function lesionOf(group: Item): { vessel: VesselName; lesion: Lesion } {
  const l: Record<string, unknown> = {};
  let vessel: VesselName | undefined;
  const involved: number[] = [];
  const hrf: HighRiskFeature[] = [];
  const vol: Record<string, number> = {};
  const side: Record<string, number> = {};
  for (const it of seq(group.ContentSequence)) {
    const c = conceptOf(it);
    if (c === C.trackingId.CodeValue) l.id = String(it.TextValue ?? '');
    else if (c === C.findingSite.CodeValue) l.segment = segOf(valueOf(it));
    else if (c === C.vessel.CodeValue && isVesselName(valueOf(it))) vessel = valueOf(it) as VesselName;
    else if (c === C.involved.CodeValue) involved.push(segOf(valueOf(it)));
    else if (c === C.sideSegment.CodeValue) side.segment = segOf(valueOf(it));
    else if (c === C.finding.CodeValue && (PLAQUE_TYPES as readonly string[]).includes(valueOf(it))) l.plaqueType = valueOf(it) as PlaqueType;
    else if (c === C.hrf.CodeValue && (HIGH_RISK_FEATURES as readonly string[]).includes(valueOf(it))) hrf.push(valueOf(it) as HighRiskFeature);
    else if (c === C.flag.CodeValue && (FLAGS as readonly string[]).includes(valueOf(it))) l[valueOf(it)] = true;
    else if (it.ValueType === 'NUM') {
      const entry = NUMS.find((n) => n[1] === c);
      const v = Number(seq(it.MeasuredValueSequence)[0]?.NumericValue);
      if (!entry || !Number.isFinite(v)) continue;
      const key = entry[0];
      if (key.startsWith('vol.')) vol[key.slice(4)] = v;
      else if (key === 'side.diameterStenosisPct') side.diameterStenosisPct = v;
      else l[key] = v;
    }
  }
  if (!vessel || typeof l.segment !== 'number' || typeof l.diameterStenosisPct !== 'number') {
    throw new Error('SR: a measurement group lacks its vessel, segment or diameter stenosis');
  }
  if (involved.length) l.involvedSegments = involved;
  if (hrf.length) l.highRiskFeatures = hrf;
  if ('calcified' in vol) l.volumesMm3 = { calcified: vol.calcified, nonCalcified: vol.nonCalcified ?? 0, lowAttenuation: vol.lowAttenuation ?? 0 };
  if (side.segment !== undefined && side.diameterStenosisPct !== undefined) l.sideBranch = side;
  return { vessel, lesion: l as unknown as Lesion };
}

/** Reads an SR written by exportSr back into vessels and lesions. Throws Error with a precise message. */
export function importSr(bytes: Uint8Array): SrContent {
  const { DicomMessage, DicomMetaDictionary } = dcmjs.data;
  let ds: Item;
  try {
    const buf = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    ds = DicomMetaDictionary.naturalizeDataset(DicomMessage.readFile(buf).dict);
  } catch (e) {
    throw new Error(`SR: not a readable DICOM file (${e instanceof Error ? e.message : String(e)})`);
  }
  if (ds.Modality !== 'SR' || conceptOf(ds) !== C.report.CodeValue) throw new Error('SR: not a measurement report');
  const vessels = new Map<VesselName, Lesion[]>();
  let label: string | null = null;
  const context: { caseName?: string; pseudonym?: string } = {};
  for (const top of seq(ds.ContentSequence)) {
    if (conceptOf(top) === C.caseName.CodeValue) context.caseName = String(top.TextValue ?? '');
    else if (conceptOf(top) === C.pseudonym.CodeValue) context.pseudonym = String(top.TextValue ?? '');
    else if (conceptOf(top) === C.measurements.CodeValue) {
      for (const g of seq(top.ContentSequence)) {
        const { vessel, lesion } = lesionOf(g);
        vessels.set(vessel, [...(vessels.get(vessel) ?? []), lesion]);
      }
    } else if (conceptOf(top) === C.qualitative.CodeValue) {
      const t = seq(top.ContentSequence).find((it) => conceptOf(it) === C.label.CodeValue);
      if (t) label = String(t.TextValue ?? '');
    }
  }
  return {
    studyInstanceUid: String(ds.StudyInstanceUID ?? ''),
    label,
    vessels: [...vessels.entries()].map(([name, lesions]) => ({ name, lesions })),
    ...context,
  };
}
