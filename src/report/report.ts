/**
 * Report model: from the study's technique, dominance, traced vessels and their lesions (plus optional calcium
 * score and the reader's overrides) to a structured, language-neutral CCTA report. Text renderers:
 * ./report-text.ts (French default, English).
 */
import {
  applyOverrides,
  computeCadRads,
  type CadRadsOverrides,
  type CadRadsResult,
  type HighRiskFeature,
  type Ischaemia,
  type PlaqueType,
  type SegmentFinding,
} from './cadrads.ts';
import type { VesselName } from './segments.ts';

/** Acquisition and reconstruction, from the DICOM headers (every field optional: headers often lack them). */
export interface TechniqueInfo {
  readonly kvp?: number;
  readonly sliceThicknessMm?: number;
  readonly heartRateBpm?: number;
  /** reconstructed cardiac phase, % of the R–R interval */
  readonly phasePct?: number;
  /** phase wording when only text is known, e.g. "BestDiast" */
  readonly phaseLabel?: string;
  readonly acquisition?: 'prospective' | 'retrospective';
  readonly reconstructionKernel?: string;
  readonly contrastAgent?: string;
  readonly manufacturer?: string;
  readonly model?: string;
}

export type Dominance = 'right' | 'left' | 'co-dominant';

export interface PlaqueVolumesMm3 {
  readonly calcified: number;
  readonly nonCalcified: number;
  readonly lowAttenuation: number;
}

export interface Lesion {
  readonly id?: string;
  /** SCCT segment of the MLD (graded segment) */
  readonly segment: number;
  /** every segment the plaque touches (SIS); default [segment] */
  readonly involvedSegments?: readonly number[];
  /** arc length of the MLD on the vessel centreline, mm */
  readonly positionMm?: number;
  readonly diameterStenosisPct: number;
  readonly areaStenosisPct?: number;
  readonly mldMm?: number;
  readonly mlaMm2?: number;
  readonly referenceDiameterMm?: number;
  readonly lengthMm?: number;
  readonly plaqueType?: PlaqueType | null;
  readonly volumesMm3?: PlaqueVolumesMm3;
  readonly highRiskFeatures?: readonly HighRiskFeature[];
  /** ostial stenosis of a side branch at a bifurcation lesion */
  readonly sideBranch?: { readonly segment: number; readonly diameterStenosisPct: number };
  /** a lesion at a bifurcation: its Medina class (proximal main, distal main, side branch; null: not measured) */
  readonly bifurcation?: LesionBifurcationClass;
  readonly nonDiagnostic?: boolean;
  readonly stent?: boolean;
  readonly graft?: boolean;
}

export type MedinaClass = readonly [0 | 1 | null, 0 | 1 | null, 0 | 1 | null];

export interface LesionBifurcationClass {
  readonly medina: MedinaClass;
  /** the side branch, when traced and named */
  readonly sideVessel?: VesselName;
}

export interface ReportVessel {
  readonly name: VesselName;
  readonly lesions: readonly Lesion[];
  /** segments analysed on this vessel (for the "no stenosis" line); default: the lesions' segments */
  readonly segments?: readonly number[];
  /** segments of this vessel that could not be assessed */
  readonly nonDiagnosticSegments?: readonly number[];
}

export interface ReportOverrides extends CadRadsOverrides {
  readonly freeText?: string;
}

export interface ReportInput {
  readonly technique?: TechniqueInfo;
  readonly dominance?: Dominance | null;
  readonly vessels: readonly ReportVessel[];
  readonly calciumScore?: number | null;
  readonly ischaemia?: Ischaemia | null;
  readonly exceptions?: readonly string[];
  readonly overrides?: ReportOverrides;
}

export interface SegmentFindingRow {
  readonly segment: number;
  readonly vessel: VesselName;
  readonly lesions: readonly Lesion[];
}

export interface StructuredReport {
  readonly technique: TechniqueInfo;
  readonly dominance: Dominance | null;
  /** true when `dominance` was not given and comes from the traced vessels' names (dominanceFromVessels) */
  readonly dominanceFromVessels: boolean;
  readonly calciumScore: number | null;
  /** one row per segment bearing a lesion, by segment number */
  readonly findings: readonly SegmentFindingRow[];
  /** analysed segments without lesion */
  readonly normalSegments: readonly number[];
  readonly nonDiagnosticSegments: readonly number[];
  readonly exceptions: readonly string[];
  /** the computed proposal */
  readonly proposed: CadRadsResult;
  /** the final result after the reader's overrides (same as proposed without overrides) */
  readonly cadRads: CadRadsResult;
  readonly overridden: boolean;
  readonly freeText: string;
}

/**
 * Dominance proposed from the traced vessels' names (the artery that gives the posterior descending / postero-lateral
 * branch): R-PDA or R-PLB → right, L-PDA or L-PLB → left, both → co-dominant, neither traced → null (not stated).
 */
export function dominanceFromVessels(vessels: readonly { readonly name: string }[]): Dominance | null {
  const names = new Set(vessels.map((v) => v.name));
  const right = names.has('R-PDA') || names.has('R-PLB');
  const left = names.has('L-PDA') || names.has('L-PLB');
  return right && left ? 'co-dominant' : right ? 'right' : left ? 'left' : null;
}

/** Per-segment CAD-RADS findings from the vessels' lesions. */
export function findingsFromVessels(vessels: readonly ReportVessel[]): SegmentFinding[] {
  const out: SegmentFinding[] = [];
  for (const v of vessels) {
    for (const l of v.lesions) {
      out.push({
        segment: l.segment,
        diameterStenosisPct: l.diameterStenosisPct,
        plaqueType: l.plaqueType ?? null,
        highRiskFeatures: l.highRiskFeatures ?? [],
        nonDiagnostic: l.nonDiagnostic ?? false,
        stent: l.stent ?? false,
        graft: l.graft ?? false,
        ...(l.referenceDiameterMm !== undefined ? { referenceDiameterMm: l.referenceDiameterMm } : {}),
      });
      for (const s of l.involvedSegments ?? []) {
        if (s !== l.segment) out.push({ segment: s, diameterStenosisPct: 0, plaqueType: l.plaqueType ?? 'mixed' });
      }
      if (l.sideBranch) {
        out.push({
          segment: l.sideBranch.segment,
          diameterStenosisPct: l.sideBranch.diameterStenosisPct,
          plaqueType: l.plaqueType ?? null,
        });
      }
    }
    for (const s of v.nonDiagnosticSegments ?? []) out.push({ segment: s, diameterStenosisPct: 0, nonDiagnostic: true });
  }
  return out;
}

/** Builds the structured report; the label is recomputed from the overrides. */
export function buildReport(input: ReportInput): StructuredReport {
  const findings = findingsFromVessels(input.vessels);
  const proposed = computeCadRads({
    findings,
    calciumScore: input.calciumScore ?? null,
    ischaemia: input.ischaemia ?? null,
    exceptions: input.exceptions ?? [],
  });
  const o = input.overrides;
  const hasOverride = !!o && (o.category !== undefined || o.plaqueBurden !== undefined || o.modifiers !== undefined);
  const cadRads = hasOverride ? applyOverrides(proposed, o) : proposed;

  const rows = new Map<number, { vessel: VesselName; lesions: Lesion[] }>();
  const analysed = new Set<number>();
  for (const v of input.vessels) {
    for (const s of v.segments ?? []) analysed.add(s);
    for (const l of v.lesions) {
      analysed.add(l.segment);
      const row = rows.get(l.segment) ?? { vessel: v.name, lesions: [] };
      row.lesions.push(l);
      rows.set(l.segment, row);
    }
  }
  const findingRows = [...rows.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([segment, r]) => ({
      segment,
      vessel: r.vessel,
      lesions: [...r.lesions].sort((a, b) => b.diameterStenosisPct - a.diameterStenosisPct),
    }));
  const nonDiag = [...new Set(findings.filter((f) => f.nonDiagnostic).map((f) => f.segment))].sort((a, b) => a - b);
  const involved = new Set(findings.map((f) => f.segment));
  const normalSegments = [...analysed].filter((s) => !involved.has(s)).sort((a, b) => a - b);
  return {
    technique: input.technique ?? {},
    dominance: input.dominance ?? dominanceFromVessels(input.vessels),
    dominanceFromVessels: !input.dominance && dominanceFromVessels(input.vessels) !== null,
    calciumScore: input.calciumScore ?? null,
    findings: findingRows,
    normalSegments,
    nonDiagnosticSegments: nonDiag,
    exceptions: (input.exceptions ?? []).filter((e) => e.trim() !== ''),
    proposed,
    cadRads,
    overridden: hasOverride && cadRads.label !== proposed.label,
    freeText: o?.freeText ?? '',
  };
}

/** Raw DICOM header values the technique section reads (names after the DICOM keywords). */
export interface TechniqueAttributes {
  readonly KVP?: number | string;
  readonly SliceThickness?: number | string;
  readonly HeartRate?: number | string;
  readonly NominalPercentageOfCardiacPhase?: number | string;
  readonly ConvolutionKernel?: string | readonly string[];
  readonly ContrastBolusAgent?: string;
  readonly Manufacturer?: string;
  readonly ManufacturerModelName?: string;
  readonly SeriesDescription?: string;
  readonly ImageComments?: string;
  /** several cardiac phases in the series mean a retrospective acquisition */
  readonly phaseCount?: number;
}

function num(v: number | string | undefined): number | undefined {
  if (v === undefined || v === '') return undefined;
  const n = typeof v === 'number' ? v : Number.parseFloat(v);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * TechniqueInfo from DICOM header values. The phase comes from NominalPercentageOfCardiacPhase, else from the
 * series description / image comments ("BestDiast 72 %", "75%"); the heart rate from HeartRate, else "58bpm".
 */
export function techniqueFromDicom(a: TechniqueAttributes): TechniqueInfo {
  const text = `${a.SeriesDescription ?? ''} ${a.ImageComments ?? ''}`;
  let phasePct = num(a.NominalPercentageOfCardiacPhase);
  const m = /(\d{1,3}(?:\.\d+)?)\s?%/.exec(text);
  if (phasePct === undefined && m && !/\d\s?-\s?\d{1,3}\s?%/.test(text)) phasePct = Number.parseFloat(m[1]!);
  let heartRateBpm = num(a.HeartRate);
  const hr = /(\d{2,3})\s?bpm/i.exec(text);
  if ((heartRateBpm === undefined || heartRateBpm === 0) && hr) heartRateBpm = Number.parseInt(hr[1]!, 10);
  const label = /best\s?(diast|syst)\w*/i.exec(text)?.[0];
  const kernel = Array.isArray(a.ConvolutionKernel) ? a.ConvolutionKernel.join('\\') : a.ConvolutionKernel;
  const t: Record<string, unknown> = {
    kvp: num(a.KVP),
    sliceThicknessMm: num(a.SliceThickness),
    heartRateBpm: heartRateBpm || undefined,
    phasePct,
    phaseLabel: label,
    acquisition: a.phaseCount !== undefined ? (a.phaseCount > 1 ? 'retrospective' : undefined) : undefined,
    reconstructionKernel: (kernel as string | undefined)?.trim() || undefined,
    contrastAgent: a.ContrastBolusAgent?.trim() || undefined,
    manufacturer: a.Manufacturer?.trim() || undefined,
    model: a.ManufacturerModelName?.trim() || undefined,
  };
  for (const k of Object.keys(t)) if (t[k] === undefined) delete t[k];
  return t as TechniqueInfo;
}
