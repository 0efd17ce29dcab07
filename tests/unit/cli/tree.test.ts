// `coro tree`: one JSON object for a training study (shape, steps ≤ 0.5 mm from the ostium side, names), the
// real 1.5 mm CTA of the corpus (aorta found, no coronary claimed, a clear note), bad input (exit 2, one line).
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.ts';
import type { TreeJson } from '../../../src/cli/tree.ts';
import type { Truth } from '../../../sample-data/truth.ts';
import { ensureStudies, studiesRoot } from '../../helpers/studies.ts';

async function run(argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [], err: string[] = [];
  const code = await main(argv, { lang: 'en', stdout: (t) => out.push(t), stderr: (t) => err.push(t) });
  return { code, out, err };
}
const dist = (a: readonly number[], b: readonly number[]): number => Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!);
const CTA = '/work/shared/dicom-corpus/cta/totalseg-aorta-cta';

describe('coro tree', () => {
  it('Cas 1: ostia, dominance, named vessels from their ostium side, steps ≤ 0.5 mm', async () => {
    const study = ensureStudies().find((s) => s.id === 'cas1')!;
    const truth = JSON.parse(readFileSync(join(studiesRoot, study.truth), 'utf8')) as Truth;
    const r = await run(['tree', join(studiesRoot, study.folder), '--json']);
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out.join('\n')) as TreeJson;
    expect(Object.keys(j)).toEqual(expect.arrayContaining(['ostia', 'dominance', 'vessels', 'seconds']));
    expect(j.dominance).toBe('right');
    expect(j.seconds).toBeGreaterThan(0);
    const names = j.vessels.map((v) => v.name);
    expect(names).toEqual(expect.arrayContaining(['LM', 'LAD', 'LCx', 'RCA', 'D1', 'D2', 'OM1', 'OM2', 'R-PDA', 'R-PLB']));
    for (const v of j.vessels) {
      expect(v.pointsMm.length).toBeGreaterThan(2);
      for (let q = 1; q < v.pointsMm.length; q++) expect(dist(v.pointsMm[q]!, v.pointsMm[q - 1]!)).toBeLessThanOrEqual(0.5 + 1e-9);
      // from the ostium side: a child starts on its parent, a trunk at an ostium
      const start = v.pointsMm[0]!;
      if (v.parent === null) expect(Math.min(dist(start, j.ostia.left!), dist(start, j.ostia.right!))).toBeLessThan(0.01);
      else {
        const parent = j.vessels.find((p) => p.name === v.parent)!;
        expect(Math.min(...parent.pointsMm.map((p) => dist(p, start)))).toBeLessThan(2.5);
      }
      const tv = truth.vessels.find((t) => t.name === v.name);
      if (tv) expect(dist(v.pointsMm[0]!, tv.points[0]!.lps), v.name).toBeLessThan(dist(v.pointsMm.at(-1)!, tv.points[0]!.lps));
    }
  }, 600_000);

  it('real CTA at 1.5 mm: the aorta found, no coronary claimed, a clear note', async () => {
    const r = await run(['tree', CTA, '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out.join('\n')) as TreeJson;
    expect(j.aorta).not.toBeNull();
    expect(j.aorta!.bloodHu).toBeGreaterThan(200);
    expect(j.vessels).toEqual([]);
    expect(j.ostia).toEqual({ left: null, right: null });
    expect(j.notes.map((n) => n.code)).toEqual(['coarse-voxels']);
    expect(r.err.join('\n')).toMatch(/too coarse for coronaries/);
  }, 300_000);

  it('bad input: exit 2 and one line', async () => {
    for (const argv of [['tree'], ['tree', '/nonexistent/study'], ['tree', 'a', 'b'], ['tree', CTA, '--bogus']]) {
      const r = await run(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err.length, argv.join(' ')).toBe(1);
      expect(r.err[0]).toMatch(/^coro: /);
    }
  }, 120_000);
});
