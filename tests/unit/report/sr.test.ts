// DICOM SR (TID 1500-shaped) export → import gives the same measurements; dcmjs writes/reads Part 10.
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../../src/report/report.ts';
import { exportSr, importSr, type SrVessel } from '../../../src/report/sr.ts';

const vessels: SrVessel[] = [
  {
    name: 'LAD',
    lesions: [
      {
        id: 'L1', segment: 6, involvedSegments: [6, 7, 9], positionMm: 19.75, diameterStenosisPct: 74.6, areaStenosisPct: 93.6,
        mldMm: 0.81, mlaMm2: 0.52, referenceDiameterMm: 3.2, lengthMm: 14, plaqueType: 'non-calcified',
        volumesMm3: { calcified: 1.5, nonCalcified: 15.25, lowAttenuation: 10 },
        highRiskFeatures: ['positive-remodelling', 'napkin-ring'], sideBranch: { segment: 9, diameterStenosisPct: 50 },
      },
    ],
  },
  { name: 'LCx', lesions: [{ id: 'L2', segment: 11, diameterStenosisPct: 35, plaqueType: 'mixed', stent: true }] },
];

describe('SR export/import', () => {
  it('round trip gives the same lesions, study and label', () => {
    const label = buildReport({ vessels }).cadRads.label;
    const bytes = exportSr({ studyInstanceUid: '1.2.3.4.5', vessels, label, now: new Date('2026-11-23T17:00:00Z') });
    // Part 10: 128-byte preamble then DICM
    expect(new TextDecoder().decode(bytes.slice(128, 132))).toBe('DICM');
    const back = importSr(bytes);
    expect(back.studyInstanceUid).toBe('1.2.3.4.5');
    expect(back.label).toBe(label);
    expect(back.label).toBe('CAD-RADS 4A/P2/HRP/S');
    expect(back.vessels).toEqual(vessels);
    expect(buildReport({ vessels: back.vessels }).cadRads.label).toBe(label);
  });
  it('refuses bytes that are not an SR', () => {
    expect(() => importSr(new Uint8Array(300))).toThrow(/SR:/);
  });
});
