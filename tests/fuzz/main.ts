// `npm run fuzz [-- --count 1000 --seed 1 --browser]`: the mutated-file fuzzer through `coro info` (and the
// browser ingest with --browser); prints the figures (files, refused, ok, crashes, hangs, uncaught) and writes
// every refused or failing file with its reason to test-output/fuzz-<cli|browser>.tsv. Exits 1 on any crash,
// hang or uncaught error.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot, studiesRoot } from '../helpers/studies.ts';
import { mutants, type Mutant } from './mutate.ts';
import { figures, fuzzCli, type FileResult } from './run-cli.ts';
import { loadSources } from './sources.ts';

const { values } = parseArgs({ options: { count: { type: 'string', default: '1000' }, seed: { type: 'string', default: '1' }, browser: { type: 'boolean', default: false }, 'no-cli': { type: 'boolean', default: false } } });
const count = Number(values.count);
const seed = Number(values.seed);
const sources = loadSources(studiesRoot);
console.log(`[fuzz] ${count} mutants of ${sources.length} source files (seed ${seed})`);
const outDir = join(repoRoot, 'test-output');
mkdirSync(outDir, { recursive: true });
const report = (label: string, results: FileResult[]) => {
  const f = figures(results);
  console.log(`[fuzz] ${label}: files ${f.files}, refused ${f.refused}, ok ${f.ok}, crashes ${f.crashes}, hangs ${f.hangs}, uncaught ${f.uncaught}`);
  writeFileSync(join(outDir, `fuzz-${label}.tsv`), results.map((r) => `${r.name}\t${r.outcome}\t${r.reason.replace(/\s+/g, ' ')}`).join('\n') + '\n');
  for (const r of results.filter((x) => x.outcome !== 'ok' && x.outcome !== 'refused').slice(0, 20)) console.log(`  ${r.outcome} ${r.name}: ${r.reason.slice(0, 300)}`);
  return f.crashes + f.hangs + f.uncaught;
};
let bad = 0;
if (!values['no-cli']) {
  const t0 = Date.now();
  const results = await fuzzCli(mutants(sources, count, seed), { onResult: (_r, i) => { if (i % 100 === 0) console.log(`[fuzz] cli ${i}/${count} (${((Date.now() - t0) / 1000).toFixed(0)} s)`); } });
  bad += report('cli', results);
}
if (values.browser) {
  // loaded only with --browser (it needs the production build and Chromium)
  const browserRunner = './run-browser.ts';
  const { fuzzBrowser } = (await import(browserRunner)) as { fuzzBrowser(list: Iterable<Mutant>): Promise<FileResult[]> };
  bad += report('browser', await fuzzBrowser(mutants(sources, count, seed)));
}
process.exit(bad === 0 ? 0 : 1);
