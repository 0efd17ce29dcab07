// A real Orthanc (Debian `orthanc` + `orthanc-dicomweb`) for tests and benches: run on loopback from the
// config kept in tests/pacs/orthanc.json (a free port, a fresh temp storage folder, basic auth on, the
// DICOMweb plugin on), stopped afterwards. With `postgres`, the index goes to PostgreSQL
// (tests/pacs/orthanc-postgresql.json, Debian orthanc-postgresql; tests/helpers/postgres.ts starts one).
// The Debian system service is never used: the binary runs here. HttpRequestTimeout is 300 s there, not
// Orthanc's 30 s (a socket send timeout): the e2e proxy holds an answer on purpose while the page is checked,
// and on a loaded machine that took over 30 s, so Orthanc dropped the answer.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dcmjs from 'dcmjs';
import { repoRoot } from './studies.ts';

export const ORTHANC_BIN = '/usr/sbin/Orthanc';

export interface OrthancServer {
  /** http://127.0.0.1:port (REST API root). */
  readonly url: string;
  /** The DICOMweb root, without the trailing slash. */
  readonly dicomWebUrl: string;
  readonly user: string;
  readonly password: string;
  /** The `Authorization` header value for the test user. */
  readonly authorization: string;
  readonly storageDir: string;
  running(): boolean;
  /** Stops the server (SIGKILL when `hard`: a crash mid-transfer); the storage is kept. */
  stop(opts?: { hard?: boolean }): Promise<void>;
  /** Starts it again on the same port and storage. */
  start(): Promise<void>;
  /** Stops it and deletes its storage folder. */
  dispose(): Promise<void>;
}

/** The DICOMweb plugin's shared library, from the Debian package's file list. */
export function dicomWebPluginPath(): string | undefined {
  const r = spawnSync('dpkg', ['-L', 'orthanc-dicomweb'], { encoding: 'utf8' });
  if (r.status !== 0) return undefined;
  return r.stdout.split('\n').map((l) => l.trim()).find((l) => /libOrthancDicomWeb\.so(\.[\d.]+)?$/.test(l) && existsSync(l));
}

/** Why Orthanc cannot run here, or undefined when it can. */
export function orthancMissing(): string | undefined {
  if (!existsSync(ORTHANC_BIN)) return `${ORTHANC_BIN} missing: apt-get install -y orthanc orthanc-dicomweb (npm test does it)`;
  if (!dicomWebPluginPath()) return 'the DICOMweb plugin is missing: apt-get install -y orthanc-dicomweb (npm test does it)';
  return undefined;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (a && typeof a === 'object' ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Where Orthanc keeps its index instead of its own SQLite file (the course-scale configuration). */
export interface OrthancIndexDatabase {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly database: string;
  /** libOrthancPostgreSQLIndex.so of Debian orthanc-postgresql. */
  readonly plugin: string;
}

export async function startOrthanc(opts: { user?: string; password?: string; postgres?: OrthancIndexDatabase } = {}): Promise<OrthancServer> {
  const missing = orthancMissing();
  if (missing) throw new Error(missing);
  const storageDir = mkdtempSync(join(tmpdir(), 'coro-orthanc-'));
  const port = await freePort();
  const user = opts.user ?? 'enseignant';
  const password = opts.password ?? randomBytes(12).toString('base64url');
  const config = JSON.parse(readFileSync(join(repoRoot, 'tests', 'pacs', 'orthanc.json'), 'utf8')) as Record<string, unknown>;
  Object.assign(config, {
    StorageDirectory: join(storageDir, 'db'),
    IndexDirectory: join(storageDir, 'db'),
    HttpPort: port,
    DicomPort: await freePort(),
    RegisteredUsers: { [user]: password },
    Plugins: [dicomWebPluginPath(), ...(opts.postgres ? [opts.postgres.plugin] : [])],
  });
  if (opts.postgres) {
    // the index (patients, studies, series, instances) in PostgreSQL; the DICOM files stay in StorageDirectory
    const pg = opts.postgres;
    const extra = JSON.parse(readFileSync(join(repoRoot, 'tests', 'pacs', 'orthanc-postgresql.json'), 'utf8')) as { PostgreSQL: Record<string, unknown> };
    config.PostgreSQL = { ...extra.PostgreSQL, Host: pg.host, Port: pg.port, Database: pg.database, Username: pg.user };
  }
  const configPath = join(storageDir, 'orthanc.json');
  writeFileSync(configPath, JSON.stringify(config, null, 2));
  const url = `http://127.0.0.1:${port}`;
  const authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  let child: ChildProcess | undefined;

  const start = async (): Promise<void> => {
    const log = createWriteStream(join(storageDir, 'orthanc.log'), { flags: 'a' });
    const c = spawn(ORTHANC_BIN, [configPath], { stdio: ['ignore', 'pipe', 'pipe'] });
    c.stdout!.pipe(log);
    c.stderr!.pipe(log);
    child = c;
    // a test process that dies leaves no Orthanc behind
    const reap = () => c.kill('SIGKILL');
    process.once('exit', reap);
    c.once('exit', () => process.off('exit', reap));
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (c.exitCode !== null) throw new Error(`Orthanc exited (${c.exitCode}) at start: see ${join(storageDir, 'orthanc.log')}`);
      try {
        const r = await fetch(`${url}/dicom-web/studies?limit=1`, { headers: { authorization } });
        if (r.ok) return;
      } catch {
        /* not listening yet */
      }
      if (Date.now() > deadline) throw new Error(`Orthanc did not answer on ${url} within 60 s`);
      await sleep(150);
    }
  };
  const stop = async (o: { hard?: boolean } = {}): Promise<void> => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null) return;
    const exited = new Promise<void>((r) => c.once('exit', () => r()));
    c.kill(o.hard ? 'SIGKILL' : 'SIGTERM');
    const timer = setTimeout(() => c.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };
  await start();
  return {
    url, dicomWebUrl: `${url}/dicom-web`, user, password, authorization, storageDir,
    running: () => !!child && child.exitCode === null,
    stop, start,
    async dispose() {
      await stop();
      rmSync(storageDir, { recursive: true, force: true });
    },
  };
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...listFiles(p));
    else if (!/\.(json|txt|md)$/i.test(e.name) && e.name !== 'DICOMDIR' && statSync(p).size > 132) out.push(p);
  }
  return out.sort();
}

/** Uploads every DICOM file of a folder through Orthanc's REST API (POST /instances). Returns the count. */
export async function uploadFolder(server: OrthancServer, folder: string, concurrency = 4): Promise<number> {
  const files = listFiles(folder);
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const f = files[next++]!;
      const r = await fetch(`${server.url}/instances`, { method: 'POST', headers: { authorization: server.authorization, 'content-type': 'application/dicom' }, body: readFileSync(f) });
      if (!r.ok) throw new Error(`Orthanc refused ${f}: HTTP ${r.status} ${await r.text()}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return files.length;
}

/** A fresh 2.25 UID (UUID-derived, as DICOM PS3.5 B.2 allows). */
function newUid(): string {
  return `2.25.${BigInt(`0x${randomBytes(16).toString('hex')}`).toString()}`;
}

/**
 * Copies of Part 10 files as one new series of the same study (new series and SOP instance UIDs, the given
 * description and number): a study with a second image series, for the series choice.
 */
export function asNewSeries(files: readonly Uint8Array[], description: string, seriesNumber: number): Uint8Array[] {
  const seriesUid = newUid();
  return files.map((bytes) => {
    const message = dcmjs.data.DicomMessage.readFile(bytes.slice().buffer as ArrayBuffer) as unknown as {
      meta: Record<string, { Value?: unknown[] }>; dict: Record<string, { vr?: string; Value?: unknown[] }>; write(): ArrayBuffer;
    };
    const sop = newUid();
    message.dict['0020000E'] = { vr: 'UI', Value: [seriesUid] };
    message.dict['00080018'] = { vr: 'UI', Value: [sop] };
    message.meta['00020003'] = { ...message.meta['00020003'], Value: [sop] };
    message.dict['0008103E'] = { vr: 'LO', Value: [description] };
    message.dict['00200011'] = { vr: 'IS', Value: [seriesNumber] };
    return new Uint8Array(message.write());
  });
}

/** The instances as a new study of another patient (new study, series and SOP UIDs; name and ID replaced). */
export function asOtherPatient(files: readonly Uint8Array[], patientName: string, patientId: string): Uint8Array[] {
  const studyUid = newUid();
  const seriesUid = newUid();
  return files.map((bytes) => {
    const message = dcmjs.data.DicomMessage.readFile(bytes.slice().buffer as ArrayBuffer) as unknown as {
      meta: Record<string, { Value?: unknown[] }>; dict: Record<string, { vr?: string; Value?: unknown[] }>; write(): ArrayBuffer;
    };
    const sop = newUid();
    message.dict['0020000D'] = { vr: 'UI', Value: [studyUid] };
    message.dict['0020000E'] = { vr: 'UI', Value: [seriesUid] };
    message.dict['00080018'] = { vr: 'UI', Value: [sop] };
    message.meta['00020003'] = { ...message.meta['00020003'], Value: [sop] };
    message.dict['00100010'] = { vr: 'PN', Value: [{ Alphabetic: patientName }] };
    message.dict['00100020'] = { vr: 'LO', Value: [patientId] };
    return new Uint8Array(message.write());
  });
}

/** Uploads Part 10 instances held in memory (POST /instances). */
export async function uploadInstances(server: OrthancServer, instances: readonly Uint8Array[]): Promise<void> {
  for (const body of instances) {
    const r = await fetch(`${server.url}/instances`, { method: 'POST', headers: { authorization: server.authorization, 'content-type': 'application/dicom' }, body: body as Uint8Array<ArrayBuffer> });
    if (!r.ok) throw new Error(`Orthanc refused an instance: HTTP ${r.status} ${await r.text()}`);
  }
}
