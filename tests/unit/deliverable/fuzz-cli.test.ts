// The CI subset of the mutated-file fuzzer through `coro info` (the full run: `npm run fuzz`): 200 fixed
// mutants of the corpus and the training studies — no crash, no hang (10 s per file), no uncaught error, every
// refused file with a reason. Regression: an absurd NumberOfFrames in a CT slice hung the header reader.
import { describe, expect, it } from 'vitest';
import { ensureStudies, studiesRoot } from '../../helpers/studies.ts';
import { mutants, mutate, prng } from '../../fuzz/mutate.ts';
import { figures, fuzzCli } from '../../fuzz/run-cli.ts';
import { loadSources } from '../../fuzz/sources.ts';
import { parseDicom } from '../../../src/dicom/parse.ts';
import { DicomError } from '../../../src/dicom/errors.ts';

describe('coro info on mutated files', () => {
  ensureStudies();
  const sources = loadSources(studiesRoot);

  it('NumberOfFrames 99999999 in a CT slice is refused as an invalid value, at once', () => {
    const slice = sources.find((s) => s.name.startsWith('cas1/'))!;
    const bytes = mutate(slice.bytes, 'frames', prng(7));
    let err: unknown;
    try {
      parseDicom(bytes, { name: 'frames.dcm' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DicomError);
    expect((err as DicomError).code).toBe('invalid-value');
    expect((err as DicomError).params).toMatchObject({ attribute: 'NumberOfFrames', value: '99999999' });
  });

  it('200 mutants: no crash, no hang, no uncaught error; every refusal has a reason', async () => {
    expect(sources.length).toBeGreaterThan(50);
    const results = await fuzzCli(mutants(sources, 200, 1), { deadlineMs: 10_000 });
    const f = figures(results);
    expect(results.filter((r) => r.outcome !== 'ok' && r.outcome !== 'refused')).toEqual([]);
    expect(f.files).toBe(200);
    expect(f.refused).toBeGreaterThan(0);
    expect(f.ok).toBeGreaterThan(0);
    for (const r of results.filter((x) => x.outcome === 'refused')) expect(r.reason.length).toBeGreaterThan(10);
  });
});
