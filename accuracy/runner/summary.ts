/**
 * Figures over a set of scored series, the issue's targets beside each (PASS/FAIL), and the tables by
 * plaque type, DS bin, PSF band and noise band.
 */
import { REPORTED_PCT, type LesionResult, type SeriesResult } from './score.ts';
import { PLAQUE_TYPES } from '../generator/spec.ts';

export interface Figures {
  readonly lesions: number;
  /** truth ≥ 25 % (the reported stenoses) */
  readonly reported: number;
  readonly dsErrorMedian: number;
  readonly dsErrorP90: number;
  readonly binRightPct: number;
  readonly found: number;
  readonly visibleReadAsOcclusion: number;
  readonly mlaRelErrorMedian: number;
  /** calcified plaques < 15 % reported ≥ 25 % */
  readonly nonStenoticOvercalls: number;
  readonly occlusions: number;
  /** occlusions read 100 % at a point inside their lumen-less run */
  readonly occlusionsInRun: number;
  /** matched lesions reported "not assessable" (uncertain), of them truth ≥ 25 %; counted in every figure above too */
  readonly uncertain: number;
  readonly uncertainReported: number;
}

export interface SetFigures extends Figures {
  readonly series: number;
  readonly failedSeries: number;
  readonly falseLesions: number;
  readonly falsePer50Series: number;
  /** false lesions reported "not assessable" */
  readonly falseUncertain: number;
  readonly centrelineOkPct: number;
  readonly centrelineMeanMedianMm: number;
}

const quantile = (xs: readonly number[], q: number): number => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const pos = q * (s.length - 1);
  const lo = Math.floor(pos), hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
};
export const median = (xs: readonly number[]): number => quantile(xs, 0.5);

const isStenosis = (l: LesionResult): boolean => l.truth.plaque !== 'ca-nonstenotic';

export function lesionFigures(all: readonly LesionResult[]): Figures {
  const lesions = all.filter(isStenosis);
  const rep = lesions.filter((l) => l.truth.dsPct >= REPORTED_PCT);
  const errs = rep.map((l) => Math.abs(l.dsErrorPct));
  const mla = lesions.flatMap((l) => (l.mlaRelError === null ? [] : [l.mlaRelError]));
  return {
    lesions: lesions.length, reported: rep.length,
    dsErrorMedian: median(errs), dsErrorP90: quantile(errs, 0.9),
    binRightPct: rep.length ? (100 * rep.filter((l) => l.binMeasured === l.binTruth).length) / rep.length : NaN,
    found: rep.filter((l) => l.measured !== null).length,
    visibleReadAsOcclusion: lesions.filter((l) => l.visibleReadAsOcclusion).length,
    mlaRelErrorMedian: median(mla),
    nonStenoticOvercalls: all.filter((l) => !isStenosis(l) && (l.measured?.dsPct ?? 0) >= REPORTED_PCT).length,
    occlusions: lesions.filter((l) => l.occlusionInRun !== null).length,
    occlusionsInRun: lesions.filter((l) => l.occlusionInRun === true).length,
    uncertain: all.filter((l) => l.measured?.uncertain === true).length,
    uncertainReported: rep.filter((l) => l.measured?.uncertain === true).length,
  };
}

export const CENTRELINE_MEAN_MM = 0.5, CENTRELINE_HAUSDORFF_MM = 1.5;

export function setFigures(series: readonly SeriesResult[]): SetFigures {
  const f = lesionFigures(series.flatMap((s) => s.lesions));
  const falseLesions = series.reduce((n, s) => n + s.falseLesions.length + (s.error ? 0 : 0), 0);
  const ok = series.filter((s) => s.centreline && s.centreline.meanMm <= CENTRELINE_MEAN_MM && s.centreline.hausdorffMm <= CENTRELINE_HAUSDORFF_MM).length;
  return {
    ...f, series: series.length, failedSeries: series.filter((s) => s.error).length, falseLesions,
    falsePer50Series: (50 * falseLesions) / Math.max(1, series.length),
    falseUncertain: series.reduce((n, s) => n + s.falseLesions.filter((m) => m.uncertain).length, 0),
    centrelineOkPct: (100 * ok) / Math.max(1, series.length),
    centrelineMeanMedianMm: median(series.flatMap((s) => (s.centreline ? [s.centreline.meanMm] : []))),
  };
}

/** The issue's "Done when" targets. */
export const TARGETS = {
  dsErrorMedian: (f: Figures) => f.dsErrorMedian <= 3,
  dsErrorP90: (f: Figures) => f.dsErrorP90 <= 8,
  binRight: (f: Figures) => f.binRightPct >= 90,
  allFound: (f: Figures) => f.found === f.reported,
  noVisibleAsOcclusion: (f: Figures) => f.visibleReadAsOcclusion === 0,
  mlaRelError: (f: Figures) => !(f.mlaRelErrorMedian > 0.15),
  nonStenoticNotReported: (f: Figures) => f.nonStenoticOvercalls === 0,
  falseLesions: (f: SetFigures) => f.falsePer50Series <= 1,
  centreline: (f: SetFigures) => f.centrelineOkPct >= 98,
} as const;

const pf = (ok: boolean): string => (ok ? 'PASS' : 'FAIL');
const n1 = (v: number): string => (Number.isFinite(v) ? v.toFixed(1) : '–');

export function summaryLine(label: string, f: SetFigures, wallMs?: number): string {
  const T = TARGETS;
  return [
    `${label}: ${f.series} series (${f.failedSeries} failed), ${f.lesions} lesions, ${f.reported} ≥ 25 %`,
    `|ΔDS| median ${n1(f.dsErrorMedian)} [≤ 3 ${pf(T.dsErrorMedian(f))}] p90 ${n1(f.dsErrorP90)} [≤ 8 ${pf(T.dsErrorP90(f))}]`,
    `bin right ${n1(f.binRightPct)} % [≥ 90 ${pf(T.binRight(f))}]`,
    `found ±3 mm ${f.found}/${f.reported} [all ${pf(T.allFound(f))}]`,
    `visible lumen read 100 %: ${f.visibleReadAsOcclusion} [0 ${pf(T.noVisibleAsOcclusion(f))}]`,
    `false ${f.falseLesions} = ${n1(f.falsePer50Series)}/50 series [≤ 1 ${pf(T.falseLesions(f))}]`,
    `MLA rel. err. median ${n1(100 * f.mlaRelErrorMedian)} % [≤ 15 ${pf(T.mlaRelError(f))}]`,
    `centreline mean ≤ 0.5 & Hausdorff ≤ 1.5 mm in ${n1(f.centrelineOkPct)} % of series (median mean ${f.centrelineMeanMedianMm.toFixed(2)} mm) [≥ 98 ${pf(T.centreline(f))}]`,
    `Ca < 15 % read ≥ 25 %: ${f.nonStenoticOvercalls} [0 ${pf(T.nonStenoticNotReported(f))}]`,
    `occlusions read 100 % inside their run: ${f.occlusionsInRun}/${f.occlusions}`,
    `not assessable (uncertain, scored as measured): ${f.uncertain} matched (${f.uncertainReported} of them ≥ 25 %), ${f.falseUncertain} false`,
    ...(wallMs !== undefined ? [`${(wallMs / 60000).toFixed(1)} min`] : []),
  ].join(' | ');
}

const pad = (s: string, w: number): string => (s.length >= w ? s : s + ' '.repeat(w - s.length));
const lpad = (s: string, w: number): string => (s.length >= w ? s : ' '.repeat(w - s.length) + s);

/** One table: a row per group, lesion-level figures and whether the group meets the lesion targets. */
export function table(title: string, groups: readonly [string, readonly LesionResult[]][]): string {
  const head = `${pad(title, 16)}${lpad('n', 5)}${lpad('≥25%', 6)}${lpad('found', 7)}${lpad('|ΔDS|med', 10)}${lpad('p90', 7)}${lpad('bin ok%', 9)}${lpad('MLA err%', 10)}${lpad('vis→100', 9)}${lpad('Ca<15→≥25', 11)}  targets`;
  const rows = groups.map(([name, ls]) => {
    const f = lesionFigures(ls);
    const lesionTargets = [TARGETS.dsErrorMedian, TARGETS.dsErrorP90, TARGETS.binRight, TARGETS.allFound, TARGETS.noVisibleAsOcclusion, TARGETS.mlaRelError, TARGETS.nonStenoticNotReported];
    const ok = f.reported === 0 && f.nonStenoticOvercalls === 0 && f.visibleReadAsOcclusion === 0 ? (ls.length ? 'PASS' : '') : pf(lesionTargets.every((t) => t(f)));
    const n = ls.filter(isStenosis).length || ls.length;
    return `${pad(name, 16)}${lpad(String(n), 5)}${lpad(String(f.reported), 6)}${lpad(f.reported ? `${f.found}` : '–', 7)}${lpad(n1(f.dsErrorMedian), 10)}${lpad(n1(f.dsErrorP90), 7)}${lpad(n1(f.binRightPct), 9)}${lpad(n1(100 * f.mlaRelErrorMedian), 10)}${lpad(String(f.visibleReadAsOcclusion), 9)}${lpad(String(f.nonStenoticOvercalls), 11)}  ${ok}`;
  });
  return [head, ...rows].join('\n');
}

const band = (v: number, edges: readonly number[]): string => {
  for (let q = 0; q + 1 < edges.length; q++) if (v < edges[q + 1]! || q + 2 === edges.length) return `${edges[q]}–${edges[q + 1]}`;
  return '?';
};

export function tables(series: readonly SeriesResult[]): string {
  const all = series.flatMap((s) => s.lesions);
  const by = (key: (l: LesionResult) => string, order: readonly string[]): [string, LesionResult[]][] =>
    order.map((k) => [k, all.filter((l) => key(l) === k)] as [string, LesionResult[]]).filter(([, ls]) => ls.length > 0);
  const psf = [0.5, 0.7, 0.9, 1.1], noise = [10, 20, 30, 40];
  return [
    table('plaque type', by((l) => l.truth.plaque, PLAQUE_TYPES)),
    table('truth DS bin', by((l) => (l.truth.plaque === 'ca-nonstenotic' ? 'Ca<15 (plaque)' : l.binTruth), ['1-24', '25-49', '50-69', '70-99', '100', 'Ca<15 (plaque)'])),
    table('PSF FWHM mm', by((l) => band(l.psfFwhmInPlaneMm, psf), ['0.5–0.7', '0.7–0.9', '0.9–1.1'])),
    table('noise SD HU', by((l) => band(l.noiseSdHu, noise), ['10–20', '20–30', '30–40'])),
    table('vessel', by((l) => (l.smallVessel ? 'small' : 'large'), ['small', 'large'])),
    table('lesion shape', by((l) => l.truth.shape, ['cosine', 'abrupt', 'diffuse', 'occlusion'])),
    table('feature', features(all)),
  ].join('\n\n');
}

/** Overlapping groups of stenoses by what makes them hard. */
function features(all: readonly LesionResult[]): [string, LesionResult[]][] {
  const st = all.filter(isStenosis);
  const groups: [string, (l: LesionResult) => boolean][] = [
    ['tandem', (l) => l.truth.tandemWith !== null],
    ['branch at lesion', (l) => l.truth.branchAtLesion],
    ['eccentric ≥ 0.3', (l) => l.truth.eccentricity >= 0.3],
    ['remodelled', (l) => l.truth.remodellingIndex >= 1.1],
    ['Ca arc ≥ 180°', (l) => (l.truth.calciumArcDeg ?? 0) >= 180],
    ['MLA < 0.3 mm²', (l) => !l.truth.occluded && l.truth.mlaMm2 < 0.3],
  ];
  return groups.map(([name, f]) => [name, st.filter(f)] as [string, LesionResult[]]).filter(([, ls]) => ls.length > 0);
}
