/**
 * Slice sorting on synthetic files: oblique orientation, non-square pixels, shuffled file names
 * and reversed InstanceNumbers. Convention: DICOM LPS mm; PixelSpacing = [Δr between rows,
 * Δc between columns]; P(col i, row j) = IPP + i·Δc·rowDir + j·Δr·colDir; slices ordered by
 * IPP·(rowDir × colDir). Volume index (i, j, k) = (column, row, slice).
 */
import { describe, expect, it } from 'vitest';
import { ctSlice } from './helpers/write-dicom.ts';
import { ingestFiles } from '../../../src/dicom/ingest.ts';
import { decodeSeriesVolume } from '../../../src/dicom/series-volume.ts';
import { createNodeCodecs } from '../../../src/dicom/codecs-node.ts';
import { ijkToLps, lpsToIjk } from '../../../src/volume/volume.ts';
import type { Vec3 } from '../../../src/volume/volume.ts';

const norm = (v: Vec3): Vec3 => {
  const n = Math.hypot(v[0], v[1], v[2]);
  return [v[0] / n, v[1] / n, v[2] / n];
};
const cross = (a: Vec3, b: Vec3): Vec3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];

// An oblique orientation: rowDir tilted in x/y/z, colDir orthogonal to it.
const rowDir = norm([0.9, 0.3, -0.2]);
const colDir = norm(cross(norm([0.1, 0.2, 0.95]), rowDir));
const normal = cross(rowDir, colDir);
const iop = [...rowDir, ...colDir] as [number, number, number, number, number, number];
const ps: [number, number] = [0.7, 0.4]; // Δr (between rows) ≠ Δc (between columns)
const origin: Vec3 = [-12.5, 30.25, 100];
const nx = 5, ny = 4, nz = 6, dz = 1.25;

/** Stored value encodes (i, j, k) so any axis mix-up shows. */
const value = (i: number, j: number, k: number) => i + 10 * j + 100 * k;

function makeSeries(shuffle: number[]) {
  return shuffle.map((k, n) => {
    const ipp: Vec3 = [origin[0] + k * dz * normal[0], origin[1] + k * dz * normal[1], origin[2] + k * dz * normal[2]];
    const stored = new Int16Array(nx * ny);
    for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) stored[j * nx + i] = value(i, j, k);
    return {
      // names sort in a different order from positions; instance numbers run against positions
      name: `IMG_${String((n * 7919) % 1000).padStart(3, '0')}.dcm`,
      bytes: ctSlice({ rows: ny, columns: nx, ippLps: ipp, iop, pixelSpacingMm: ps, stored, signed: true, instanceNumber: nz - k }),
    };
  });
}

describe('slice sorting and geometry (oblique, non-square pixels)', () => {
  it('orders slices by position along the normal, not by name or InstanceNumber', async () => {
    const files = makeSeries([3, 0, 5, 1, 4, 2]);
    const result = ingestFiles(files);
    const series = result.studies[0]?.series[0];
    expect(series).toBeDefined();
    const d = series!.stack!.distancesMm;
    for (let i = 1; i < d.length; i++) expect((d[i] as number) - (d[i - 1] as number)).toBeCloseTo(dz, 6);
    expect(series!.problems).toEqual([{ code: 'non-square-pixels', params: { rowMm: 0.7, columnMm: 0.4 } }]);
    expect(series!.spacingMm).toEqual([0.4, 0.7, 1.25]);
    const { volume, warnings } = await decodeSeriesVolume(series!, createNodeCodecs());
    expect(warnings).toEqual([]);
    expect(volume.dimensions).toEqual([nx, ny, nz]);
    for (let k = 0; k < nz; k++)
      for (let j = 0; j < ny; j++)
        for (let i = 0; i < nx; i++) expect(volume.voxels[i + nx * (j + ny * k)]).toBe(value(i, j, k));
  });

  it('LPS ↔ IJK follows the DICOM formula on the oblique grid', async () => {
    const series = ingestFiles(makeSeries([5, 4, 3, 2, 1, 0])).studies[0]!.series[0]!;
    const { volume } = await decodeSeriesVolume(series, createNodeCodecs());
    for (const [i, j, k] of [[0, 0, 0], [4, 3, 5], [2.5, 1.25, 3.75]] as const) {
      const ipp: Vec3 = [origin[0] + k * dz * normal[0], origin[1] + k * dz * normal[1], origin[2] + k * dz * normal[2]];
      // DICOM: P = IPP_k + i·Δc·rowDir + j·Δr·colDir
      const expected = [0, 1, 2].map((a) => (ipp[a] as number) + i * ps[1] * (rowDir[a] as number) + j * ps[0] * (colDir[a] as number));
      const p = ijkToLps(volume, [i, j, k]);
      // DS values are written with 6 decimals: agree to 1e-4 mm.
      for (let a = 0; a < 3; a++) expect(p[a]).toBeCloseTo(expected[a] as number, 4);
      const back = lpsToIjk(volume, p);
      expect(back[0]).toBeCloseTo(i, 5);
      expect(back[1]).toBeCloseTo(j, 5);
      expect(back[2]).toBeCloseTo(k, 5);
    }
  });

  it('reports duplicates, gaps and varying orientation', () => {
    const base = makeSeries([0, 1, 2, 3, 4, 5]);
    const dup = ingestFiles([...base, { name: 'copy.dcm', bytes: base[2]!.bytes }]).studies[0]!.series[0]!;
    expect(dup.problems.map((p) => p.code)).toContain('duplicate-position');
    const gap = ingestFiles(base.filter((_, k) => k !== 3)).studies[0]!.series[0]!;
    expect(gap.problems.find((p) => p.code === 'gap')?.params).toMatchObject({ count: 1, maxStepMm: 2.5 });
    const other = ctSlice({ rows: ny, columns: nx, ippLps: [0, 0, 0], iop: [1, 0, 0, 0, 0, -1], pixelSpacingMm: ps, stored: new Int16Array(nx * ny), signed: true });
    const mixed = ingestFiles([...base, { name: 'coronal.dcm', bytes: other }]).studies[0]!.series[0]!;
    expect(mixed.stack).toBeUndefined();
    expect(mixed.problems.map((p) => p.code)).toContain('varying-orientation');
  });
});
