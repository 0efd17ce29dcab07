// PACS load bench: N simulated viewers (1, 10, 50) retrieving the same study at once by WADO-RS (QIDO
// listing + one multipart series request each, the app's client) from the test Orthanc on loopback
// (tests/helpers/orthanc.ts), in both index configurations: Orthanc's default SQLite index, and the course
// configuration of docs/DEPLOY.md, its index in PostgreSQL (tests/helpers/postgres.ts starts a throw-away
// cluster). Each row's runs are the viewers' times to the full study; `ratio` = one viewer alone / this
// median; throughput = all bytes / wall time; each row carries the 1-minute load average before and after.
// Any failed viewer fails the bench. CORO_BENCH_PACS_VIEWERS (default 10,50) and CORO_BENCH_PACS_INDEX
// (default sqlite,postgresql) narrow it.
import { join } from 'node:path';
import { cpus, loadavg } from 'node:os';
import { DicomWebClient } from '../../../src/pacs/client.ts';
import { planStudy } from '../../../src/pacs/study.ts';
import { ensureStudies, studiesRoot, type StudyIndexEntry } from '../../helpers/studies.ts';
import { startOrthanc, uploadFolder, type OrthancServer } from '../../helpers/orthanc.ts';
import { postgresIndexPluginPath, startPostgres, type PostgresServer } from '../../helpers/postgres.ts';
import { against, sink, summarise, type BenchResult } from '../harness.ts';

const VIEWERS = (process.env.CORO_BENCH_PACS_VIEWERS ?? '10,50').split(',').map(Number);
const INDEXES = (process.env.CORO_BENCH_PACS_INDEX ?? 'sqlite,postgresql').split(',') as Index[];
const ALONE_RUNS = 3;
type Index = 'sqlite' | 'postgresql';
const load1 = () => loadavg()[0]!.toFixed(2);

export default async function bench(ctx: { log?: (m: string) => void } = {}): Promise<BenchResult[]> {
  const log = ctx.log ?? (() => {});
  const study = ensureStudies().find((s) => s.id === 'cas3')!;
  const results: BenchResult[] = [];
  for (const index of INDEXES) {
    let pg: PostgresServer | undefined;
    let orthanc: OrthancServer | undefined;
    try {
      if (index === 'postgresql') {
        pg = await startPostgres();
        orthanc = await startOrthanc({ postgres: { host: pg.host, port: pg.port, user: pg.user, database: pg.database, plugin: postgresIndexPluginPath()! } });
      } else orthanc = await startOrthanc();
      results.push(...(await loadRows(orthanc, study, index, log)));
    } finally {
      await orthanc?.dispose();
      await pg?.dispose();
    }
  }
  return results;
}

async function loadRows(orthanc: OrthancServer, study: StudyIndexEntry, index: Index, log: (m: string) => void): Promise<BenchResult[]> {
  await uploadFolder(orthanc, join(studiesRoot, study.folder));
  const client = new DicomWebClient({ baseUrl: orthanc.dicomWebUrl, auth: { kind: 'basic', user: orthanc.user, password: orthanc.password }, fetch: (u, i) => fetch(u, i) });
  const studyUid = (await client.searchStudies())[0]!.studyUid;
  /** One viewer: list, retrieve the whole series; ms and bytes. */
  const viewer = async (): Promise<{ ms: number; bytes: number }> => {
    const t0 = performance.now();
    const r = await planStudy(client, studyUid);
    let bytes = 0;
    await r.run({ onProgress: (p) => (bytes = p.bytes) });
    if (r.files().length !== study.imageCount) throw new Error(`a viewer got ${r.files().length}/${study.imageCount} instances`);
    sink(bytes);
    return { ms: performance.now() - t0, bytes };
  };
  const label = `pacs WADO-RS ${study.name} (${index} index)`;
  const results: BenchResult[] = [];
  await viewer(); // warm-up: Orthanc's page cache and index
  const aloneTimes: number[] = [];
  let aloneBytes = 0;
  const aloneLoad = load1();
  for (let i = 0; i < ALONE_RUNS; i++) {
    const v = await viewer();
    aloneTimes.push(v.ms);
    aloneBytes = v.bytes;
  }
  const alone = summarise(`${label}: 1 viewer alone → full study`, aloneTimes, 'node');
  const aloneMb = aloneBytes / 1e6;
  results.push({ ...alone, extra: { mb: aloneMb.toFixed(1), throughputMBs: (aloneMb / (alone.medianMs / 1000)).toFixed(0), failed: 0, load1: `${aloneLoad}→${load1()}`, cores: cpus().length } });
  for (const n of VIEWERS) {
    const before = load1();
    const t0 = performance.now();
    const settled = await Promise.allSettled(Array.from({ length: n }, viewer));
    const wallMs = performance.now() - t0;
    const ok = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const failed = settled.length - ok.length;
    if (failed) throw new Error(`${index}: ${failed}/${n} viewers failed: ${String((settled.find((s) => s.status === 'rejected') as PromiseRejectedResult).reason)}`);
    const mb = ok.reduce((a, v) => a + v.bytes, 0) / 1e6;
    log(`[pacs bench] ${index} index, ${n} viewers: wall ${(wallMs / 1000).toFixed(1)} s, ${(mb / (wallMs / 1000)).toFixed(0)} MB/s`);
    results.push({
      ...against(summarise(`${label}: ${n} viewers at once → full study (each)`, ok.map((v) => v.ms), 'node'), alone),
      extra: { viewers: n, wallMs: Math.round(wallMs), throughputMBs: (mb / (wallMs / 1000)).toFixed(0), failed, load1: `${before}→${load1()}` },
    });
  }
  return results;
}
