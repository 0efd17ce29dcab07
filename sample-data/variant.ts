// On-demand phantom variants (PHANTOM §6: CORO-03b, the total-occlusion switch of Cas 3), written the way the
// training studies are — DICOMDIR + DICOM/… + truth.json in <outRoot>/<key>/ and <outRoot>/<key>.zip — with the
// transfer syntax and header plan of the case they vary. Never part of the default generation nor of index.json.
// The folder appears complete or not at all (written beside, then renamed).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFrameEncoder } from './dicom/codecs';
import { headerFor, STUDY_PLANS, type PhantomHeaderFacts } from './dicom/study-plan';
import { encodeVolumeAsDicom } from './dicom/write-series';
import { zipEntries } from './dicom/zip';
import { caseByKey, renderCase, type CaseKey } from './phantom/index';

export const VARIANT_KEYS = ['cas3b'] as const satisfies readonly CaseKey[];
export type VariantKey = (typeof VARIANT_KEYS)[number];

export interface VariantReport {
  folder: string;
  zip: string;
  imageCount: number;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  clampedVoxels: number;
}

export function isVariantKey(k: string): k is VariantKey {
  return (VARIANT_KEYS as readonly string[]).includes(k);
}

/** Renders the variant and writes it; `onProgress(stage, done, total)` between stages and per encoded slice. */
export async function writeVariant(
  key: VariantKey, outRoot: string, onProgress: (stage: 'rendu' | 'encodage', done: number, total: number) => void = () => undefined,
): Promise<VariantReport> {
  const spec = caseByKey(key);
  const base = spec.variantOf;
  if (!base) throw new Error(`${key} is not a variant`);
  const { volume, truth, header } = renderCase(spec, { onProgress: (f) => onProgress('rendu', Math.round(100 * f), 100) });
  const plan = STUDY_PLANS[base];
  const series = await encodeVolumeAsDicom(volume, {
    transferSyntax: plan.transferSyntax,
    storage: plan.storage,
    header: headerFor({ ...spec, key: base }, header as unknown as PhantomHeaderFacts),
    fileNames: 'dicomdir',
    dicomdir: true,
    encoder: await createFrameEncoder(plan.transferSyntax),
    onProgress: (done, total) => onProgress('encodage', done, total),
  });
  const folder = join(outRoot, key);
  const zipPath = join(outRoot, `${key}.zip`);
  const tmp = join(outRoot, `.${key}-${process.pid}-${Date.now()}`);
  await rm(tmp, { recursive: true, force: true });
  const files = [...series.images, ...(series.dicomdir ? [series.dicomdir] : [])];
  for (const d of new Set(files.map((f) => dirname(join(tmp, f.path))))) await mkdir(d, { recursive: true });
  await Promise.all(files.map((f) => writeFile(join(tmp, f.path), f.bytes)));
  const { studyInstanceUid, seriesInstanceUid } = series.uids;
  await writeFile(join(tmp, SOURCE_STAMP), JSON.stringify({ sha256: sourceStamp() }));
  await writeFile(join(tmp, 'truth.json'), JSON.stringify({ ...truth, studyInstanceUid, seriesInstanceUid }));
  const ordered = [...files].sort((a, b) => (a.path === 'DICOMDIR' ? -1 : b.path === 'DICOMDIR' ? 1 : a.path < b.path ? -1 : 1));
  await writeFile(`${tmp}.zip`, await zipEntries(ordered, plan.zipLevel));
  await rm(folder, { recursive: true, force: true });
  await rm(zipPath, { force: true });
  await rename(tmp, folder);
  await rename(`${tmp}.zip`, zipPath);
  return { folder, zip: zipPath, imageCount: series.images.length, studyInstanceUid, seriesInstanceUid, clampedVoxels: series.clampedVoxels };
}

const here = dirname(fileURLToPath(import.meta.url));
/** file beside truth.json: SHA-256 of the generator sources the variant was written with (.json: the viewer's
 *  study listing and the DICOM ingest skip it like truth.json) */
const SOURCE_STAMP = 'generator.json';

/** SHA-256 of every .ts source of the phantom and the DICOM writer, and of this file. */
export function sourceStamp(): string {
  const h = createHash('sha256');
  for (const dir of ['phantom', 'dicom']) {
    for (const f of readdirSync(join(here, dir)).filter((x) => x.endsWith('.ts')).sort()) h.update(f).update(readFileSync(join(here, dir, f)));
  }
  h.update(readFileSync(fileURLToPath(import.meta.url))).update(readFileSync(join(here, 'truth.ts')));
  return h.digest('hex');
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * The variant's folder under outRoot, (re)written when missing or written by other generator sources. One
 * writer at a time across processes (a lock directory); the others wait for it (test files run in parallel).
 */
export async function ensureVariant(key: VariantKey, outRoot: string, timeoutMs = 15 * 60_000): Promise<string> {
  const folder = join(outRoot, key);
  const stamp = sourceStamp();
  const fresh = async (): Promise<boolean> =>
    existsSync(join(folder, 'truth.json')) && (await readFile(join(folder, SOURCE_STAMP), 'utf8').catch(() => '')) === JSON.stringify({ sha256: stamp });
  const lock = join(outRoot, `.${key}.lock`);
  const t0 = Date.now();
  await mkdir(outRoot, { recursive: true });
  for (;;) {
    if (await fresh()) return folder;
    try {
      await mkdir(lock);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      if (Date.now() - t0 > timeoutMs) throw new Error(`${key}: another process holds ${lock} for more than ${timeoutMs / 1000} s (remove it if stale)`);
      await sleep(1000);
      continue;
    }
    try {
      if (!(await fresh())) await writeVariant(key, outRoot);
    } finally {
      await rmdir(lock);
    }
  }
}
