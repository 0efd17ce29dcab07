/**
 * `coro report <path> --vessels vessels.json [--series UID] [--calcium N] [--lang fr|en] [--json]`
 *
 * Loads the CT series, measures every vessel of vessels.json from its seeds (list of {name, from, to, via?,
 * landmarks?}, points [x, y, z] or "x,y,z" in LPS mm), assigns SCCT segments, computes CAD-RADS 2.0 and prints
 * the report text (French unless --lang en) or, with --json,
 * `{label, category, modifiers, plaqueBurden, segmentInvolvementScore, vessels:[{name, lengthMm, lesions:[…]}],
 * technique, warnings, text}`. Exit codes: 0 success, 2 bad input (one line), 1 internal error.
 */
import { readFile, stat } from 'node:fs/promises';
import { loadVolume } from '../dicom/load-node.ts';
import { analyseVessel } from '../vessel/analyse.ts';
import { isVesselError, vesselMessage } from '../vessel/errors.ts';
import type { Lps, Volume } from '../volume/volume.ts';
import type { VesselKernels } from '../vessel/analyse.ts';
import { findCoronaryTree } from '../tree/find-tree.ts';
import { analyseFoundVessel, landmarksOf } from '../tree/analyse-found.ts';
import { cliVesselWarning } from './vessel-warnings.ts';
import { loadCliKernels } from './vessel-kernels.ts';
import { reportVesselFromMeasurement, type MeasuredVessel } from '../report/from-analysis.ts';
import { buildReport, type Lesion, type TechniqueInfo } from '../report/report.ts';
import { reportText } from '../report/report-text.ts';
import { techniqueFromDataSet } from '../report/technique-dicom.ts';
import { isVesselName, VESSEL_NAMES, type VesselLandmarksMm, type VesselName } from '../report/segments.ts';
import type { Lang } from '../i18n/lang.ts';
import {
  booleanOption, COMMON_OPTIONS, CliError, parseArgs, parsePointLps, stringOption, type CliRun,
} from './args.ts';

export const REPORT_USAGE =
  'report <path> (--vessels vessels.json | --auto) [--series UID] [--calcium N] [--lang fr|en] [--json]';

export interface VesselSpec {
  readonly name: VesselName;
  readonly fromLps: Lps;
  readonly toLps: Lps;
  readonly viaLps: readonly Lps[];
  readonly landmarks?: VesselLandmarksMm;
}

export interface ReportJson {
  label: string;
  category: string;
  modifiers: string[];
  plaqueBurden: string | null;
  segmentInvolvementScore: number;
  calciumScore: number | null;
  vessels: { name: VesselName; lengthMm: number; segments: number[]; lesions: Lesion[] }[];
  technique: TechniqueInfo;
  warnings: string[];
  text: string;
}

const MAX_VESSELS_FILE_BYTES = 1024 * 1024;
/** Coronary reference diameters above this are implausible (LM 5.1 ± 0.7 mm on CT, PHANTOM §2). */
const MAX_PLAUSIBLE_REFERENCE_MM = 7;
const LANDMARK_KEYS = ['fromAorticOstium', 'branchOriginMm', 'lmEndMm', 'd1OriginMm', 'apexMm', 'om1OriginMm', 'acuteMarginMm', 'cruxMm'];

function point(v: unknown, where: string): Lps {
  if (typeof v === 'string') return parsePointLps(v, where);
  if (Array.isArray(v) && v.length === 3 && v.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    return [v[0] as number, v[1] as number, v[2] as number];
  }
  throw new CliError(`vessels file: ${where} must be [x, y, z] or "x,y,z" in mm (LPS)`);
}

function landmarks(v: unknown, where: string): VesselLandmarksMm {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new CliError(`vessels file: ${where} must be an object`);
  const o = v as Record<string, unknown>;
  for (const [k, x] of Object.entries(o)) {
    if (!LANDMARK_KEYS.includes(k)) throw new CliError(`vessels file: unknown landmark ${where}.${k} (known: ${LANDMARK_KEYS.join(', ')})`);
    const ok = k === 'fromAorticOstium' ? typeof x === 'boolean' : typeof x === 'number' && Number.isFinite(x) && x >= 0;
    if (!ok) throw new CliError(`vessels file: ${where}.${k} must be ${k === 'fromAorticOstium' ? 'true or false' : 'a length ≥ 0 in mm'}`);
  }
  return o as VesselLandmarksMm;
}

/** Validates the parsed vessels file: a list (or {vessels: list}) of {name, from, to, via?, landmarks?}. */
export function parseVesselSpecs(json: unknown): VesselSpec[] {
  const list = Array.isArray(json) ? json : (json as { vessels?: unknown } | null)?.vessels;
  if (!Array.isArray(list) || list.length === 0) throw new CliError('vessels file: expected a non-empty list of {name, from, to, via?}');
  const seen = new Set<string>();
  return list.map((item, i) => {
    const where = `vessels[${i}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw new CliError(`vessels file: ${where} must be an object`);
    const o = item as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      if (!['name', 'from', 'to', 'via', 'landmarks'].includes(k)) throw new CliError(`vessels file: unknown field ${where}.${k}`);
    }
    if (!isVesselName(o.name)) throw new CliError(`vessels file: ${where}.name must be one of ${VESSEL_NAMES.join(', ')}`);
    if (seen.has(o.name)) throw new CliError(`vessels file: vessel ${o.name} listed twice`);
    seen.add(o.name);
    const via = o.via === undefined ? [] : Array.isArray(o.via) ? o.via : [o.via];
    return {
      name: o.name,
      fromLps: point(o.from, `${where}.from`),
      toLps: point(o.to, `${where}.to`),
      viaLps: via.map((p, k) => point(p, `${where}.via[${k}]`)),
      ...(o.landmarks !== undefined ? { landmarks: landmarks(o.landmarks, `${where}.landmarks`) } : {}),
    };
  });
}

async function readVesselsFile(path: string): Promise<VesselSpec[]> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    throw new CliError(`vessels file not found: ${path}`);
  }
  if (size > MAX_VESSELS_FILE_BYTES) throw new CliError(`vessels file too large (${size} bytes; at most 1 MB): ${path}`);
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw new CliError(`vessels file is not valid JSON (${e instanceof Error ? e.message : String(e)}): ${path}`);
  }
  return parseVesselSpecs(json);
}

/** Pure part: measured vessels → report JSON (text in `lang`). */
export function reportJson(
  measured: readonly MeasuredVessel[],
  technique: TechniqueInfo,
  calciumScore: number | null,
  lang: Lang,
  warnings: readonly string[] = [],
): ReportJson {
  const vessels = measured.map(reportVesselFromMeasurement);
  const notes = [...warnings];
  for (const [i, v] of vessels.entries()) {
    const lengthMm = measured[i]!.lengthMm;
    for (const l of v.lesions) {
      const s = l.positionMm ?? NaN;
      if (l.diameterStenosisPct >= 70 && (s < 1 || s > lengthMm - 1)) {
        notes.push(`${v.name}: ${l.diameterStenosisPct} % stenosis within 1 mm of the ${s < 1 ? 'first' : 'last'} point: check that seed (the seeds lie in contrast-filled lumen)`);
      }
      if ((l.referenceDiameterMm ?? 0) > MAX_PLAUSIBLE_REFERENCE_MM) {
        notes.push(`${v.name}: lesion at ${l.positionMm ?? '?'} mm has a ${l.referenceDiameterMm} mm reference diameter: the centreline may have left the vessel`);
      }
    }
  }
  const report = buildReport({
    technique,
    calciumScore,
    vessels: vessels.map((v) => ({ name: v.name, lesions: v.lesions, segments: v.spans.map((s) => s.segment) })),
  });
  const k = report.cadRads;
  return {
    label: k.label,
    category: k.category,
    modifiers: [...k.modifiers],
    plaqueBurden: k.plaqueBurden,
    segmentInvolvementScore: k.segmentInvolvementScore,
    calciumScore,
    vessels: vessels.map((v, i) => ({
      name: v.name,
      lengthMm: Math.round(measured[i]!.lengthMm * 10) / 10,
      segments: v.spans.map((s) => s.segment),
      lesions: v.lesions,
    })),
    technique,
    warnings: notes,
    text: reportText(report, lang),
  };
}

/** --auto: the tree found in the image (src/tree), each named vessel measured as a traced one. */
async function measureFoundTree(volume: Volume, kernels: VesselKernels, warnings: string[], lang: Lang, progress?: (m: string) => void): Promise<MeasuredVessel[]> {
  const say = (m: string): void => progress?.(`coro report: ${m}`);
  const tree = findCoronaryTree(volume, { onProgress: (stage) => say(stage), ...(kernels.profiler ? { profiler: kernels.profiler } : {}) });
  for (const n of tree.notes) warnings.push(n.text);
  const out: MeasuredVessel[] = [];
  for (const v of tree.vessels) {
    if (!isVesselName(v.name)) continue;
    let a: ReturnType<typeof analyseFoundVessel>;
    try {
      a = analyseFoundVessel(volume, v.pointsLps, kernels, v.parent === null);
    } catch (e) {
      if (isVesselError(e)) { warnings.push(`${v.name}: ${vesselMessage(e, 'en')}`); continue; }
      throw e;
    }
    // the ends are the found vessel's own ostium and tip, not a reader's seeds: no "swapped seeds" hint
    for (const w of a.warnings) if (w.code !== 'seeds-swapped') warnings.push(`${v.name}: ${cliVesselWarning(w, lang)}`);
    const landmarks = landmarksOf(v, tree.vessels);
    out.push({ name: v.name, lengthMm: a.centreline.lengthMm, lesions: a.lesions, ...(landmarks ? { landmarks } : {}) });
  }
  if (!out.length) throw new CliError('no coronary found in this image: nothing to report (see coro tree)');
  return out;
}

function explicitLang(argv: readonly string[]): Lang {
  const i = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  if (i < 0) return 'fr';
  const v = argv[i]!.includes('=') ? argv[i]!.split('=')[1] : argv[i + 1];
  if (v !== 'fr' && v !== 'en') throw new CliError(`--lang expects fr or en, got "${v ?? ''}"`);
  return v;
}

export const run: CliRun = async (argv, ctx) => {
  const args = parseArgs(argv, {
    ...COMMON_OPTIONS, vessels: { type: 'string' }, series: { type: 'string' }, calcium: { type: 'string' }, auto: { type: 'boolean' },
  });
  if (booleanOption(args, 'help')) {
    ctx.stdout(`usage: coro ${REPORT_USAGE}`);
    return 0;
  }
  const lang = explicitLang(argv);
  const [path, ...extra] = args.positionals;
  if (!path) throw new CliError(`missing <path> (usage: coro ${REPORT_USAGE})`);
  if (extra.length) throw new CliError(`unexpected argument "${extra[0]}" (usage: coro ${REPORT_USAGE})`);
  const vesselsPath = stringOption(args, 'vessels');
  const auto = booleanOption(args, 'auto');
  if (auto && vesselsPath) throw new CliError(`--auto and --vessels exclude each other (usage: coro ${REPORT_USAGE})`);
  if (!vesselsPath && !auto) throw new CliError(`missing --vessels vessels.json or --auto (usage: coro ${REPORT_USAGE})`);
  const calciumText = stringOption(args, 'calcium');
  const calcium = calciumText === undefined ? null : Number(calciumText);
  if (calcium !== null && !(Number.isFinite(calcium) && calcium >= 0)) {
    throw new CliError(`--calcium expects an Agatston score ≥ 0, got "${calciumText}"`);
  }
  const specs = vesselsPath ? await readVesselsFile(vesselsPath) : [];
  const seriesUid = stringOption(args, 'series');
  const loaded = await loadVolume(path, seriesUid ? { seriesUid } : {});
  const first = loaded.series.slices[0];
  const technique = first ? techniqueFromDataSet(first.image.dataSet) : {};
  const warnings: string[] = [];
  const kernels = await loadCliKernels(loaded.volume, (m) => ctx.progress?.(`coro report: ${m}`));
  const measured: MeasuredVessel[] = auto ? await measureFoundTree(loaded.volume, kernels, warnings, ctx.lang, ctx.progress) : [];
  for (const s of specs) {
    try {
      const a = analyseVessel(loaded.volume, { fromLps: s.fromLps, toLps: s.toLps, viaLps: s.viaLps }, kernels);
      for (const w of a.warnings) warnings.push(`${s.name}: ${cliVesselWarning(w, ctx.lang)}`);
      measured.push({
        name: s.name, lengthMm: a.centreline.lengthMm, lesions: a.lesions,
        ...(s.landmarks ? { landmarks: s.landmarks } : {}),
      });
    } catch (e) {
      if (isVesselError(e)) throw new CliError(`vessel ${s.name}: ${vesselMessage(e, ctx.lang)}`);
      throw e;
    }
  }
  const out = reportJson(measured, technique, calcium, lang, warnings);
  if (booleanOption(args, 'json')) ctx.stdout(JSON.stringify(out, null, 2));
  else {
    ctx.stdout(out.text);
    for (const w of out.warnings) ctx.stderr(`coro: warning: ${w}`);
  }
  return 0;
};
