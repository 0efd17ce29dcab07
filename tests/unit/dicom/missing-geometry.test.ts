/**
 * A slice whose position or orientation cannot be read (a corrupted IOP digit, a missing IPP) in a series whose
 * other slices have both: its file is refused with a reason and the rest still forms a stack. Regression from
 * the browser fuzz, where such a series went to Cornerstone whole and its NaN geometry broke the renderer.
 * Convention: DICOM LPS mm, axial slices 2 mm apart along +z.
 */
import { describe, expect, it } from 'vitest';
import { ctSlice } from './helpers/write-dicom.ts';
import { ingestFiles } from '../../../src/dicom/ingest.ts';
import { dicomMessage } from '../../../src/dicom/messages.ts';

const AXIAL = [1, 0, 0, 0, 1, 0] as const;
const slice = (k: number, iop: readonly number[] = AXIAL) => ({
  name: `s${k}.dcm`,
  bytes: ctSlice({ rows: 2, columns: 2, ippLps: [0, 0, 2 * k], iop: iop as typeof AXIAL, pixelSpacingMm: [0.5, 0.5], stored: new Int16Array(4), signed: true, instanceNumber: k }),
});

describe('slices without geometry in a located series', () => {
  it('refuses the unplaced file with a reason and stacks the rest', () => {
    const files = [0, 1, 2, 3, 4].map((k) => (k === 2 ? slice(k, [1, 0, 0, NaN, 1, 0]) : slice(k)));
    const r = ingestFiles(files);
    const series = r.studies.flatMap((s) => s.series);
    expect(series).toHaveLength(1);
    expect(series[0]!.stack).toBeDefined();
    expect(series[0]!.slices.map((s) => s.file)).toEqual(['s0.dcm', 's1.dcm', 's3.dcm', 's4.dcm']);
    expect(series[0]!.problems.map((p) => p.code)).not.toContain('missing-geometry');
    expect(r.skipped.map((s) => s.file)).toEqual(['s2.dcm']);
    const why = r.skipped[0]!;
    expect(dicomMessage(why.reason, why.params, 'fr')).toMatch(/ImageOrientationPatient/);
    expect(dicomMessage(why.reason, why.params, 'en')).toMatch(/required attribute missing/);
  });

  it('leaves a series where no slice has geometry whole', () => {
    const nan = [NaN, 0, 0, 0, 1, 0];
    const r = ingestFiles([slice(0, nan), slice(1, nan)]);
    expect(r.skipped).toEqual([]);
    const series = r.studies.flatMap((s) => s.series);
    expect(series.flatMap((s) => s.slices)).toHaveLength(2);
    expect(series.every((s) => s.stack === undefined)).toBe(true);
  });
});
