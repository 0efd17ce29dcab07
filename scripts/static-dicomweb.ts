// Writes the training studies as a static DICOMweb tree (src/pacs/static-tree.ts) that any web server or
// CDN can serve: `npm run dicomweb:static [-- --out <folder>]`. Default folder sample-data/out/dicomweb, which
// the app's own servers publish at /studies/dicomweb (the DICOMweb address to type on the start page).
// Rebuilt only when the studies changed (stamp: the generator's sources.sha256 copied into the tree).
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildStaticTree } from '../src/pacs/static-tree.ts';
import { listStudyFiles } from './studies-route.ts';

const repoRoot = resolve(dirname(new URL(import.meta.url).pathname), '..');
const studiesDir = join(repoRoot, 'sample-data', 'out');
export const DEFAULT_TREE = join(studiesDir, 'dicomweb');

/** Builds the tree into `out` unless it is up to date with the generated studies; returns the folder. */
export function writeStaticDicomWeb(out = DEFAULT_TREE, force = false): string {
  const indexPath = join(studiesDir, 'index.json');
  if (!existsSync(indexPath)) throw new Error(`${indexPath} missing: run npm run sample-data first`);
  const stampSource = join(studiesDir, 'sources.sha256');
  const stamp = (existsSync(stampSource) ? readFileSync(stampSource, 'utf8') : '') + readFileSync(indexPath, 'utf8');
  const stampPath = join(out, 'stamp.txt');
  if (!force && existsSync(stampPath) && readFileSync(stampPath, 'utf8') === stamp) return out;
  rmSync(out, { recursive: true, force: true });
  const index = JSON.parse(readFileSync(indexPath, 'utf8')) as { studies: { folder: string }[] };
  const studies: unknown[] = [];
  let count = 0;
  for (const s of index.studies) {
    const folder = join(studiesDir, s.folder);
    const files = listStudyFiles(folder)
      .filter((f) => !/(^|\/)DICOMDIR$/i.test(f))
      .map((f) => ({ name: f, bytes: new Uint8Array(readFileSync(join(folder, f))) }));
    for (const f of buildStaticTree(files)) {
      if (f.path === 'studies/index.json') {
        studies.push(...(JSON.parse(new TextDecoder().decode(f.bytes)) as unknown[]));
        continue;
      }
      const target = join(out, f.path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, f.bytes);
      count++;
    }
  }
  mkdirSync(join(out, 'studies'), { recursive: true });
  writeFileSync(join(out, 'studies', 'index.json'), JSON.stringify(studies));
  writeFileSync(stampPath, stamp);
  console.log(`[dicomweb:static] ${studies.length} studies, ${count + 1} files → ${out}`);
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  const { values } = parseArgs({ options: { out: { type: 'string' }, force: { type: 'boolean' } } });
  try {
    writeStaticDicomWeb(values.out ? resolve(values.out) : DEFAULT_TREE, values.force ?? false);
  } catch (e) {
    console.error(`dicomweb:static: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(2);
  }
}
