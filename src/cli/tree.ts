/**
 * `coro tree <path> [--series UID] [--json]`: the whole coronary tree found in the image (src/tree), as one
 * JSON object `{ostia: {left, right}, dominance, vessels: [{name, parent, lengthMm, pointsMm}], seconds,
 * aorta, notes}` (LPS mm, points every ≤ 0.5 mm from the ostium side), or a short text summary.
 * Exit 0 success (also when no coronary is found: the notes say why), 2 bad input (one line), 1 internal.
 */
import { COMMON_OPTIONS, CliError, booleanOption, parseArgs, stringOption, type CliContext, type CliRun } from './args.ts';
import { loadVolume } from '../dicom/load-node.ts';
import { dicomMessage } from '../dicom/messages.ts';
import { findCoronaryTree, type TreeResult } from '../tree/find-tree.ts';
import { createComputeEngine } from '../compute/engine.ts';
import type { RayProfiler } from '../vessel/rays.ts';
import type { Lps, Volume } from '../volume/volume.ts';

export const TREE_USAGE = 'tree <path> [--series UID] [--json]';

export interface TreeJson {
  ostia: { left: Lps | null; right: Lps | null };
  dominance: 'right' | 'left' | 'co' | null;
  vessels: { name: string; parent: string | null; lengthMm: number; pointsMm: Lps[] }[];
  seconds: number;
  aorta: { bloodHu: number; noiseSdHu: number; rootMm: Lps } | null;
  notes: { code: string; text: string }[];
}

const r3 = (v: number): number => Math.round(v * 1000) / 1000;
const p3 = (p: readonly number[]): Lps => [r3(p[0]!), r3(p[1]!), r3(p[2]!)];

/** Every other point of a 0.25 mm polyline (steps ≤ 0.5 mm), the last one kept. */
function thin(points: readonly (readonly number[])[]): Lps[] {
  const out: Lps[] = [];
  for (let q = 0; q < points.length; q++) {
    const last = out[out.length - 1];
    const next = points[q + 1];
    if (q === 0 || q === points.length - 1 || !last || !next || Math.hypot(...next.map((v, a) => r3(v) - last[a]!)) > 0.5) out.push(p3(points[q]!));
  }
  return out;
}

export function toTreeJson(r: TreeResult, seconds: number): TreeJson {
  return {
    ostia: { left: r.ostia.left ? p3(r.ostia.left) : null, right: r.ostia.right ? p3(r.ostia.right) : null },
    dominance: r.dominance,
    vessels: r.vessels.map((v) => ({ name: v.name, parent: v.parent, lengthMm: Math.round(v.lengthMm * 10) / 10, pointsMm: thin(v.pointsLps) })),
    seconds: Math.round(seconds * 100) / 100,
    aorta: r.aorta ? { bloodHu: Math.round(r.aorta.bloodHu), noiseSdHu: Math.round(r.aorta.noiseSdHu * 10) / 10, rootMm: p3(r.aorta.rootLps) } : null,
    notes: r.notes.map((n) => ({ ...n })),
  };
}

function textSummary(j: TreeJson): string {
  const f = (p: Lps | null): string => (p ? p.map((v) => v.toFixed(1)).join(',') : '—');
  const lines = [`ostia: left ${f(j.ostia.left)}  right ${f(j.ostia.right)}  dominance ${j.dominance ?? '—'}  (${j.seconds.toFixed(1)} s)`];
  for (const v of j.vessels) lines.push(`${v.name.padEnd(8)} ${v.lengthMm.toFixed(1).padStart(6)} mm  from ${v.parent ?? 'aorta'}`);
  if (!j.vessels.length) lines.push('no coronary found');
  return lines.join('\n');
}

/** The compute engine's WASM ray sampler (recentring), or undefined for the TS kernel. */
export async function treeProfiler(volume: Volume, progress: (m: string) => void): Promise<RayProfiler | undefined> {
  try {
    const engine = await createComputeEngine(volume);
    return (_v, o) => engine.rays(o);
  } catch (e) {
    progress(`WASM ray sampler unavailable (${e instanceof Error ? e.message : String(e)}), using the TypeScript kernel`);
    return undefined;
  }
}

export const run: CliRun = async (argv: readonly string[], ctx: CliContext): Promise<number> => {
  const args = parseArgs(argv, { ...COMMON_OPTIONS, series: { type: 'string' } });
  if (booleanOption(args, 'help')) { ctx.stdout(`usage: coro ${TREE_USAGE}`); return 0; }
  if (args.positionals.length !== 1) throw new CliError(`tree expects one <path>, got ${args.positionals.length} (usage: coro ${TREE_USAGE})`);
  const seriesUid = stringOption(args, 'series');
  const progress = (m: string): void => ctx.progress?.(`coro tree: ${m}`);
  const loaded = await loadVolume(args.positionals[0]!, { ...(seriesUid !== undefined ? { seriesUid } : {}), onProgress: progress, requireCt: true });
  for (const w of loaded.warnings) ctx.stderr(`coro: warning: ${dicomMessage(w.code, w.params, ctx.lang)}`);
  const profiler = await treeProfiler(loaded.volume, progress);
  const t0 = performance.now();
  const result = findCoronaryTree(loaded.volume, { onProgress: (stage) => progress(stage), ...(profiler ? { profiler } : {}) });
  const out = toTreeJson(result, (performance.now() - t0) / 1000);
  for (const n of out.notes) ctx.stderr(`coro: warning: ${n.text}`);
  ctx.stdout(booleanOption(args, 'json') ? JSON.stringify(out) : textSummary(out));
  return 0;
};
