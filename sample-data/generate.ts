// `npm run sample-data`: renders the three training studies on a pool of worker threads and writes
// sample-data/out/{cas1,cas2,cas3}/ (DICOMDIR + DICOM/… + truth.json), cas1-3.zip, then index.json last
// (its presence means "done"). Options: --only cas2[,cas3]  --out <dir>  --workers <n>  --fake
// `--variant cas3b [--out <dir>]` writes only that on-demand variant (<dir>/cas3b/, cas3b.zip; see variant.ts):
// the training studies and index.json are left as they are.
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import type { CaseWorkerData, WorkerEvent } from './dicom/case-worker';
import type { StudyIndexEntry } from './dicom/study-output';
import type { StudyKey } from './dicom/study-plan';
import { isVariantKey, VARIANT_KEYS, writeVariant } from './variant';

const here = dirname(fileURLToPath(import.meta.url));
const ALL: readonly StudyKey[] = ['cas1', 'cas2', 'cas3'];
/** Slowest first (HTJ2K, then JPEG-LS encoding) so the pool finishes together. */
const ORDER: readonly StudyKey[] = ['cas3', 'cas2', 'cas1'];

function parseCli(): { keys: StudyKey[]; outRoot: string; workers: number; fake: boolean; variant?: string } {
  const { values } = parseArgs({
    options: {
      only: { type: 'string' }, out: { type: 'string' }, workers: { type: 'string' }, fake: { type: 'boolean', default: false },
      variant: { type: 'string' },
    },
  });
  if (values.variant !== undefined) {
    if (!isVariantKey(values.variant)) throw new Error(`--variant: unknown variant "${values.variant}" (expected ${VARIANT_KEYS.join(', ')})`);
    if (values.only || values.fake || values.workers) throw new Error('--variant cannot be combined with --only, --fake or --workers');
  }
  const keys = values.only ? values.only.split(',').map((s) => s.trim()) : [...ALL];
  for (const k of keys) if (!ALL.includes(k as StudyKey)) throw new Error(`--only: unknown study "${k}" (expected ${ALL.join(', ')})`);
  const workers = values.workers ? Number(values.workers) : Math.min(2, availableParallelism());
  if (!Number.isInteger(workers) || workers < 1) throw new Error(`--workers must be a positive integer, got "${values.workers}"`);
  return { keys: ORDER.filter((k) => keys.includes(k)), outRoot: resolve(values.out ?? join(here, 'out')), workers, fake: values.fake ?? false, variant: values.variant };
}

/** `--variant`: one on-demand variant, rendered and written in this thread. */
async function mainVariant(key: string, outRoot: string): Promise<void> {
  if (!isVariantKey(key)) throw new Error(`unknown variant ${key}`);
  const t0 = performance.now();
  const last = new Map<string, number>();
  process.stderr.write(`Génération de la variante ${key} dans ${outRoot}\n`);
  await mkdir(outRoot, { recursive: true });
  const r = await writeVariant(key, outRoot, (stage, done, total) => {
    const pct = Math.floor((done / total) * 10);
    if (last.get(stage) === pct) return;
    last.set(stage, pct);
    process.stderr.write(`${key} : ${stage === 'rendu' ? `rendu ${done} %` : `encodage ${done}/${total}`}\n`);
  });
  process.stderr.write(
    `${key} : terminé — ${r.imageCount} images → ${r.folder} (+ ${r.zip})${r.clampedVoxels ? `, ${r.clampedVoxels} voxels écrêtés` : ''}` +
      ` en ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
  );
}

const names: Record<StudyKey, string> = { cas1: 'Cas 1', cas2: 'Cas 2', cas3: 'Cas 3' };

/** Prints a line per case every 10 % of each stage. */
function progressPrinter(): (e: Extract<WorkerEvent, { type: 'progress' }>) => void {
  const last = new Map<string, number>();
  return (e) => {
    const pct = Math.floor((e.done / e.total) * 10);
    const id = `${e.key}/${e.stage}`;
    if (last.get(id) === pct) return;
    last.set(id, pct);
    const what = e.stage === 'rendu' ? `rendu ${e.done} %` : `encodage ${e.done}/${e.total}`;
    process.stderr.write(`${names[e.key]} : ${what}\n`);
  };
}

/** Entries of an existing index.json for studies this run does not regenerate (--only), if still on disk. */
async function keptEntries(indexPath: string, outRoot: string, keys: readonly StudyKey[]): Promise<Map<StudyKey, StudyIndexEntry>> {
  const kept = new Map<StudyKey, StudyIndexEntry>();
  if (!existsSync(indexPath)) return kept;
  const previous = JSON.parse(await readFile(indexPath, 'utf8')) as { studies?: StudyIndexEntry[] };
  for (const e of previous.studies ?? []) {
    const key = e.id as StudyKey;
    if (ALL.includes(key) && !keys.includes(key) && existsSync(join(outRoot, e.folder, 'DICOMDIR')) && existsSync(join(outRoot, e.zip))) {
      kept.set(key, e);
    }
  }
  return kept;
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const { keys, outRoot, workers, fake, variant } = parseCli();
  if (variant !== undefined) return mainVariant(variant, outRoot);
  const indexPath = join(outRoot, 'index.json');
  const done = await keptEntries(indexPath, outRoot, keys);
  await rm(indexPath, { force: true });
  await mkdir(outRoot, { recursive: true });
  const workerData: CaseWorkerData = { outRoot, fake };
  const pool = Array.from({ length: Math.min(workers, keys.length) }, () => new Worker(new URL('./dicom/case-worker-boot.mjs', import.meta.url), { workerData }));
  const queue = [...keys];
  const print = progressPrinter();
  process.stderr.write(`Génération de ${keys.map((k) => names[k]).join(', ')} dans ${outRoot} (${pool.length} workers${fake ? ', volumes factices' : ''})\n`);
  try {
    await Promise.all(
      pool.map(
        (worker) =>
          new Promise<void>((resolveSlot, reject) => {
            const next = (): void => {
              const key = queue.shift();
              if (!key) return resolveSlot();
              worker.postMessage({ type: 'run', key });
            };
            worker.on('message', (e: WorkerEvent) => {
              if (e.type === 'progress') return print(e);
              if (e.type === 'error') return reject(new Error(`${names[e.key]} : ${e.message}`));
              const r = e.report;
              done.set(e.key, r.entry);
              const mb = (n: number): string => (n / 1e6).toFixed(1);
              process.stderr.write(
                `${names[e.key]} : terminé — ${r.entry.imageCount} images, dossier ${mb(r.folderBytes)} Mo, zip ${mb(r.zipBytes)} Mo` +
                  ` (rendu ${(e.renderMs / 1000).toFixed(1)} s, écriture ${(e.writeMs / 1000).toFixed(1)} s)` +
                  (r.clampedVoxels ? `, ${r.clampedVoxels} voxels écrêtés` : '') +
                  '\n',
              );
              next();
            });
            worker.on('error', reject);
            worker.on('exit', (code) => {
              if (code !== 0) reject(new Error(`worker stopped with exit code ${code}`));
            });
            next();
          }),
      ),
    );
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  const studies = ALL.filter((k) => done.has(k)).map((k) => done.get(k)!);
  await writeFile(indexPath, JSON.stringify({ studies }, null, 2) + '\n');
  process.stderr.write(`Terminé en ${((performance.now() - t0) / 1000).toFixed(1)} s → ${indexPath}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`sample-data: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
