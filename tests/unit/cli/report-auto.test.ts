// `coro report --auto`: CAD-RADS from the tree found in the image (no seed, no landmark given) equals the truth
// label of each training study and of CORO-03b (the total-occlusion variant). Truth is read only here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Truth } from '../../../sample-data/truth.ts';
import { main } from '../../../src/cli/main.ts';
import type { ReportJson } from '../../../src/cli/report.ts';
import { ensureStudies, studiesRoot } from '../../helpers/studies.ts';
import { occlusionStudy } from '../phantom/variant-study.ts';

async function autoReport(folder: string): Promise<{ code: number; json: ReportJson; err: string[] }> {
  const out: string[] = [], err: string[] = [];
  const code = await main(['report', folder, '--auto', '--json', '--lang', 'en'], { lang: 'en', stdout: (t) => out.push(t), stderr: (t) => err.push(t) });
  return { code, json: JSON.parse(out.join('\n')) as ReportJson, err };
}

const lesions = (j: ReportJson): string[] => j.vessels.map((v) => `${v.name}: ${v.lesions.map((l) => `${l.segment}/${l.diameterStenosisPct}%`).join(' ')}`);

describe('coro report --auto', () => {
  for (const study of ensureStudies()) {
    it(`${study.name}: the truth label from the found tree`, async () => {
      const truth = JSON.parse(readFileSync(join(studiesRoot, study.truth), 'utf8')) as Truth;
      const r = await autoReport(join(studiesRoot, study.folder));
      expect(r.code).toBe(0);
      expect({ label: r.json.label, found: lesions(r.json) }).toMatchObject({ label: truth.cadRads.label });
      expect(r.json.vessels.map((v) => v.name)).toEqual(expect.arrayContaining(['LM', 'LAD', 'LCx', 'RCA']));
    }, 900_000);
  }
  it('CORO-03b: the occlusion bridged, CAD-RADS 5', async () => {
    const { folder, truth } = await occlusionStudy();
    const r = await autoReport(folder);
    expect(r.code).toBe(0);
    expect({ label: r.json.label, found: lesions(r.json) }).toMatchObject({ label: truth.cadRads.label });
  }, 900_000);
  it('bad input: --auto with --vessels is refused in one line', async () => {
    const out: string[] = [], err: string[] = [];
    const code = await main(['report', 'x', '--auto', '--vessels', 'v.json'], { lang: 'en', stdout: (t) => out.push(t), stderr: (t) => err.push(t) });
    expect(code).toBe(2);
    expect(err).toHaveLength(1);
  });
});
