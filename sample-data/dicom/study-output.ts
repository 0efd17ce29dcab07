// Writes one training study the way the course sends it: out/<key>/DICOMDIR + DICOM/…, out/<key>/truth.json,
// out/<key>.zip (DICOMDIR + DICOM/ at the root of the archive, deterministic bytes).
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Volume } from '../../src/volume/volume';
import type { FrameEncoder } from './codecs';
import { describeStudy, headerFor, STUDY_PLANS, type CaseFacts, type PhantomHeaderFacts } from './study-plan';
import { encodeVolumeAsDicom } from './write-series';
import { zipEntries } from './zip';

/** One entry of out/index.json (read by tests/helpers/studies.ts and the viewer's start page). */
export interface StudyIndexEntry {
  id: string;
  name: string;
  description: string;
  imageCount: number;
  folder: string;
  zip: string;
  truth: string;
}

export interface StudyOutputReport {
  entry: StudyIndexEntry;
  folderBytes: number;
  zipBytes: number;
  clampedVoxels: number;
  studyInstanceUid: string;
  seriesInstanceUid: string;
}

export async function writeStudy(
  facts: CaseFacts,
  volume: Volume,
  /** truth.json content, serialised with the study's UIDs filled in */
  truthFor: (uids: { studyInstanceUid: string; seriesInstanceUid: string }) => unknown,
  outRoot: string,
  opts: { headerFacts?: PhantomHeaderFacts; encoder?: FrameEncoder | null; onProgress?: (done: number, total: number) => void } = {},
): Promise<StudyOutputReport> {
  const plan = STUDY_PLANS[facts.key];
  const series = await encodeVolumeAsDicom(volume, {
    transferSyntax: plan.transferSyntax,
    storage: plan.storage,
    header: headerFor(facts, opts.headerFacts),
    fileNames: 'dicomdir',
    dicomdir: true,
    encoder: opts.encoder,
    onProgress: opts.onProgress,
  });
  const folder = join(outRoot, facts.key);
  const zipPath = join(outRoot, `${facts.key}.zip`);
  await rm(folder, { recursive: true, force: true });
  await rm(zipPath, { force: true });
  const files = [...series.images, ...(series.dicomdir ? [series.dicomdir] : [])];
  for (const d of new Set(files.map((f) => dirname(join(folder, f.path))))) await mkdir(d, { recursive: true });
  await Promise.all(files.map((f) => writeFile(join(folder, f.path), f.bytes)));
  const truth = truthFor({ studyInstanceUid: series.uids.studyInstanceUid, seriesInstanceUid: series.uids.seriesInstanceUid });
  await writeFile(join(folder, 'truth.json'), JSON.stringify(truth));

  // DICOMDIR first, then the images in path order
  const ordered = [...files].sort((a, b) => (a.path === 'DICOMDIR' ? -1 : b.path === 'DICOMDIR' ? 1 : a.path < b.path ? -1 : 1));
  const zip = await zipEntries(ordered, plan.zipLevel);
  await writeFile(zipPath, zip);

  return {
    entry: {
      id: facts.key,
      name: facts.name,
      description: describeStudy(facts, series.images.length),
      imageCount: series.images.length,
      folder: facts.key,
      zip: `${facts.key}.zip`,
      truth: `${facts.key}/truth.json`,
    },
    folderBytes: files.reduce((n, f) => n + f.bytes.length, 0),
    zipBytes: zip.length,
    clampedVoxels: series.clampedVoxels,
    studyInstanceUid: series.uids.studyInstanceUid,
    seriesInstanceUid: series.uids.seriesInstanceUid,
  };
}
