// tests/ mirrors src/: the tests of src/<folder>/<sub>/<file>.ts live in tests/unit/<folder>/<sub>/, so a
// newcomer finds a module's tests in one hop. Read from the tree: every folder of tests/unit is a folder of src
// (or one of the suites that test no single src folder, listed below), and every test file imports a module of
// the src folder its own folder mirrors.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../helpers/studies.ts';
import { importsOf } from '../../helpers/imports.ts';

const UNIT = join(repoRoot, 'tests', 'unit');
const SRC = join(repoRoot, 'src');
/** suites over no single src folder: the accuracy CI, the rules over src, the delivered app and CLI as a whole,
 *  and the generator of the training studies (sample-data/phantom, sample-data/dicom) */
const SUITES = ['accuracy', 'architecture', 'deliverable', 'phantom', 'sample-data'];
/** folders of test data and test helpers beside the tests */
const SUPPORT = ['fixtures', 'helpers'];

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? (SUPPORT.includes(f) ? [] : walk(p)) : [p];
  });
}

const isDir = (p: string): boolean => { try { return statSync(p).isDirectory(); } catch { return false; } };

describe('tests/unit mirrors src', () => {
  const tests = walk(UNIT).filter((f) => f.endsWith('.test.ts')).map((f) => relative(UNIT, f));
  const mirrored = tests.filter((f) => !SUITES.includes(f.split('/')[0]!));

  it('every folder of tests/unit is a folder of src or a listed suite', () => {
    expect(tests.length).toBeGreaterThan(100);
    const folders = [...new Set(tests.map((f) => dirname(f)))];
    expect(folders.filter((d) => !SUITES.includes(d.split('/')[0]!) && !isDir(join(SRC, d)))).toEqual([]);
  });

  it('every test file imports a module of the src folder it mirrors', () => {
    const stray = mirrored.filter((f) => {
      const folder = join(SRC, dirname(f));
      // a module of the folder, or the folder itself (its index)
      const lands = (spec: string): boolean => {
        const p = resolve(UNIT, dirname(f), spec);
        return p === folder || dirname(p) === folder;
      };
      return !importsOf(readFileSync(join(UNIT, f), 'utf8')).some((spec) => spec.startsWith('.') && lands(spec));
    });
    expect(stray).toEqual([]);
  });
});
