/**
 * CLI fuzz run: every mutant written to a temporary folder and given to `coro info <file> --json` (the CLI's
 * main(), in a worker thread so that a hang is caught by a per-file deadline and the worker replaced).
 * Outcome per file: ok (listed as an image series or a named non-image), refused (exit 2 with one line, or
 * listed under "skipped" with a reason), crash (internal error, any other exit code), hang (deadline), uncaught
 * (the worker died of an exception).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Mutant } from './mutate.ts';

export type Outcome = 'ok' | 'refused' | 'crash' | 'hang' | 'uncaught';

export interface FileResult { readonly name: string; readonly mutation: string; readonly outcome: Outcome; readonly reason: string }

export interface FuzzFigures { files: number; ok: number; refused: number; crashes: number; hangs: number; uncaught: number }

export function figures(results: readonly FileResult[]): FuzzFigures {
  const n = (o: Outcome) => results.filter((r) => r.outcome === o).length;
  return { files: results.length, ok: n('ok'), refused: n('refused'), crashes: n('crash'), hangs: n('hang'), uncaught: n('uncaught') };
}

interface Reply { code: number; stdout: string; stderr: string }

function classify(name: string, r: Reply): { outcome: Outcome; reason: string } {
  if (r.code === -1) return { outcome: 'uncaught', reason: r.stderr };
  if (r.code === 2) {
    const oneLine = r.stderr.trim().split('\n').length === 1 && !/\n\s+at /.test(r.stderr);
    return oneLine ? { outcome: 'refused', reason: r.stderr.trim() } : { outcome: 'crash', reason: `exit 2 but not one line: ${r.stderr}` };
  }
  if (r.code !== 0 || /internal error/.test(r.stderr)) return { outcome: 'crash', reason: `exit ${r.code}: ${r.stderr}` };
  const info = JSON.parse(r.stdout) as { studies: { series: unknown[] }[]; skipped: { file: string; reason: string }[] };
  const skipped = info.skipped.find((s) => s.file.endsWith(name));
  if (skipped) {
    if (!skipped.reason.trim()) return { outcome: 'crash', reason: 'skipped without a reason' };
    return { outcome: skipped.reason.startsWith('non-image') ? 'ok' : 'refused', reason: skipped.reason };
  }
  return info.studies.some((s) => s.series.length > 0) ? { outcome: 'ok', reason: '' } : { outcome: 'crash', reason: 'neither listed nor skipped' };
}

class InfoWorker {
  private w = this.spawn();
  private spawn(): Worker {
    return new Worker(new URL('./cli-worker-boot.mjs', import.meta.url));
  }
  run(path: string, deadlineMs: number): Promise<Reply | 'hang'> {
    return new Promise((resolve) => {
      const done = (v: Reply | 'hang') => {
        clearTimeout(timer);
        this.w.removeAllListeners('message').removeAllListeners('error');
        resolve(v);
      };
      const timer = setTimeout(() => {
        void this.w.terminate();
        this.w = this.spawn();
        done('hang');
      }, deadlineMs);
      this.w.once('message', (m: Reply) => done(m));
      this.w.once('error', (e: Error) => {
        this.w = this.spawn();
        done({ code: -1, stdout: '', stderr: `worker error: ${e.message}` });
      });
      this.w.postMessage(path);
    });
  }
  close(): Promise<number> { return this.w.terminate(); }
}

export async function fuzzCli(list: Iterable<Mutant>, opts: { deadlineMs?: number; onResult?: (r: FileResult, i: number) => void } = {}): Promise<FileResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'coro-fuzz-'));
  const worker = new InfoWorker();
  const results: FileResult[] = [];
  try {
    for (const m of list) {
      const path = join(dir, m.name);
      writeFileSync(path, m.bytes);
      const reply = await worker.run(path, opts.deadlineMs ?? 10_000);
      const c = reply === 'hang' ? { outcome: 'hang' as const, reason: `no answer in ${opts.deadlineMs ?? 10_000} ms` } : classify(m.name, reply);
      const r = { name: m.name, mutation: m.mutation, ...c };
      results.push(r);
      opts.onResult?.(r, results.length);
      rmSync(path, { force: true });
    }
  } finally {
    await worker.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}
