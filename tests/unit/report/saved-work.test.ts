// Saved-work JSON: round trip, strict validation, hostile input. Points are LPS mm.
import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../../src/report/escape.ts';
import {
  MAX_WORK_BYTES, exportWork, importWork, newWork, reportInputFromWork, type SavedWork,
} from '../../../src/report/saved-work.ts';
import { buildReport } from '../../../src/report/report.ts';
import { reportText } from '../../../src/report/report-text.ts';
import { WorkError, workMessage } from '../../../src/report/work-errors.ts';

const UID = '1.2.826.0.1.3680043.8.498.1';

function sample(): SavedWork {
  return {
    ...newWork(UID, { now: new Date('2026-11-23T17:00:00Z'), author: 'Dr <b>X</b>' }),
    vessels: [
      {
        name: 'LAD',
        waypointsLps: [[-6.5, 15, 37], [20.25, -20, -5]],
        centrelineLps: [[-6.5, 15, 37], [0, 0, 20], [20.25, -20, -5]],
        segmentBoundaries: [{ segment: 5, startMm: 0, endMm: 10 }, { segment: 6, startMm: 10, endMm: 30 }, { segment: 7, startMm: 30, endMm: 70 }],
        lesions: [
          {
            id: 'L1', segment: 6, involvedSegments: [6, 7], positionMm: 24, diameterStenosisPct: 75, areaStenosisPct: 94,
            mldMm: 0.8, mlaMm2: 0.5, referenceDiameterMm: 3.2, lengthMm: 14, plaqueType: 'non-calcified',
            volumesMm3: { calcified: 2, nonCalcified: 40, lowAttenuation: 8 },
            highRiskFeatures: ['napkin-ring', 'low-attenuation'], sideBranch: { segment: 9, diameterStenosisPct: 50 },
            bifurcation: { medina: [1, 1, null], sideVessel: 'D1' },
          },
        ],
        edits: [{ kind: 'waypoint-moved', at: '2026-11-23T17:01:00Z', target: '1', note: '<script>alert(1)</script>' }],
      },
    ],
    report: {
      technique: { kvp: 120, heartRateBpm: 62, phasePct: 75 },
      dominance: 'right',
      calciumScore: 120,
      exceptions: [],
      overrides: { freeText: '<img src=x onerror=alert(1)>' },
    },
  };
}

function code(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof WorkError) return e.code;
    throw e;
  }
  return 'no error';
}

describe('export → import round trip', () => {
  it('gives the same work, the same measurements and the same label', () => {
    const w = sample();
    const back = importWork(exportWork(w), { expectedStudyUid: UID });
    expect(back).toEqual(w);
    expect(buildReport(reportInputFromWork(back)).cadRads.label).toBe('CAD-RADS 4A/P2/HRP');
  });
  it('reads bytes (and a UTF-8 BOM)', () => {
    const bytes = new TextEncoder().encode('\uFEFF' + exportWork(sample()));
    expect(importWork(bytes).studyInstanceUid).toBe(UID);
  });
  it('hostile strings stay plain text, verbatim', () => {
    const back = importWork(exportWork(sample()));
    expect(back.vessels[0]!.edits[0]!.note).toBe('<script>alert(1)</script>');
    const text = reportText(buildReport(reportInputFromWork(back)));
    expect(text).toContain('<img src=x onerror=alert(1)>');
    expect(escapeHtml('<script>alert("x")</script>')).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(escapeHtml(back.author!)).toBe('Dr &lt;b&gt;X&lt;/b&gt;');
    expect(escapeHtml("a & b ' `")).toBe('a &amp; b &#39; &#96;');
  });
});

describe('import refuses', () => {
  const good = () => JSON.parse(exportWork(sample())) as Record<string, unknown>;
  it('more than 10 MB before parsing', () => {
    const big = '{"x":"' + 'a'.repeat(MAX_WORK_BYTES) + '"}';
    expect(code(() => importWork(big))).toBe('work-too-large');
    expect(code(() => importWork(new Uint8Array(50 * 1024 * 1024)))).toBe('work-too-large');
    // multi-byte characters: fewer characters than bytes
    expect(code(() => importWork('"' + 'é'.repeat(MAX_WORK_BYTES / 2 + 10) + '"'))).toBe('work-too-large');
  });
  it('not JSON', () => {
    expect(code(() => importWork('{"schema": '))).toBe('work-not-json');
    expect(code(() => importWork(''))).toBe('work-not-json');
  });
  it('another schema or version', () => {
    expect(code(() => importWork('[]'))).toBe('work-wrong-schema');
    expect(code(() => importWork(JSON.stringify({ ...good(), schema: 'other' })))).toBe('work-wrong-schema');
    expect(code(() => importWork(JSON.stringify({ ...good(), version: 3 })))).toBe('work-wrong-version');
    expect(code(() => importWork(JSON.stringify({ ...good(), version: '1' })))).toBe('work-wrong-version');
  });
  it('a work of another study', () => {
    expect(code(() => importWork(exportWork(sample()), { expectedStudyUid: '1.2.3' }))).toBe('work-other-study');
  });
  it('unknown fields at any depth, including __proto__', () => {
    expect(code(() => importWork(JSON.stringify({ ...good(), extra: 1 })))).toBe('work-unknown-field');
    const g = good() as { vessels: Array<{ lesions: Array<Record<string, unknown>> }> };
    g.vessels[0]!.lesions[0]!.html = '<b>';
    expect(code(() => importWork(JSON.stringify(g)))).toBe('work-unknown-field');
    const text = exportWork(sample()).replace('"answerKey": false', '"answerKey": false, "__proto__": {"polluted": true}');
    expect(code(() => importWork(text))).toBe('work-unknown-field');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
  it('invalid values name their path', () => {
    const g = good() as { vessels: Array<Record<string, unknown> & { lesions: Array<Record<string, unknown>> }>; studyInstanceUid: string };
    g.vessels[0]!.lesions[0]!.diameterStenosisPct = 130;
    try {
      importWork(JSON.stringify(g));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(WorkError);
      expect((e as WorkError).code).toBe('work-invalid-field');
      expect((e as WorkError).params.path).toBe('vessels[0].lesions[0].diameterStenosisPct');
    }
    g.vessels[0]!.lesions[0]!.diameterStenosisPct = 75;
    g.vessels[0]!.name = 'LADX';
    expect(code(() => importWork(JSON.stringify(g)))).toBe('work-invalid-field');
    g.vessels[0]!.name = 'LAD';
    g.vessels[0]!.waypointsLps = [[1, 2]];
    expect(code(() => importWork(JSON.stringify(g)))).toBe('work-invalid-field');
    g.vessels[0]!.waypointsLps = [[1, 2, 3]];
    g.studyInstanceUid = '<script>';
    expect(code(() => importWork(JSON.stringify(g)))).toBe('work-invalid-field');
  });
  it('export refuses what import would refuse', () => {
    const w = sample();
    const bad = { ...w, vessels: [{ ...w.vessels[0]!, lesions: [{ segment: 25, diameterStenosisPct: 10 }] }] };
    expect(code(() => exportWork(bad))).toBe('work-invalid-field');
  });
});

describe('messages', () => {
  it('French and English, plain text with the parameters', () => {
    expect(workMessage('work-other-study', { found: '1.2', expected: '1.3' }, 'fr')).toContain('autre étude');
    expect(workMessage('work-too-large', { bytes: 50 * 1024 * 1024, maxBytes: MAX_WORK_BYTES }, 'en')).toContain('50.0 MB');
    expect(workMessage('work-unknown-field', { path: 'x.y' }, 'fr')).toContain('« x.y »');
  });
});
