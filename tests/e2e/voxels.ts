// The viewer's voxels against the project's Node ingest of the same files on disk (the check of cases.e2e.ts).
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { join } from 'node:path';
import { studiesRoot, type StudyIndexEntry } from '../helpers/studies.ts';
import { loadVolume } from '../../src/dicom/load-node.ts';
import { ijkToLps, type Ijk } from '../../src/volume/volume.ts';

/** Nearest voxel under an LPS point (as the HU overlay reads it) at 300 seeded voxels, first and last slices included. */
export async function expectViewerVoxelsMatchIngest(page: Page, study: StudyIndexEntry): Promise<void> {
  const { volume: v } = await loadVolume(join(studiesRoot, study.folder));
  const [nx, ny, nz] = v.dimensions;
  let seed = 12345;
  const rnd = (n: number) => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) % n;
  const ijks: Ijk[] = Array.from({ length: 300 }, (_, n) => [rnd(nx), rnd(ny), n < 20 ? (n % 2 ? 0 : nz - 1) : rnd(nz)]);
  const points = ijks.map((ijk) => ijkToLps(v, ijk));
  const viewer = await page.evaluate(
    (pts) => pts.map((p) => (window as unknown as { __coro: { getHU(p: readonly number[]): number | undefined } }).__coro.getHU(p) ?? null),
    points,
  );
  expect(viewer).toEqual(ijks.map(([i, j, k]) => v.voxels[i + j * nx + k * nx * ny]));
}

/** The viewer's and the disk ingest's voxels at 200 seeded points of slice `k` (disk order along the normal). */
export async function sliceVoxels(page: Page, study: StudyIndexEntry, k: (nz: number) => number): Promise<{ viewer: (number | null)[]; disk: number[]; slice: number }> {
  const { volume: v } = await loadVolume(join(studiesRoot, study.folder));
  const [nx, ny, nz] = v.dimensions;
  const slice = k(nz);
  let seed = 777;
  const rnd = (n: number) => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) % n;
  const ijks: Ijk[] = Array.from({ length: 200 }, () => [rnd(nx), rnd(ny), slice]);
  const viewer = await page.evaluate(
    (pts) => pts.map((p) => (window as unknown as { __coro: { getHU(p: readonly number[]): number | undefined } }).__coro.getHU(p) ?? null),
    ijks.map((ijk) => ijkToLps(v, ijk)),
  );
  return { viewer, disk: ijks.map(([i, j]) => v.voxels[i + j * nx + slice * nx * ny]!), slice };
}
