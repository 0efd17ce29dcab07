/**
 * `npm run accuracy [-- --seed N] [--series K] [--only ID|INDEX [--png]] [--jobs J] [--out FILE]`
 * Generates (or reuses) the randomized single-vessel set, runs `coro measure` on each series with the vessel's
 * ends as seeds, and prints tables by plaque type, DS bin, PSF and noise band plus the summary line with the
 * issue's targets. Per-lesion results: accuracy/out/results-seed-N.json (or FILE).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { drawSeries } from '../generator/draw.ts';
import { generateSeries } from '../generator/series.ts';
import { seriesPicture } from './picture.ts';
import { runPool } from './pool.ts';
import { ACCURACY_OUT, defaultCacheRoot, runTask, seriesDir } from './task.ts';
import { setFigures, summaryLine, tables } from './summary.ts';
import type { SeriesResult } from './score.ts';

export const MIN_SERIES = 100, MIN_LESIONS = 300;

/** Smallest set of at least MIN_SERIES series holding at least MIN_LESIONS stenoses (spec draws only). */
export function defaultSeriesCount(seed: number): number {
  let lesions = 0;
  for (let n = 0; n < 1000; n++) {
    if (n >= MIN_SERIES && lesions >= MIN_LESIONS) return n;
    lesions += drawSeries(seed, n).lesions.filter((l) => l.plaque !== 'ca-nonstenotic').length;
  }
  return 1000;
}

const fmt = (v: number, d = 1): string => v.toFixed(d);

async function only(seed: number, which: string, png: boolean): Promise<void> {
  const index = /^\d+$/.test(which) ? Number(which) : Number(which.split('-').pop());
  const cacheRoot = defaultCacheRoot();
  const t = await runTask(cacheRoot, seed, index);
  const r = t.result, tr = t.truth;
  const dir = join(seriesDir(cacheRoot, seed, index), 'dicom');
  console.log(`${tr.id}: ${dir}`);
  console.log(`  coro measure ${dir} --from=${tr.fromLps.map((v) => fmt(v, 3)).join(',')} --to=${tr.toLps.map((v) => fmt(v, 3)).join(',')}`);
  const im = tr.imaging;
  console.log(`  vessel ${fmt(tr.lengthMm)} mm, ref Ø ${fmt(tr.referenceDiameterProximalMm, 2)} mm proximal${tr.smallVessel ? ' (small)' : ''}, ${tr.branches} branch(es), chamber ${tr.chamber ?? 'none'}`);
  console.log(`  pixels ${im.spacingMm.map((v) => fmt(v, 2)).join(' × ')} mm, ${im.patientPosition}${im.obliqueDeg ? `, oblique ${fmt(im.obliqueDeg)}°` : ''}, PSF ${fmt(im.psfFwhmInPlaneMm, 2)}/${fmt(im.psfFwhmZMm, 2)} mm, noise ${fmt(im.noiseSdHu)} HU${im.correlatedNoise ? ' correlated' : ''}, lumen ${fmt(im.lumenHu, 0)} HU`);
  if (r.error) console.log(`  measure failed: ${r.error}`);
  if (r.centreline) console.log(`  centreline mean ${fmt(r.centreline.meanMm, 2)} mm, Hausdorff ${fmt(r.centreline.hausdorffMm, 2)} mm; measure ${fmt(r.measureMs / 1000, 1)} s`);
  for (const l of r.lesions) {
    const T = l.truth, m = l.measured;
    console.log(`  ${T.id} ${T.plaque}/${T.shape}${T.tandemWith ? ' tandem' : ''}${T.branchAtLesion ? ' +branch' : ''}: truth ${fmt(T.dsPct)} % MLA ${fmt(T.mlaMm2, 2)} mm² at ${fmt(T.sMm)} (${fmt(T.startSMm)}–${fmt(T.endSMm)})` +
      (m ? ` → ${fmt(m.dsPct)} % MLA ${fmt(m.mlaMm2, 2)} RD ${fmt(m.referenceDiameterMm, 2)} (truth ${fmt(T.referenceDiameterMm, 2)}) at ${fmt(m.sMm)} (${fmt(m.startSMm)}–${fmt(m.endSMm)}) ${l.binMeasured === l.binTruth ? 'bin ok' : `bin ${l.binMeasured} ≠ ${l.binTruth}`}` : ' → not found'));
  }
  for (const f of r.falseLesions) console.log(`  false lesion ${fmt(f.dsPct)} % at ${fmt(f.sMm)} (${fmt(f.startSMm)}–${fmt(f.endSMm)})`);
  if (png) {
    const file = join(ACCURACY_OUT, 'pictures', `${tr.id}.png`);
    mkdirSync(join(ACCURACY_OUT, 'pictures'), { recursive: true });
    writeFileSync(file, seriesPicture(generateSeries(seed, index), r));
    console.log(`  picture (straightened along the truth path; truth above, measured below): ${file}`);
  }
}

async function full(seed: number, count: number, jobs: number, outFile?: string): Promise<void> {
  const cacheRoot = defaultCacheRoot();
  const results: SeriesResult[] = new Array(count);
  const t0 = performance.now();
  let done = 0, genMs = 0, cpuMs = 0;
  await runPool(cacheRoot, seed, Array.from({ length: count }, (_, q) => q), jobs, (index, r, g, c) => {
    results[index] = r;
    genMs += g;
    cpuMs += c;
    done++;
    if (process.stderr.isTTY || done % 10 === 0 || done === count) process.stderr.write(`\r${done}/${count} series`);
  });
  const wallMs = performance.now() - t0;
  process.stderr.write('\n');
  const f = setFigures(results);
  console.log(tables(results));
  console.log('');
  const failed = results.filter((r) => r.error);
  for (const r of failed) console.log(`measure failed on ${r.id}: ${r.error}`);
  console.log(summaryLine(`seed ${seed}`, f, wallMs));
  console.log(`(workers' CPU ${fmt(cpuMs / 1000, 0)} s, i.e. ≈ ${fmt(cpuMs / 2 / 60000, 1)} min on 2 idle cores; generation ${fmt(genMs / 1000, 0)} s of worker wall time; measure median ${fmt(median(results.map((r) => r.measureMs)) / 1000, 2)} s per series)`);
  mkdirSync(ACCURACY_OUT, { recursive: true });
  const out = outFile ?? join(ACCURACY_OUT, `results-seed-${seed}.json`);
  writeFileSync(out, JSON.stringify({ seed, series: count, figures: f, wallMs, cpuMs, results }, null, 1));
  console.log(`per-lesion results: ${out}`);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : NaN;
}

async function mainRun(): Promise<void> {
  const { values } = parseArgs({ options: { seed: { type: 'string' }, series: { type: 'string' }, only: { type: 'string' }, jobs: { type: 'string' }, png: { type: 'boolean' }, out: { type: 'string' } } });
  const seed = values.seed === undefined ? 1 : Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0) throw new Error(`--seed must be a non-negative integer, got ${values.seed}`);
  if (values.only !== undefined) return only(seed, values.only, values.png === true);
  const count = values.series === undefined ? defaultSeriesCount(seed) : Number(values.series);
  const jobs = values.jobs === undefined ? 2 : Number(values.jobs);
  if (!Number.isInteger(count) || count < 1) throw new Error(`--series must be a positive integer, got ${values.series}`);
  await full(seed, count, jobs, values.out);
}

mainRun().catch((e: unknown) => {
  process.stderr.write(`accuracy: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
