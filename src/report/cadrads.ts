/**
 * CAD-RADS 2.0 rules (Cury et al., JCCT 2022;16:536–557), pure TypeScript.
 *
 * Input: per-segment findings on the SCCT 18-segment model, an optional calcium score and the patient-level
 * modifiers the reader sets (ischaemia, exceptions). Output: category, plaque burden, modifiers and the label.
 *
 * Decisions on points the guideline leaves open (the phantom reference, PHANTOM.md §5, says the same):
 * - Stenosis thresholds are applied to the measured value as a real number: 24.9 % is category 1, 25 % is 2,
 *   99.9 % is 4A/4B and only 100 % (total occlusion) is 5. `displayPct()` prints a value without crossing a band.
 * - 4B = left main ≥ 50 % (CAD-RADS 2.0 wording; 2016 said > 50 %) or ≥ 70 % in all three of LAD, LCx and RCA,
 *   segments folded per vessel (LAD 6–10, 17; LCx 11–15, 18; RCA 1–4, 16). LM (5) counts on its own, never as a
 *   vessel of the three-vessel rule. A total occlusion anywhere makes the category 5, above 4B.
 * - Vessels < 1.5 mm (finding.referenceDiameterMm < 1.5) are not graded: they set neither the category nor N.
 *   Their plaque still counts for the segment involvement score and HRP.
 * - N: a graded-size segment flagged non-diagnostic. Worst assessable stenosis < 50 % → category N (no P);
 *   ≥ 50 % → the stenosis category with the /N modifier.
 * - Plaque burden: the calcium score when given and > 0 (1–100 P1, 101–300 P2, 301–999 P3, ≥ 1000 P4 — CAC
 *   exactly 1000, which no printed band holds, is P4; non-integer scores: ≤ 100, ≤ 300, < 1000). Otherwise the
 *   segment involvement score (SIS, plaque-bearing segments among 16: ≤ 2 P1, 3–4 P2, 5–7 P3, ≥ 8 P4). The 16
 *   are 1–14, 16, 17; a left-dominant L-PDA (15) fills the PDA slot (4) and L-PLB (18) the PLB slot (16).
 *   P only with categories 1–5. A calcium score > 0 means plaque is present (category ≥ 1).
 * - Label order: category, /P, then HRP, I+/I-/I±, S, G, E, N — e.g. `CAD-RADS 4A/P2/HRP`, `CAD-RADS 3/P1/I+/N`.
 *   Ischaemia uses an ASCII hyphen (`I-`) so labels can be typed and searched.
 */

export const CATEGORIES = ['0', '1', '2', '3', '4A', '4B', '5', 'N'] as const;
export type CadRadsCategory = (typeof CATEGORIES)[number];
export const PLAQUE_BURDENS = ['P1', 'P2', 'P3', 'P4'] as const;
export type PlaqueBurden = (typeof PLAQUE_BURDENS)[number];
export const MODIFIERS = ['HRP', 'I+', 'I-', 'I±', 'S', 'G', 'E', 'N'] as const;
export type CadRadsModifier = (typeof MODIFIERS)[number];
export type Ischaemia = 'I+' | 'I-' | 'I±';

export const PLAQUE_TYPES = ['calcified', 'non-calcified', 'low-attenuation', 'mixed'] as const;
export type PlaqueType = (typeof PLAQUE_TYPES)[number];
export const HIGH_RISK_FEATURES = [
  'positive-remodelling',
  'low-attenuation',
  'spotty-calcification',
  'napkin-ring',
] as const;
export type HighRiskFeature = (typeof HIGH_RISK_FEATURES)[number];

/** Minimum reference diameter of a graded vessel, mm. */
export const MIN_GRADED_DIAMETER_MM = 1.5;

export interface SegmentFinding {
  /** SCCT segment 1–18 */
  readonly segment: number;
  /** maximal diameter stenosis in the segment, 0–100 % */
  readonly diameterStenosisPct: number;
  /** plaque type; absent = no plaque unless stenosis > 0 or positive remodelling */
  readonly plaqueType?: PlaqueType | null;
  readonly highRiskFeatures?: readonly HighRiskFeature[];
  readonly nonDiagnostic?: boolean;
  readonly stent?: boolean;
  readonly graft?: boolean;
  /** reference lumen diameter, mm; < 1.5 mm means not graded */
  readonly referenceDiameterMm?: number;
}

export interface CadRadsInput {
  readonly findings: readonly SegmentFinding[];
  /** Agatston calcium score, when measured */
  readonly calciumScore?: number | null;
  readonly ischaemia?: Ischaemia | null;
  /** exceptions (dissection, anomaly, aneurysm, fistula, …): any entry sets E */
  readonly exceptions?: readonly string[];
  /** stent / graft present even without a finding flagged */
  readonly stent?: boolean;
  readonly graft?: boolean;
}

export type CoronaryTerritory = 'LM' | 'LAD' | 'LCx' | 'RCA';

export interface CadRadsResult {
  readonly category: CadRadsCategory;
  readonly plaqueBurden: PlaqueBurden | null;
  /** modifiers after P, in label order */
  readonly modifiers: readonly CadRadsModifier[];
  readonly label: string;
  /** worst graded stenosis, % (0 when none) */
  readonly maxStenosisPct: number;
  readonly segmentInvolvementScore: number;
  /** territories with a graded stenosis ≥ 70 % */
  readonly obstructedTerritories: readonly CoronaryTerritory[];
  readonly leftMainStenosisPct: number;
  /** how P was obtained */
  readonly plaqueBurdenSource: 'calcium-score' | 'segment-involvement' | null;
  /** non-diagnostic graded-size segments */
  readonly nonDiagnosticSegments: readonly number[];
  /** the burden P would have with a category 1–5 (used when an override changes the category), null without plaque */
  readonly plaqueBurdenIfGraded: PlaqueBurden | null;
}

export function isSegmentNumber(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 18;
}

/** Territory of a segment for the three-vessel rule. */
export function territoryOfSegment(segment: number): CoronaryTerritory {
  if (segment === 5) return 'LM';
  if ((segment >= 6 && segment <= 10) || segment === 17) return 'LAD';
  if ((segment >= 11 && segment <= 15) || segment === 18) return 'LCx';
  if ((segment >= 1 && segment <= 4) || segment === 16) return 'RCA';
  throw new Error(`SCCT segment must be an integer 1–18, got ${segment}`);
}

/** The SIS slot a segment counts in (16 slots), or the segment itself. */
export function sisSlot(segment: number): number {
  if (segment === 15) return 4;
  if (segment === 18) return 16;
  return segment;
}

export function hasPlaque(f: SegmentFinding): boolean {
  return (
    (f.plaqueType != null) ||
    f.diameterStenosisPct > 0 ||
    (f.highRiskFeatures ?? []).includes('positive-remodelling')
  );
}

export function isGraded(f: SegmentFinding): boolean {
  return f.referenceDiameterMm === undefined || f.referenceDiameterMm >= MIN_GRADED_DIAMETER_MM;
}

/** ≥ 2 distinct high-risk features in one finding. */
export function isHighRiskPlaque(f: SegmentFinding): boolean {
  return new Set(f.highRiskFeatures ?? []).size >= 2;
}

export function categoryFromStenosis(pct: number, leftMainPct: number, territoriesGe70: number): CadRadsCategory {
  if (pct >= 100) return '5';
  if (leftMainPct >= 50 || territoriesGe70 >= 3) return '4B';
  if (pct >= 70) return '4A';
  if (pct >= 50) return '3';
  if (pct >= 25) return '2';
  if (pct > 0) return '1';
  return '0';
}

export function plaqueBurdenFromCalcium(cac: number): PlaqueBurden | null {
  if (!(cac > 0)) return null;
  if (cac <= 100) return 'P1';
  if (cac <= 300) return 'P2';
  if (cac < 1000) return 'P3';
  return 'P4';
}

export function plaqueBurdenFromSis(sis: number): PlaqueBurden {
  if (sis <= 2) return 'P1';
  if (sis <= 4) return 'P2';
  if (sis <= 7) return 'P3';
  return 'P4';
}

export function validateFinding(f: SegmentFinding): void {
  if (!isSegmentNumber(f.segment)) throw new Error(`SCCT segment must be an integer 1–18, got ${String(f.segment)}`);
  const p = f.diameterStenosisPct;
  if (typeof p !== 'number' || !Number.isFinite(p) || p < 0 || p > 100) {
    throw new Error(`diameter stenosis of segment ${f.segment} must be 0–100 %, got ${String(p)}`);
  }
}

export function segmentInvolvementScore(findings: readonly SegmentFinding[]): number {
  const slots = new Set<number>();
  for (const f of findings) if (hasPlaque(f)) slots.add(sisSlot(f.segment));
  return slots.size;
}

export function buildLabel(
  category: CadRadsCategory,
  plaqueBurden: PlaqueBurden | null,
  modifiers: readonly CadRadsModifier[],
): string {
  const parts = [category as string];
  if (plaqueBurden && category !== '0' && category !== 'N') parts.push(plaqueBurden);
  for (const m of orderModifiers(modifiers)) parts.push(m);
  return `CAD-RADS ${parts.join('/')}`;
}

/** Deduplicate and sort modifiers in label order (HRP, I, S, G, E, N). */
export function orderModifiers(modifiers: readonly CadRadsModifier[]): CadRadsModifier[] {
  const set = new Set(modifiers);
  return MODIFIERS.filter((m) => set.has(m));
}

/** Computes the CAD-RADS 2.0 category, plaque burden, modifiers and label. */
export function computeCadRads(input: CadRadsInput): CadRadsResult {
  const findings = input.findings;
  findings.forEach(validateFinding);
  const cac = input.calciumScore ?? null;
  if (cac !== null && (!Number.isFinite(cac) || cac < 0)) throw new Error(`calcium score must be ≥ 0, got ${cac}`);

  const gradedFindings = findings.filter(isGraded);
  const assessable = gradedFindings.filter((f) => !f.nonDiagnostic);
  const nonDiagnosticSegments = [...new Set(gradedFindings.filter((f) => f.nonDiagnostic).map((f) => f.segment))].sort(
    (a, b) => a - b,
  );
  let maxPct = 0;
  let leftMainPct = 0;
  const obstructed = new Set<CoronaryTerritory>();
  for (const f of assessable) {
    maxPct = Math.max(maxPct, f.diameterStenosisPct);
    const t = territoryOfSegment(f.segment);
    if (t === 'LM') leftMainPct = Math.max(leftMainPct, f.diameterStenosisPct);
    else if (f.diameterStenosisPct >= 70) obstructed.add(t);
  }
  let category = categoryFromStenosis(maxPct, leftMainPct, obstructed.size);
  const plaquePresent = findings.some(hasPlaque) || (cac !== null && cac > 0);
  if (category === '0' && plaquePresent) category = '1';

  const modifiers: CadRadsModifier[] = [];
  if (nonDiagnosticSegments.length > 0) {
    if (maxPct < 50) category = 'N';
    else modifiers.push('N');
  }
  if (findings.some(isHighRiskPlaque)) modifiers.push('HRP');
  if (input.ischaemia) modifiers.push(input.ischaemia);
  if (input.stent || findings.some((f) => f.stent)) modifiers.push('S');
  if (input.graft || findings.some((f) => f.graft)) modifiers.push('G');
  if ((input.exceptions ?? []).some((e) => e.trim() !== '')) modifiers.push('E');

  const sis = segmentInvolvementScore(findings);
  const fromCac = cac !== null ? plaqueBurdenFromCalcium(cac) : null;
  const plaqueBurdenIfGraded = fromCac ?? (plaquePresent ? plaqueBurdenFromSis(sis) : null);
  const graded = category !== '0' && category !== 'N';
  const plaqueBurden = graded ? plaqueBurdenIfGraded : null;
  const plaqueBurdenSource: CadRadsResult['plaqueBurdenSource'] =
    plaqueBurden === null ? null : fromCac ? 'calcium-score' : 'segment-involvement';
  const ordered = orderModifiers(modifiers);
  return {
    category,
    plaqueBurden,
    modifiers: ordered,
    label: buildLabel(category, plaqueBurden, ordered),
    maxStenosisPct: maxPct,
    segmentInvolvementScore: sis,
    obstructedTerritories: (['LAD', 'LCx', 'RCA'] as const).filter((t) => obstructed.has(t)),
    leftMainStenosisPct: leftMainPct,
    plaqueBurdenSource,
    nonDiagnosticSegments,
    plaqueBurdenIfGraded,
  };
}

/** Integer to print for a stenosis value without leaving its CAD-RADS band (24.6 → 24, 99.7 → 99, 30.4 → 30). */
export function displayPct(pct: number): number {
  const r = Math.round(pct);
  for (const t of [1, 25, 50, 70, 100]) if (pct < t && r >= t) return t - 1;
  return r;
}

/** Overrides a reader may set on the proposal; the label is rebuilt from them. */
export interface CadRadsOverrides {
  readonly category?: CadRadsCategory;
  readonly plaqueBurden?: PlaqueBurden | null;
  /** replaces the computed modifiers entirely when given */
  readonly modifiers?: readonly CadRadsModifier[];
}

export function applyOverrides(result: CadRadsResult, o: CadRadsOverrides | undefined): CadRadsResult {
  if (!o) return result;
  const category = o.category ?? result.category;
  const graded = category !== '0' && category !== 'N';
  const proposed = result.plaqueBurden ?? result.plaqueBurdenIfGraded ?? 'P1';
  const plaqueBurden = !graded ? null : o.plaqueBurden !== undefined ? o.plaqueBurden : proposed;
  // the N modifier is meaningless when N is the category
  const modifiers = orderModifiers(o.modifiers ?? result.modifiers).filter((m) => !(category === 'N' && m === 'N'));
  return { ...result, category, plaqueBurden, modifiers, label: buildLabel(category, plaqueBurden, modifiers) };
}
