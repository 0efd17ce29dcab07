// The files the fuzzers mutate: the shared DICOM corpus (MANIFEST.tsv) and slices of the training studies.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const CORPUS = process.env.CORO_CORPUS ?? '/work/shared/dicom-corpus';

export interface Source { readonly name: string; readonly bytes: Uint8Array }

/** Corpus files up to `maxBytes` (each) and every `studyStride`-th file of each training study (DICOMDIR too). */
export function loadSources(studiesRoot: string, opts: { maxBytes?: number; studyStride?: number } = {}): Source[] {
  const maxBytes = opts.maxBytes ?? 3_000_000;
  const out: Source[] = [];
  const manifest = join(CORPUS, 'MANIFEST.tsv');
  if (existsSync(manifest)) {
    for (const line of readFileSync(manifest, 'utf8').split('\n').slice(1)) {
      const [path, bytes] = line.split('\t');
      if (!path || Number(bytes) > maxBytes) continue;
      out.push({ name: `corpus/${path}`, bytes: new Uint8Array(readFileSync(join(CORPUS, path))) });
    }
  }
  const index = join(studiesRoot, 'index.json');
  if (existsSync(index)) {
    const studies = (JSON.parse(readFileSync(index, 'utf8')) as { studies: { folder: string }[] }).studies;
    for (const s of studies) {
      const dir = join(studiesRoot, s.folder);
      const walk = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : [join(d, e.name)]));
      const files = walk(dir).filter((f) => !f.endsWith('.json')).sort();
      files.forEach((f, i) => {
        if (i % (opts.studyStride ?? 20) === 0 || f.endsWith('DICOMDIR')) out.push({ name: `${s.folder}/${f.slice(dir.length + 1)}`, bytes: new Uint8Array(readFileSync(f)) });
      });
    }
  }
  return out;
}
