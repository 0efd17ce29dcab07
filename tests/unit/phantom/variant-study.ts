// Gives tests the CORO-03b variant written as a DICOM study (sample-data/out/cas3b/, git-ignored), generating
// it once when missing or written by other generator sources (sample-data/variant.ts: a lock across the test
// files that run in parallel, a stamp of the generator sources). Same as `npm run sample-data -- --variant cas3b`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureVariant } from '../../../sample-data/variant.ts';
import type { Truth } from '../../../sample-data/truth.ts';
import { studiesRoot } from '../../helpers/studies.ts';

export async function occlusionStudy(): Promise<{ folder: string; truth: Truth }> {
  const folder = await ensureVariant('cas3b', studiesRoot);
  return { folder, truth: JSON.parse(readFileSync(join(folder, 'truth.json'), 'utf8')) as Truth };
}
