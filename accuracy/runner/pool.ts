/** Runs series on N child processes (each a Node with tsx), one series at a time per child. */
import { fork, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SeriesResult } from './score.ts';

const WORKER = join(dirname(fileURLToPath(import.meta.url)), 'worker.ts');

type Reply = { ok: true; index: number; result: SeriesResult; generatedMs: number; cpuMs: number } | { ok: false; index: number; error: string };

export async function runPool(cacheRoot: string, seed: number, indices: readonly number[], jobs: number, onResult: (index: number, r: SeriesResult, generatedMs: number, cpuMs: number) => void): Promise<void> {
  const queue = [...indices];
  const children: ChildProcess[] = [];
  let failure: Error | null = null;
  const one = (): Promise<void> => new Promise((resolveChild, rejectChild) => {
    const child = fork(WORKER, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    children.push(child);
    const next = (): void => {
      const index = queue.shift();
      if (index === undefined || failure) { child.send('exit'); return; }
      child.send({ cacheRoot, seed, index });
    };
    child.on('message', (m: Reply | 'ready') => {
      if (m === 'ready') { next(); return; }
      if (!m.ok) { failure = new Error(`series ${m.index}: ${m.error}`); child.send('exit'); return; }
      onResult(m.index, m.result, m.generatedMs, m.cpuMs);
      next();
    });
    child.on('exit', (code) => (code === 0 ? resolveChild() : rejectChild(new Error(`accuracy worker exited with ${code}`))));
    child.on('error', rejectChild);
  });
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, indices.length)) }, one));
  if (failure) throw failure;
}
