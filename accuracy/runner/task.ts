/**
 * One series end to end: generate it (or reuse the cached copy), run the same code as `coro measure` on its
 * DICOM folder with the vessel's two ends as seeds, score it against the truth.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main as coro } from '../../src/cli/main.ts';
import type { MeasureJson } from '../../src/cli/measure.ts';
import { generateSeries, writeSeries } from '../generator/series.ts';
import type { SeriesTruth } from '../generator/truth.ts';
import { scoreSeries, type SeriesResult } from './score.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
export const ACCURACY_OUT = resolve(HERE, '..', 'out');

/** Hash of the generator's sources: a changed generator never reuses a stale cached series. */
export function generatorHash(): string {
  const dir = resolve(HERE, '..', 'generator');
  const h = createHash('sha256');
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts')).sort()) h.update(f).update(readFileSync(join(dir, f)));
  return h.digest('hex').slice(0, 12);
}

export function seriesDir(cacheRoot: string, seed: number, index: number): string {
  return join(cacheRoot, `seed-${seed}`, `s${String(index).padStart(3, '0')}`);
}

export function ensureSeries(cacheRoot: string, seed: number, index: number): { dir: string; truth: SeriesTruth; generatedMs: number } {
  const dir = seriesDir(cacheRoot, seed, index);
  let generatedMs = 0;
  if (!existsSync(join(dir, 'truth.json'))) {
    const t0 = performance.now();
    writeSeries(dir, generateSeries(seed, index));
    generatedMs = performance.now() - t0;
  }
  return { dir, truth: JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')) as SeriesTruth, generatedMs };
}

const pt = (p: readonly number[]): string => p.map((v) => v.toFixed(3)).join(',');

/** `coro measure <dir> --from … --to … --json`, in this process. */
export async function measureFolder(dicomDir: string, fromLps: readonly number[], toLps: readonly number[]): Promise<{ json: MeasureJson | null; error: string | null; ms: number }> {
  let out = '', err = '';
  const t0 = performance.now();
  const code = await coro(['measure', dicomDir, `--from=${pt(fromLps)}`, `--to=${pt(toLps)}`, '--json'], {
    lang: 'en', stdout: (t) => { out += t; }, stderr: (t) => { err += t + '\n'; }, progress: () => {},
  });
  const ms = performance.now() - t0;
  if (code !== 0) return { json: null, error: `exit ${code}: ${err.trim()}`, ms };
  return { json: JSON.parse(out) as MeasureJson, error: null, ms };
}

export interface TaskResult { readonly result: SeriesResult; readonly truth: SeriesTruth; readonly json: MeasureJson | null; readonly generatedMs: number }

export async function runTask(cacheRoot: string, seed: number, index: number): Promise<TaskResult> {
  const { dir, truth, generatedMs } = ensureSeries(cacheRoot, seed, index);
  const m = await measureFolder(join(dir, 'dicom'), truth.fromLps, truth.toLps);
  return { result: scoreSeries(truth, m.json, m.error, m.ms), truth, json: m.json, generatedMs };
}

export function defaultCacheRoot(): string {
  return join(ACCURACY_OUT, 'cache', generatorHash());
}
