// The course-scale configuration: Orthanc with its index in PostgreSQL (Debian postgresql +
// orthanc-postgresql), both started here on loopback and stopped afterwards. Cas 2 uploaded through the
// REST API, found by QIDO-RS, retrieved by WADO-RS byte-identical to the disk; the index rows are in
// PostgreSQL, and an Orthanc restarted on the same database (its storage folder kept) lists the study again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureStudies, studiesRoot, type StudyIndexEntry } from '../../helpers/studies.ts';
import { orthancMissing, startOrthanc, uploadFolder, type OrthancServer } from '../../helpers/orthanc.ts';
import { postgresIndexPluginPath, postgresMissing, startPostgres, type PostgresServer } from '../../helpers/postgres.ts';
import { DicomWebClient } from '../../../src/pacs/client.ts';
import { sopUidOf } from '../../../src/pacs/retrieval.ts';
import { planStudy } from '../../../src/pacs/study.ts';

describe('Orthanc with the PostgreSQL index', () => {
  let pg: PostgresServer;
  let orthanc: OrthancServer;
  let study: StudyIndexEntry;

  beforeAll(async () => {
    const missing = orthancMissing() ?? postgresMissing();
    if (missing) throw new Error(missing);
    study = ensureStudies().find((s) => s.id === 'cas2')!;
    pg = await startPostgres();
    orthanc = await startOrthanc({ postgres: { host: pg.host, port: pg.port, user: pg.user, database: pg.database, plugin: postgresIndexPluginPath()! } });
  });
  afterAll(async () => {
    await orthanc?.dispose();
    await pg?.dispose();
  });

  it('stores a study, keeps its index in PostgreSQL, and serves it back by DICOMweb', async () => {
    const sent = await uploadFolder(orthanc, join(studiesRoot, study.folder));
    expect(sent).toBe(study.imageCount);
    // Orthanc's resource types: 0 patient, 1 study, 2 series, 3 instance
    const rows = pg.sql('SELECT resourcetype, count(*) FROM resources GROUP BY resourcetype ORDER BY resourcetype');
    expect(rows.split('\n')).toEqual(['0|1', '1|1', '2|1', `3|${study.imageCount}`]);

    await orthanc.stop();
    await orthanc.start();
    const client = new DicomWebClient({ baseUrl: orthanc.dicomWebUrl, auth: { kind: 'basic', user: orthanc.user, password: orthanc.password }, fetch });
    const found = await client.searchStudies({ patient: 'CORO-02' });
    expect(found.map((s) => [s.patientId, s.instanceCount])).toEqual([['CORO-02', study.imageCount]]);
    const r = await planStudy(client, found[0]!.studyUid);
    await r.run({});
    const disk = new Map<string, Buffer>();
    const walk = (d: string): void => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        const p = join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name !== 'DICOMDIR' && !e.name.endsWith('.json')) {
          const b = readFileSync(p);
          const uid = sopUidOf(new Uint8Array(b));
          if (uid) disk.set(uid, b);
        }
      }
    };
    walk(join(studiesRoot, study.folder));
    const got = r.files();
    expect(got.length).toBe(study.imageCount);
    for (const f of got) expect(Buffer.compare(Buffer.from(f.bytes), disk.get(sopUidOf(f.bytes)!)!)).toBe(0);
  });
});
