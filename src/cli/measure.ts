/**
 * `coro measure <path> --from X,Y,Z --to X,Y,Z [--via X,Y,Z]... [--series UID] [--json]`
 * Centreline, lumen profile, lesions and side branches of one vessel. Points are LPS mm.
 * Exit 0 success; 2 bad input (point outside the volume, not in a vessel, no path, bad args); 1 internal.
 */
import { COMMON_OPTIONS, CliError, booleanOption, multipleOption, parseArgs, parsePointLps, stringOption, type CliContext, type CliRun } from './args.ts';
import { loadVolume } from '../dicom/load-node.ts';
import { dicomMessage } from '../dicom/messages.ts';
import { analyseVessel, type VesselAnalysis } from '../vessel/analyse.ts';
import { isVesselError, vesselMessage } from '../vessel/errors.ts';
import { cliVesselWarning } from './vessel-warnings.ts';
import { loadCliKernels } from './vessel-kernels.ts';
import type { Volume } from '../volume/volume.ts';

/** The `measure --json` contract. */
export interface MeasureJson {
  series: { seriesInstanceUid: string; dimensions: [number, number, number]; spacingMm: [number, number, number] };
  centreline: { lengthMm: number; pointsMm: [number, number, number][] };
  profile: { sMm: number; areaMm2: number; equivalentDiameterMm: number; minDiameterMm: number; maxDiameterMm: number }[];
  lesions: {
    sMm: number; startSMm: number; endSMm: number; mlaMm2: number; mldMm: number; referenceDiameterMm: number;
    diameterStenosisPct: number; areaStenosisPct: number;
    /** the image does not hold this lesion's figures (forward-model fit), and why */
    uncertain?: true; uncertainReason?: string;
    plaque: { calcifiedMm3: number; nonCalcifiedMm3: number; lowAttenuationMm3: number };
  }[];
  maxDiameterStenosisPct: number;
  /** side-branch ostia seen in the image (arc length, mm); always written by toMeasureJson */
  branchesMm?: number[];
}

const r3 = (v: number): number => (Number.isFinite(v) ? Math.round(v * 1000) / 1000 : 0);
const r1 = (v: number): number => (Number.isFinite(v) ? Math.round(v * 10) / 10 : 0);

/**
 * Every other 0.25 mm sample (step ≤ 0.5 mm) plus the last one; a sample is skipped only when the step
 * between the kept points stays ≤ 0.5 mm after rounding to the printed micrometre (a straight stretch
 * is exactly 0.5 mm before rounding).
 */
function thinIndices(points: readonly (readonly number[])[], sMm: readonly number[]): number[] {
  const n = points.length;
  const idx: number[] = [];
  const ok = (a: number, b: number): boolean => Math.hypot(...points[a]!.map((v, k) => r3(v) - r3(points[b]![k]!))) <= 0.5 && r3(sMm[b]!) - r3(sMm[a]!) <= 0.5;
  let q = 0;
  while (q < n) {
    idx.push(q);
    q = q + 2 < n && ok(q, q + 2) ? q + 2 : q + 1;
  }
  return idx;
}

export function toMeasureJson(seriesInstanceUid: string, volume: Volume, a: VesselAnalysis): MeasureJson {
  const idx = thinIndices(a.centreline.pointsLps, a.profile.map((p) => p.sMm));
  return {
    series: { seriesInstanceUid, dimensions: [...volume.dimensions], spacingMm: [...volume.spacingMm] },
    centreline: { lengthMm: r3(a.centreline.lengthMm), pointsMm: idx.map((q) => a.centreline.pointsLps[q]!.map(r3) as [number, number, number]) },
    profile: idx.map((q) => {
      const p = a.profile[q]!;
      return { sMm: r3(p.sMm), areaMm2: r3(p.areaMm2), equivalentDiameterMm: r3(p.equivalentDiameterMm), minDiameterMm: r3(p.minDiameterMm), maxDiameterMm: r3(p.maxDiameterMm) };
    }),
    lesions: a.lesions.map((l) => ({
      sMm: r3(l.sMm), startSMm: r3(l.startSMm), endSMm: r3(l.endSMm), mlaMm2: r3(l.mlaMm2), mldMm: r3(l.mldMm),
      referenceDiameterMm: r3(l.referenceDiameterMm), diameterStenosisPct: r1(l.diameterStenosisPct), areaStenosisPct: r1(l.areaStenosisPct),
      ...(l.uncertain ? { uncertain: true as const, uncertainReason: l.uncertainReason ?? 'fit-residual' } : {}),
      plaque: { calcifiedMm3: r3(l.plaque.calcifiedMm3), nonCalcifiedMm3: r3(l.plaque.nonCalcifiedMm3), lowAttenuationMm3: r3(l.plaque.lowAttenuationMm3) },
    })),
    maxDiameterStenosisPct: r1(a.maxDiameterStenosisPct),
    branchesMm: a.branchesMm.map(r3),
  };
}

function textReport(j: MeasureJson): string {
  const lines = [
    `series ${j.series.seriesInstanceUid}  ${j.series.dimensions.join('×')} voxels, ${j.series.spacingMm.map((v) => v.toFixed(3)).join(' × ')} mm`,
    `centreline ${j.centreline.lengthMm.toFixed(1)} mm, ${j.centreline.pointsMm.length} points`,
    `max diameter stenosis ${j.maxDiameterStenosisPct.toFixed(0)} %`,
  ];
  for (const l of j.lesions) {
    const ds = l.uncertain ? `DS not assessable (${l.uncertainReason}; measured ${l.diameterStenosisPct.toFixed(0)} %)` : `DS ${l.diameterStenosisPct.toFixed(0)} %`;
    lines.push(`lesion at ${l.sMm.toFixed(1)} mm (${l.startSMm.toFixed(1)}–${l.endSMm.toFixed(1)}): ${ds}, AS ${l.areaStenosisPct.toFixed(0)} %, MLA ${l.mlaMm2.toFixed(2)} mm², MLD ${l.mldMm.toFixed(2)} mm, RD ${l.referenceDiameterMm.toFixed(2)} mm; plaque Ca ${l.plaque.calcifiedMm3.toFixed(1)} / non-Ca ${l.plaque.nonCalcifiedMm3.toFixed(1)} / LAP ${l.plaque.lowAttenuationMm3.toFixed(1)} mm³`);
  }
  if (j.lesions.length === 0) lines.push('no narrowing measured');
  if (j.branchesMm?.length) lines.push(`side branches at ${j.branchesMm.map((s) => s.toFixed(1)).join(', ')} mm`);
  return lines.join('\n');
}

export const run: CliRun = async (argv: readonly string[], ctx: CliContext): Promise<number> => {
  const args = parseArgs(argv, { ...COMMON_OPTIONS, from: { type: 'string' }, to: { type: 'string' }, via: { type: 'string', multiple: true }, series: { type: 'string' } });
  if (booleanOption(args, 'help')) { ctx.stdout('usage: coro measure <path> --from X,Y,Z --to X,Y,Z [--via X,Y,Z]... [--series UID] [--json]'); return 0; }
  if (args.positionals.length !== 1) throw new CliError(`measure expects one <path>, got ${args.positionals.length}`);
  const fromText = stringOption(args, 'from'), toText = stringOption(args, 'to');
  if (fromText === undefined || toText === undefined) throw new CliError('measure needs --from X,Y,Z and --to X,Y,Z (LPS mm)');
  const fromLps = parsePointLps(fromText, 'from'), toLps = parsePointLps(toText, 'to');
  const viaLps = multipleOption(args, 'via').map((v) => parsePointLps(v, 'via'));
  const json = booleanOption(args, 'json');
  const seriesUid = stringOption(args, 'series');
  const progress = (m: string): void => ctx.progress?.(`coro measure: ${m}`);
  const loaded = await loadVolume(args.positionals[0]!, { ...(seriesUid !== undefined ? { seriesUid } : {}), onProgress: progress, requireCt: true });
  for (const w of loaded.warnings) ctx.stderr(`coro: warning: ${dicomMessage(w.code, w.params, ctx.lang)}`);
  const kernels = await loadCliKernels(loaded.volume, progress);
  let analysis: VesselAnalysis;
  try {
    analysis = analyseVessel(loaded.volume, { fromLps, toLps, viaLps }, { onProgress: progress, ...kernels });
  } catch (e) {
    if (isVesselError(e)) throw new CliError(vesselMessage(e, ctx.lang));
    throw e;
  }
  for (const w of analysis.warnings) ctx.stderr(`coro: warning: ${cliVesselWarning(w, ctx.lang)}`);
  const out = toMeasureJson(loaded.series.seriesInstanceUid, loaded.volume, analysis);
  ctx.stdout(json ? JSON.stringify(out) : textReport(out));
  return 0;
};
