// `coro report`: vessels-file validation, measured lesions → report JSON, exit codes. Points are LPS mm.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.ts';
import { parseVesselSpecs, reportJson } from '../../../src/cli/report.ts';
import {
  highRiskFeaturesOf, plaqueTypeFromVolumes, type MeasuredLesion,
} from '../../../src/report/from-analysis.ts';

const lesion = (o: Partial<MeasuredLesion>): MeasuredLesion => ({
  sMm: 10, startSMm: 7, endSMm: 13, lengthMm: 6, mlaMm2: 4.7, mldMm: 2.45, referenceDiameterMm: 3.5,
  diameterStenosisPct: 30, areaStenosisPct: 51, totalOcclusion: false,
  plaque: { calcifiedMm3: 20, nonCalcifiedMm3: 2, lowAttenuationMm3: 0 }, remodellingIndex: 1.0, ...o,
});

describe('vessels file', () => {
  it('accepts arrays, "x,y,z" strings, negative numbers, via and landmarks', () => {
    const specs = parseVesselSpecs([
      { name: 'LAD', from: [-6.5, 15, 37], to: '20.5,-20,-5.25', via: ['-1,2,-3'], landmarks: { d1OriginMm: 22 } },
      { name: 'RCA', from: [1, 2, 3], to: [4, 5, 6] },
    ]);
    expect(specs[0]!.toLps).toEqual([20.5, -20, -5.25]);
    expect(specs[0]!.viaLps).toEqual([[-1, 2, -3]]);
    expect(specs[0]!.landmarks).toEqual({ d1OriginMm: 22 });
    expect(specs[1]!.viaLps).toEqual([]);
    expect(parseVesselSpecs({ vessels: [{ name: 'LM', from: [0, 0, 0], to: [1, 1, 1] }] })).toHaveLength(1);
  });
  it('refuses bad names, points, fields, duplicates and empty lists', () => {
    expect(() => parseVesselSpecs([])).toThrow(/non-empty/);
    expect(() => parseVesselSpecs([{ name: 'XYZ', from: [0, 0, 0], to: [1, 1, 1] }])).toThrow(/name must be one of/);
    expect(() => parseVesselSpecs([{ name: 'LAD', from: [0, 0], to: [1, 1, 1] }])).toThrow(/from must be/);
    expect(() => parseVesselSpecs([{ name: 'LAD', from: [0, 0, 0], to: [1, 1, 1], colour: 'red' }])).toThrow(/unknown field/);
    expect(() => parseVesselSpecs([{ name: 'LAD', from: [0, 0, 0], to: [1, 1, 1], landmarks: { d1OriginMm: -1 } }])).toThrow(/landmarks/);
    const v = { name: 'LAD', from: [0, 0, 0], to: [1, 1, 1] };
    expect(() => parseVesselSpecs([v, v])).toThrow(/twice/);
  });
});

describe('measured lesion → report lesion', () => {
  it('plaque type from volumes', () => {
    expect(plaqueTypeFromVolumes({ calcifiedMm3: 20, nonCalcifiedMm3: 2, lowAttenuationMm3: 0 })).toBe('calcified');
    expect(plaqueTypeFromVolumes({ calcifiedMm3: 0, nonCalcifiedMm3: 20, lowAttenuationMm3: 1 })).toBe('non-calcified');
    expect(plaqueTypeFromVolumes({ calcifiedMm3: 0, nonCalcifiedMm3: 5, lowAttenuationMm3: 10 })).toBe('low-attenuation');
    expect(plaqueTypeFromVolumes({ calcifiedMm3: 8, nonCalcifiedMm3: 12, lowAttenuationMm3: 0 })).toBe('mixed');
    expect(plaqueTypeFromVolumes({ calcifiedMm3: 0, nonCalcifiedMm3: 0, lowAttenuationMm3: 0 })).toBeNull();
  });
  it('high-risk features: remodelling ≥ 1.1 (SCCT), LAP share, spotty calcium', () => {
    expect(highRiskFeaturesOf(lesion({ remodellingIndex: 1.09 }))).toEqual([]);
    expect(highRiskFeaturesOf(lesion({ remodellingIndex: 1.1 }))).toEqual(['positive-remodelling']);
    expect(highRiskFeaturesOf(lesion({ remodellingIndex: Number.NaN }))).toEqual([]);
    expect(highRiskFeaturesOf(lesion({
      remodellingIndex: 1.35, plaque: { calcifiedMm3: 2, nonCalcifiedMm3: 20, lowAttenuationMm3: 12 },
    }))).toEqual(['positive-remodelling', 'low-attenuation', 'spotty-calcification']);
    // noise-level LAP in a fibrous plaque is not LAP
    expect(highRiskFeaturesOf(lesion({ plaque: { calcifiedMm3: 0, nonCalcifiedMm3: 30, lowAttenuationMm3: 2 } }))).toEqual([]);
  });
  it('CORO-02-like measurements give CAD-RADS 4A/P2/HRP with segments from default lengths', () => {
    const out = reportJson(
      [
        {
          name: 'LAD', lengthMm: 110,
          lesions: [lesion({
            sMm: 19.5, startSMm: 13, endSMm: 27, lengthMm: 14, diameterStenosisPct: 74.6, areaStenosisPct: 93.5,
            mldMm: 0.81, mlaMm2: 0.52, referenceDiameterMm: 3.2, remodellingIndex: 1.3,
            plaque: { calcifiedMm3: 1.5, nonCalcifiedMm3: 15, lowAttenuationMm3: 10 },
          })],
        },
        { name: 'D1', lengthMm: 50, lesions: [lesion({ sMm: 1, startSMm: 0, endSMm: 3, diameterStenosisPct: 48 })] },
        { name: 'LCx', lengthMm: 70, lesions: [lesion({ sMm: 10, startSMm: 6, endSMm: 13, diameterStenosisPct: 36, plaque: { calcifiedMm3: 6, nonCalcifiedMm3: 10, lowAttenuationMm3: 0 } })] },
        { name: 'RCA', lengthMm: 120, lesions: [] },
      ],
      { kvp: 120 },
      null,
      'en',
    );
    expect(out.vessels[0]!.lesions[0]!.segment).toBe(6); // MLA at 19.5 mm: before the default 6/7 border at 20 mm
    expect(out.vessels[0]!.lesions[0]!.involvedSegments).toEqual([6, 7]);
    expect(out.segmentInvolvementScore).toBe(4);
    expect(out.label).toBe('CAD-RADS 4A/P2/HRP');
    expect(out.vessels[0]!.lesions[0]!.diameterStenosisPct).toBe(74.6);
    expect(out.text).toContain('Conclusion: CAD-RADS 4A/P2/HRP.');
    expect(out.vessels[3]!.segments).toEqual([1, 2, 3]);
  });
  it('a total occlusion reads 100 %', () => {
    const out = reportJson(
      [{ name: 'RCA', lengthMm: 120, lesions: [lesion({ sMm: 58, startSMm: 51, endSMm: 66, totalOcclusion: true, diameterStenosisPct: 97 })] }],
      {}, 650, 'fr',
    );
    expect(out.vessels[0]!.lesions[0]!.diameterStenosisPct).toBe(100);
    expect(out.label).toBe('CAD-RADS 5/P3');
    expect(out.text).toContain('occlusion totale');
    expect(out.warnings).toEqual([]);
  });
  it('warns about a severe stenosis at a seed', () => {
    const out = reportJson([{ name: 'D1', lengthMm: 68, lesions: [lesion({ sMm: 0, totalOcclusion: true })] }], {}, null, 'en');
    expect(out.warnings).toEqual([expect.stringMatching(/^D1: 100 % stenosis within 1 mm of the first point/)]);
  });
  it('warns about an implausible reference diameter', () => {
    const out = reportJson([{ name: 'LAD', lengthMm: 130, lesions: [lesion({ sMm: 113, referenceDiameterMm: 9.85 })] }], {}, null, 'en');
    expect(out.warnings).toHaveLength(1);
    expect(out.warnings[0]).toMatch(/^LAD: lesion at 113 mm has a 9.85 mm reference diameter/);
  });
});

describe('coro report exit codes', () => {
  const run = async (argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(argv, { lang: 'en', stdout: (t) => out.push(t), stderr: (t) => err.push(t) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  it('missing arguments or files: exit 2 with one line', async () => {
    for (const argv of [['report'], ['report', 'some/dir'], ['report', 'some/dir', '--vessels', '/nonexistent/v.json']]) {
      const r = await run(argv);
      expect(r.code).toBe(2);
      expect(r.err.split('\n')).toHaveLength(1);
      expect(r.err).toMatch(/^coro: /);
    }
  });
  it('bad vessels file: exit 2 naming the problem', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'coro-report-'));
    const bad = join(dir, 'v.json');
    writeFileSync(bad, '{not json');
    expect((await run(['report', dir, '--vessels', bad])).err).toMatch(/not valid JSON/);
    writeFileSync(bad, JSON.stringify([{ name: 'LAD', from: [0, 0, 0] }]));
    const r = await run(['report', dir, '--vessels', bad]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/to must be/);
    expect((await run(['report', dir, '--vessels', bad, '--calcium', '-5'])).code).toBe(2);
  });
  it('--help prints the usage', async () => {
    const r = await run(['report', '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('--vessels');
  });
});

describe('high-risk features on the CORO-02 truth volumes (PHANTOM §6, truth.json of the generator)', () => {
  it('L1 (RI 1.35, LAP core, 1.7 mm³ spotty calcium) has ≥ 2 features; L2 (partially calcified, RI 1.0) none', () => {
    // measured-like mixed plaque with fat contamination (phantom CORO-03 LM): no feature
    expect(highRiskFeaturesOf(lesion({ remodellingIndex: 0.85, plaque: { calcifiedMm3: 13.1, nonCalcifiedMm3: 43.9, lowAttenuationMm3: 8.5 } }))).toEqual([]);
    const l1 = highRiskFeaturesOf(lesion({ remodellingIndex: 1.35, plaque: { calcifiedMm3: 1.72, nonCalcifiedMm3: 73.1, lowAttenuationMm3: 17.8 } }));
    expect(l1).toEqual(['positive-remodelling', 'spotty-calcification']); // truth LAP core 20 % < 25 % cut-off
    const l2 = highRiskFeaturesOf(lesion({ remodellingIndex: 1.0, plaque: { calcifiedMm3: 6.6, nonCalcifiedMm3: 14.4, lowAttenuationMm3: 0 } }));
    expect(l2).toEqual([]);
    // as measured on the CORO-02 study (RI 1.02, LAP 28 % of the non-calcified volume, 0.9 mm³ calcium): HRP
    expect(highRiskFeaturesOf(lesion({ remodellingIndex: 1.02, plaque: { calcifiedMm3: 0.9, nonCalcifiedMm3: 73.2, lowAttenuationMm3: 27.9 } })))
      .toEqual(['low-attenuation', 'spotty-calcification']);
    // as measured on CORO-01 L1 (calcified, 10 % calcium by volume, LAP 23 %): no feature
    expect(highRiskFeaturesOf(lesion({ remodellingIndex: 0.96, plaque: { calcifiedMm3: 4.9, nonCalcifiedMm3: 33.9, lowAttenuationMm3: 9.9 } }))).toEqual([]);
  });
});
