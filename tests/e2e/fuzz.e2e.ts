// The CI subset of the browser fuzz (the full run: `npm run fuzz -- --browser`): 200 fixed mutants of the corpus
// and the training studies through the viewer's file input on the production build — no crashed tab, no hang
// (5 s per file of a batch), no uncaught error; every refused file is listed in the problems panel with a
// reason, and what is left opens.
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureStudies, studiesRoot } from '../helpers/studies.ts';
import { mutants } from '../fuzz/mutate.ts';
import { fuzzBrowser } from '../fuzz/run-browser.ts';
import { figures, type FileResult } from '../fuzz/run-cli.ts';
import { loadSources } from '../fuzz/sources.ts';

describe('browser ingest of mutated files', () => {
  let results: FileResult[];
  beforeAll(async () => {
    ensureStudies();
    results = await fuzzBrowser(mutants(loadSources(studiesRoot), 200, 1), { batchSize: 25 });
    const f = figures(results);
    console.log(`[fuzz e2e] files ${f.files}, refused ${f.refused}, ok ${f.ok}, crashes ${f.crashes}, hangs ${f.hangs}, uncaught ${f.uncaught}`);
  }, 900_000);

  it('200 mutants: no crashed tab, no hang; refusals listed with a reason; the rest opens', () => {
    const f = figures(results);
    expect(results.filter((r) => r.outcome === 'crash' || r.outcome === 'hang')).toEqual([]);
    expect(results.filter((r) => r.outcome !== 'uncaught').length).toBe(200);
    expect(f.refused).toBeGreaterThan(0);
    for (const r of results.filter((x) => x.outcome === 'refused')) expect(r.reason.length).toBeGreaterThan(5);
    expect(results.some((r) => r.outcome === 'ok' && r.reason === 'batch loaded')).toBe(true);
  });

  // Slices Cornerstone cannot place or decode are listed and left out or blank (src/viewer/volume-session.ts,
  // native-loader.ts) instead of rejecting inside its cache.
  it('no uncaught page error', () => {
    expect(results.filter((r) => r.outcome === 'uncaught')).toEqual([]);
  });
});
