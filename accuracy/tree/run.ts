/**
 * `npm run tree-accuracy [-- --seed N] [--count K] [--only v03,v07] [--studies]`
 * Renders (or reads back from accuracy/out/tree/) the seeded whole-heart variants of the phantom, runs the
 * coronary-tree finder on each, prints its CAT08-style table (per truth vessel: labelled and any-name overlap,
 * accuracy; per study: false length, labels, dominance), the mean per vessel name and the issue's targets
 * (PASS/FAIL). `--studies` adds the three training studies and CORO-03b (sample-data/out) to the set.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadVolume } from '../../src/dicom/load-node.ts';
import type { Truth } from '../../sample-data/truth.ts';
import { loadVariant } from './cache.ts';
import { scoreStudy } from './score-study.ts';
import { perNameTable, studyTable, summaryLines, type StudyScore } from './summary.ts';
import { DEFAULT_VARIANT_COUNT, drawVariants } from './variants.ts';

const { values } = parseArgs({
  options: { seed: { type: 'string', default: '1' }, count: { type: 'string' }, only: { type: 'string' }, studies: { type: 'boolean', default: false } },
});
const seed = Number(values.seed);
const count = values.count ? Number(values.count) : DEFAULT_VARIANT_COUNT;
if (!Number.isInteger(seed) || !Number.isInteger(count) || count < 1) {
  console.error('usage: npm run tree-accuracy [-- --seed N] [--count K] [--only v03,v07] [--studies]');
  process.exit(2);
}
const only = values.only ? new Set(values.only.split(',')) : null;
const results: StudyScore[] = [];
for (const v of drawVariants(seed, count)) {
  if (only && !only.has(v.id)) continue;
  const { volume, truth, renderedMs } = loadVariant(seed, v);
  const im = v.imaging;
  const s = await scoreStudy(v.id, `${v.feature} [noise ${im.noiseSdHu} HU, PSF ${im.psfFwhmMm.join('/')} mm, pixel ${im.pixelMm} mm${renderedMs ? `, rendered in ${(renderedMs / 1000).toFixed(0)} s` : ''}]`, volume, truth);
  results.push(s);
  for (const l of studyTable(s)) console.log(l);
  console.log(`  found: ${s.tree.vessels.map((x) => `${x.name} ${x.lengthMm.toFixed(0)}`).join(', ')}`);
}
if (values.studies) {
  const root = resolve(import.meta.dirname, '..', '..', 'sample-data', 'out');
  for (const id of ['cas1', 'cas2', 'cas3', 'cas3b']) {
    const folder = join(root, id);
    if (!existsSync(join(folder, 'truth.json'))) { console.log(`${id}: not generated`); continue; }
    const truth = JSON.parse(readFileSync(join(folder, 'truth.json'), 'utf8')) as Truth;
    const { volume } = await loadVolume(folder);
    const s = await scoreStudy(id, truth.caseId, volume, truth);
    results.push(s);
    for (const l of studyTable(s)) console.log(l);
  }
}
console.log(`\nmean per vessel over ${results.length} studies (seed ${seed})`);
for (const l of perNameTable(results)) console.log(l);
console.log('');
for (const l of summaryLines(results)) console.log(l);
