// Study plan (where each case puts its cardiac phase) and the deterministic ZIP of a study folder.
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { headerFor, STUDY_PLANS, type CaseFacts } from '../../../sample-data/dicom/study-plan';
import { zipEntries } from '../../../sample-data/dicom/zip';

const facts = (key: CaseFacts['key']): CaseFacts => ({
  key, caseId: 'CORO-0X', name: 'Cas X', kvp: 120, heartRateBpm: 60, phasePct: 75, gating: 'prospective',
  seriesDescription: 'Coro CorCTA 0.6 B26f BestDiast 75 %', convolutionKernel: 'B26f',
});

describe('study plan', () => {
  it('gives each case its syntax and puts the cardiac phase in tags, comments or the description only', () => {
    expect([STUDY_PLANS.cas1.transferSyntax, STUDY_PLANS.cas2.transferSyntax, STUDY_PLANS.cas3.transferSyntax]).toEqual(['explicit-le', 'jpeg-ls', 'htj2k']);
    expect(STUDY_PLANS.cas1.storage).toEqual({ signed: false, rescaleInterceptHu: -1024 });
    const h1 = headerFor(facts('cas1'));
    expect(h1.cardiac).toBeUndefined();
    expect(h1.imageComments).toBeUndefined();
    expect(headerFor(facts('cas2')).cardiac).toEqual({ heartRateBpm: 60, triggerTimeMs: 750, nominalPercentage: 75 });
    expect(headerFor(facts('cas3')).imageComments).toBe('60bpm, 750ms, 75%');
    expect(headerFor(facts('cas3'), { manufacturerModelName: 'X', imageComments: 'given' })).toMatchObject({ manufacturerModelName: 'X', imageComments: 'given' });
  });
});

describe('zipEntries', () => {
  const entries = [
    { path: 'DICOMDIR', bytes: new Uint8Array(777).map((_, i) => i % 13) },
    { path: 'DICOM/PAT00001/IM000001', bytes: new Uint8Array(50001).map((_, i) => (i * 31) % 256) },
  ];
  it.each([0, 1])('level %i: unzips to the same files, same bytes every time', async (level) => {
    const a = await zipEntries(entries, level);
    const b = await zipEntries(entries, level);
    expect(Buffer.compare(a, b)).toBe(0);
    const out = unzipSync(a);
    expect(Object.keys(out)).toEqual(entries.map((e) => e.path));
    for (const e of entries) expect(Buffer.compare(out[e.path]!, e.bytes)).toBe(0);
  });
});
