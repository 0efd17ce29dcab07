// Runs `coro info <file> --json` in-process (the CLI's own main()) for each path the fuzz runner posts.
import { parentPort } from 'node:worker_threads';
import { main } from '../../src/cli/main.ts';

parentPort!.on('message', (path: string) => {
  const out: string[] = [];
  const err: string[] = [];
  void main(['info', path, '--json', '--lang', 'fr'], { stdout: (t) => out.push(t), stderr: (t) => err.push(t) })
    .then((code) => parentPort!.postMessage({ code, stdout: out.join('\n'), stderr: err.join('\n') }))
    .catch((e: unknown) => parentPort!.postMessage({ code: -1, stdout: '', stderr: `uncaught: ${e instanceof Error ? e.stack : String(e)}` }));
});
