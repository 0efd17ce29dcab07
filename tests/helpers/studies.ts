// Gives tests the generated training studies (sample-data/out/), generating them once when missing.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const studiesRoot = join(repoRoot, 'sample-data', 'out');

export interface StudyIndexEntry {
  id: string; // 'cas1' | 'cas2' | 'cas3'
  name: string; // 'Cas 1'
  description: string;
  imageCount: number;
  folder: string; // relative to sample-data/out, e.g. 'cas1'
  zip: string; // relative, e.g. 'cas1.zip'
  truth: string; // relative, e.g. 'cas1/truth.json'
}

export function ensureStudies(): StudyIndexEntry[] {
  const index = join(studiesRoot, 'index.json');
  if (!existsSync(index)) {
    execFileSync('node', [join(repoRoot, 'scripts', 'ensure-sample-data.mjs')], { stdio: 'inherit', cwd: repoRoot });
  }
  return JSON.parse(readFileSync(index, 'utf8')).studies as StudyIndexEntry[];
}
