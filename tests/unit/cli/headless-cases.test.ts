// Issue 7 §6: for each training case, `coro report` tracing every vessel from its truth seeds (ostium → distal
// end, LPS mm) gives the truth CAD-RADS label, headless. Truth is read only here, never by the code under test;
// no landmark is passed (segment borders are the default proposal).
// Needs the generated studies (generated when missing).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Truth } from '../../../sample-data/truth.ts';
import { main } from '../../../src/cli/main.ts';
import type { ReportJson } from '../../../src/cli/report.ts';
import { ensureStudies, studiesRoot } from '../../helpers/studies.ts';

const studies = ensureStudies();

describe('coro report on the training studies', () => {
  it('has studies', () => expect(studies.length).toBe(3));
  for (const study of studies) {
    it(`${study.name}: truth seeds → truth label`, async () => {
      const truth = JSON.parse(readFileSync(join(studiesRoot, study.truth), 'utf8')) as Truth;
      const vessels = truth.vessels.map((v) => ({ name: v.name, from: v.seeds.ostiumLps, to: v.seeds.distalLps }));
      const file = join(mkdtempSync(join(tmpdir(), 'coro-report-cases-')), 'vessels.json');
      writeFileSync(file, JSON.stringify(vessels));
      const out: string[] = [];
      const err: string[] = [];
      const code = await main(['report', join(studiesRoot, study.folder), '--vessels', file, '--json'], {
        lang: 'en', stdout: (t) => out.push(t), stderr: (t) => err.push(t),
      });
      expect(err.join('\n')).toBe('');
      expect(code).toBe(0);
      const json = JSON.parse(out.join('\n')) as ReportJson;
      const found = json.vessels.map((v) => `${v.name}: ${v.lesions.map((l) => `${l.segment}/${l.diameterStenosisPct}%`).join(' ')}`);
      expect({ label: json.label, found }).toMatchObject({ label: truth.cadRads.label });
      expect(json.category).toBe(truth.cadRads.category);
      expect(json.text).toContain(truth.cadRads.label);
    }, 900_000);
  }
});
