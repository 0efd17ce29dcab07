// PACS load bench: N simulated viewers (1, 10, 50) retrieving the same study at once by WADO-RS (QIDO
// listing + one multipart series request each, the app's client) from the test Orthanc on loopback
// (tests/helpers/orthanc.ts). Each row's runs are the viewers' times to the full study; `ratio` = one
// viewer alone / this median; throughput = all bytes / wall time. Any failed viewer fails the bench.
import { join } from 'node:path';
import { DicomWebClient } from '../../../src/pacs/client.ts';
import { planStudy } from '../../../src/pacs/study.ts';
import { ensureStudies, studiesRoot } from '../../helpers/studies.ts';
import { startOrthanc, uploadFolder } from '../../helpers/orthanc.ts';
import { against, sink, summarise, type BenchResult } from '../harness.ts';

const VIEWERS = (process.env.CORO_BENCH_PACS_VIEWERS ?? '10,50').split(',').map(Number);
const ALONE_RUNS = 3;

export default async function bench(ctx: { log?: (m: string) => void } = {}): Promise<BenchResult[]> {
  const log = ctx.log ?? (() => {});
  const study = ensureStudies().find((s) => s.id === 'cas3')!;
  const orthanc = await startOrthanc();
  const results: BenchResult[] = [];
  try {
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
    await viewer(); // warm-up: Orthanc's page cache and index
    const aloneTimes: number[] = [];
    let aloneBytes = 0;
    for (let i = 0; i < ALONE_RUNS; i++) {
      const v = await viewer();
      aloneTimes.push(v.ms);
      aloneBytes = v.bytes;
    }
    const alone = summarise(`pacs WADO-RS ${study.name}: 1 viewer alone → full study`, aloneTimes, 'node');
    const aloneMb = aloneBytes / 1e6;
    results.push({ ...alone, extra: { mb: aloneMb.toFixed(1), throughputMBs: (aloneMb / (alone.medianMs / 1000)).toFixed(0), failed: 0 } });
    for (const n of VIEWERS) {
      const t0 = performance.now();
      const settled = await Promise.allSettled(Array.from({ length: n }, viewer));
      const wallMs = performance.now() - t0;
      const ok = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
      const failed = settled.length - ok.length;
      if (failed) throw new Error(`${failed}/${n} viewers failed: ${String((settled.find((s) => s.status === 'rejected') as PromiseRejectedResult).reason)}`);
      const mb = ok.reduce((a, v) => a + v.bytes, 0) / 1e6;
      log(`[pacs bench] ${n} viewers: wall ${(wallMs / 1000).toFixed(1)} s, ${(mb / (wallMs / 1000)).toFixed(0)} MB/s`);
      results.push({
        ...against(summarise(`pacs WADO-RS ${study.name}: ${n} viewers at once → full study (each)`, ok.map((v) => v.ms), 'node'), alone),
        extra: { viewers: n, wallMs: Math.round(wallMs), throughputMBs: (mb / (wallMs / 1000)).toFixed(0), failed },
      });
    }
  } finally {
    await orthanc.dispose();
  }
  return results;
}
