// A throw-away PostgreSQL (Debian `postgresql`) for the course-scale Orthanc configuration: a fresh cluster
// in a temp folder (initdb, trust authentication on loopback only), a free port, its socket in that folder,
// stopped and deleted afterwards. PostgreSQL refuses to run as root: under root the cluster belongs to the
// `postgres` system user and its programs run as that user. The Debian system service is never used.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './orthanc.ts';

export interface PostgresServer {
  readonly host: '127.0.0.1';
  readonly port: number;
  readonly user: string;
  readonly database: string;
  /** Runs one SQL statement with psql; returns its unaligned output. */
  sql(statement: string): string;
  dispose(): Promise<void>;
}

/** The newest installed server's bin folder (/usr/lib/postgresql/<major>/bin), or undefined. */
export function postgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const majors = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'postgres'))).sort((a, b) => Number(b) - Number(a));
  return majors[0] ? join(root, majors[0], 'bin') : undefined;
}

/** The plugin of Debian `orthanc-postgresql` that keeps Orthanc's index in PostgreSQL, or undefined. */
export function postgresIndexPluginPath(): string | undefined {
  const r = spawnSync('dpkg', ['-L', 'orthanc-postgresql'], { encoding: 'utf8' });
  if (r.status !== 0) return undefined;
  return r.stdout.split('\n').map((l) => l.trim()).find((l) => /libOrthancPostgreSQLIndex\.so(\.[\d.]+)?$/.test(l) && existsSync(l));
}

/** Why the PostgreSQL configuration cannot run here, or undefined when it can. */
export function postgresMissing(): string | undefined {
  if (!postgresBin()) return 'PostgreSQL missing: apt-get install -y postgresql orthanc-postgresql (npm test does it)';
  if (!postgresIndexPluginPath()) return 'the Orthanc PostgreSQL plugin is missing: apt-get install -y orthanc-postgresql (npm test does it)';
  return undefined;
}

/** uid/gid to run PostgreSQL under: the `postgres` user when we are root, else ourselves. */
function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
  const uid = id('-u');
  const gid = id('-g');
  if (!Number.isInteger(uid) || uid <= 0) throw new Error('running as root and no `postgres` user to run PostgreSQL as');
  return { uid, gid };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startPostgres(): Promise<PostgresServer> {
  const missing = postgresMissing();
  if (missing) throw new Error(missing);
  const bin = postgresBin()!;
  const as = runAs();
  const dir = mkdtempSync(join(tmpdir(), 'coro-pg-'));
  if (as) chownSync(dir, as.uid, as.gid);
  const data = join(dir, 'data');
  const user = 'orthanc';
  const database = 'orthanc';
  const port = await freePort();
  const opts = { encoding: 'utf8' as const, ...(as ?? {}), env: { ...process.env, LC_ALL: 'C.UTF-8' } };
  const init = spawnSync(join(bin, 'initdb'), ['-D', data, '-U', user, '-A', 'trust', '-E', 'UTF8', '--no-instructions'], opts);
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.stdout}`);
  const child: ChildProcess = spawn(join(bin, 'postgres'), ['-D', data, '-k', dir, '-h', '127.0.0.1', '-p', String(port), '-c', 'fsync=off'], {
    ...(as ?? {}), stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr!.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
  const reap = () => child.kill('SIGKILL');
  process.once('exit', reap);
  const psql = (args: string[]) => spawnSync(join(bin, 'psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', user, '-v', 'ON_ERROR_STOP=1', '-tA', ...args], opts);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`postgres exited (${child.exitCode}): ${log}`);
    if (spawnSync(join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port)], opts).status === 0) break;
    if (Date.now() > deadline) throw new Error(`postgres did not answer on port ${port} within 60 s: ${log}`);
    await sleep(200);
  }
  const created = psql(['-d', 'postgres', '-c', `CREATE DATABASE ${database}`]);
  if (created.status !== 0) throw new Error(`CREATE DATABASE failed: ${created.stderr}`);
  return {
    host: '127.0.0.1', port, user, database,
    sql(statement) {
      const r = psql(['-d', database, '-c', statement]);
      if (r.status !== 0) throw new Error(`psql: ${r.stderr}`);
      return r.stdout.trim();
    },
    async dispose() {
      if (child.exitCode === null) {
        const exited = new Promise<void>((r) => child.once('exit', () => r()));
        child.kill('SIGINT'); // fast shutdown
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }
      process.off('exit', reap);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
