/**
 * Series-level behaviour on the real corpus: the CTA volume, tilted (sheared) stacks, the
 * pcir DICOMDIR variants, the MR700 radial localiser, the Siemens series without UIDs.
 * Coordinates: DICOM LPS mm; volume index (i, j, k) = (column, row, slice).
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { CORPUS, corpusAvailable } from './corpus-helpers.ts';
import { loadVolume } from '../../../src/dicom/load-node.ts';
import { collectInputs } from '../../../src/dicom/source-node.ts';
import { ingestFiles } from '../../../src/dicom/ingest.ts';
import { decodeSeriesVolume } from '../../../src/dicom/series-volume.ts';
import { createNodeCodecs } from '../../../src/dicom/codecs-node.ts';
import { DicomError } from '../../../src/dicom/errors.ts';
import { ijkToLps } from '../../../src/volume/volume.ts';
import type { Volume } from '../../../src/volume/volume.ts';

const at = (p: string) => join(CORPUS, p);

/** Median HU of the largest 4-connected region in [loHu, hiHu] on slice k. */
function largestRegionMedian(v: Volume, k: number, loHu: number, hiHu: number): { size: number; medianHu: number } {
  const [nx, ny] = v.dimensions;
  const base = k * nx * ny;
  const seen = new Uint8Array(nx * ny);
  let best: number[] = [];
  for (let s = 0; s < nx * ny; s++) {
    const val = v.voxels[base + s] as number;
    if (seen[s] || val < loHu || val > hiHu) continue;
    const comp: number[] = [];
    const stack = [s];
    seen[s] = 1;
    while (stack.length > 0) {
      const p = stack.pop() as number;
      comp.push(v.voxels[base + p] as number);
      const i = p % nx, j = (p - i) / nx;
      for (const q of [i > 0 ? p - 1 : -1, i < nx - 1 ? p + 1 : -1, j > 0 ? p - nx : -1, j < ny - 1 ? p + nx : -1]) {
        if (q < 0 || seen[q]) continue;
        const w = v.voxels[base + q] as number;
        if (w >= loHu && w <= hiHu) {
          seen[q] = 1;
          stack.push(q);
        }
      }
    }
    if (comp.length > best.length) best = comp;
  }
  best.sort((a, b) => a - b);
  return { size: best.length, medianHu: best[best.length >> 1] ?? NaN };
}

describe.skipIf(!corpusAvailable)('corpus series and volumes', () => {
  it('cta/totalseg-aorta-cta builds a 120×126×164 volume, 1.5 mm, plausible lumen HU', async () => {
    const { volume, warnings, series } = await loadVolume(at('cta/totalseg-aorta-cta'));
    expect(volume.dimensions).toEqual([120, 126, 164]);
    volume.spacingMm.forEach((s) => expect(s).toBeCloseTo(1.5, 6));
    expect(volume.originLps[0]).toBeCloseTo(-71.6582, 3);
    expect(volume.originLps[1]).toBeCloseTo(-255.6582, 3);
    expect(volume.originLps[2]).toBeCloseTo(540.2, 3);
    // Last slice centre (k = 163) at z = 784.7 (README), +k along +z (feet → head).
    expect(ijkToLps(volume, [0, 0, 163])[2]).toBeCloseTo(784.7, 3);
    expect(warnings).toEqual([]);
    expect(series.modality).toBe('CT');
    let mn = Infinity, mx = -Infinity;
    for (const x of volume.voxels) {
      if (x < mn) mn = x;
      if (x > mx) mx = x;
    }
    expect([mn, mx]).toEqual([-1078, 3343]); // HU range stated by the corpus README
    // Contrast-filled lumen (largest 200–900 HU region) at three levels: arterial-phase range.
    for (const k of [41, 82, 123]) {
      const r = largestRegionMedian(volume, k, 200, 900);
      expect(r.size).toBeGreaterThan(100);
      expect(r.medianHu).toBeGreaterThan(300);
      expect(r.medianHu).toBeLessThan(600);
    }
  });

  for (const dir of ['ct-series/ge-hispeed-head-tilt', 'ct-series/philips-ingenuity-head-tilt']) {
    it(`${dir}: sheared stack is reported, resampled with a warning, or refused on request`, async () => {
      const { volume, warnings, series } = await loadVolume(at(dir));
      const codes = warnings.map((w) => w.code);
      expect(series.problems.map((p) => p.code)).toContain('sheared');
      expect(codes).toContain('resampled');
      const shear = series.problems.find((p) => p.code === 'sheared');
      expect(Number(shear?.params.angleDeg)).toBeCloseTo(18.5, 0);
      // Resampled onto an orthogonal grid: k axis is the slice normal, not the table axis.
      const [a, b, c] = volume.directions;
      expect(Math.abs(a[0] * c[0] + a[1] * c[1] + a[2] * c[2])).toBeLessThan(1e-6);
      expect(Math.abs(b[0] * c[0] + b[1] * c[1] + b[2] * c[2])).toBeLessThan(1e-6);
      const err = await loadVolume(at(dir), { shear: 'refuse' }).then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(DicomError);
      expect((err as DicomError).code).toBe('volume-sheared');
    });
  }

  it('GE tilt series: uneven spacing and gaps are reported', async () => {
    const inputs = await collectInputs(at('ct-series/ge-hispeed-head-tilt'));
    const s = ingestFiles(inputs.files).studies[0]?.series[0];
    const codes = s?.problems.map((p) => p.code) ?? [];
    expect(codes).toContain('uneven-spacing');
    expect(codes).toContain('gap');
  });

  it('Philips axial series (no file extensions, unsigned 12-bit + intercept) stacks at 5 mm', async () => {
    const { volume, warnings } = await loadVolume(at('ct-series/philips-ingenuity-head-axial'));
    expect(volume.dimensions).toEqual([512, 512, 10]);
    expect(volume.spacingMm[2]).toBeCloseTo(5, 3);
    expect(warnings).toEqual([]);
  });

  it('Siemens J2K series with empty UIDs groups into one series sorted along the normal', async () => {
    const inputs = await collectInputs(at('ct-series/siemens-abdomen-j2k'));
    const result = ingestFiles(inputs.files);
    const all = result.studies.flatMap((st) => st.series);
    expect(all).toHaveLength(1);
    const s = all[0];
    expect(s?.slices).toHaveLength(20);
    expect(s?.problems.map((p) => p.code)).toContain('no-series-uid');
    const d = s?.stack?.distancesMm ?? [];
    for (let i = 1; i < d.length; i++) expect(d[i] as number).toBeGreaterThan(d[i - 1] as number);
  });

  it('pcir DICOMDIR variants (LE, implicit, big endian, no offsets, reordered) reference the same 31 files', async () => {
    const sets: string[][] = [];
    for (const name of ['DICOMDIR', 'DICOMDIR-implicit', 'DICOMDIR-bigEnd', 'DICOMDIR-nooffset', 'DICOMDIR-reordered', 'DICOMDIR-nopatient']) {
      const inputs = await collectInputs(at(`dicomdir/pcir/${name}`));
      expect(inputs.skipped).toEqual([]);
      sets.push(inputs.files.map((f) => f.name).filter((n) => !n.startsWith('DICOMDIR')).sort());
    }
    for (const s of sets) expect(s).toEqual(sets[0]);
    expect(sets[0]).toHaveLength(31);
    const empty = await collectInputs(at('dicomdir/pcir/DICOMDIR-empty.dcm'));
    expect(empty.files).toHaveLength(1);
  });

  it('pcir MR700 radial localiser (IOP changes per slice) is never stacked', async () => {
    const inputs = await collectInputs(at('dicomdir/pcir/98892003/MR700'));
    const s = ingestFiles(inputs.files).studies[0]?.series[0];
    expect(s?.stack).toBeUndefined();
    expect(s?.problems.map((p) => p.code)).toContain('varying-orientation');
    const err = await decodeSeriesVolume(s!, createNodeCodecs()).then(() => undefined, (e: unknown) => e);
    expect((err as DicomError).code).toBe('not-a-volume');
  });

  it('pcir DICOMDIR with several CT series asks for --series, and --series picks one', async () => {
    const err = await loadVolume(at('dicomdir/pcir/DICOMDIR')).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(DicomError);
    expect((err as DicomError).code).toBe('several-series');
    const uid = '1.3.6.1.4.1.5962.1.1.0.0.0.1194734704.16302.0.6';
    expect(String((err as DicomError).params.candidates)).toContain(uid);
    const { volume } = await loadVolume(at('dicomdir/pcir/DICOMDIR'), { seriesUid: uid });
    expect(volume.dimensions).toEqual([16, 16, 5]);
  });
});
