// The Vite dev-server options shared by the e2e run and the browser benches. A git worktree may link
// node_modules and wasm/build from another checkout: they are allowed like the root. The file watcher (these
// servers never reload, but Vite drops a `watch: null` given inline) follows no link: walking a linked output
// folder met a link loop there and stopped a whole e2e file with ELOOP.
import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import type { ServerOptions } from 'vite';

export function testServerOptions(root: string, port: number): ServerOptions {
  return {
    host: '127.0.0.1', port, strictPort: false, hmr: false, watch: { followSymlinks: false },
    fs: { allow: [root, ...['node_modules', 'wasm/build'].map((d) => realpathSync(join(root, d)))] },
  };
}

/**
 * The test servers' pre-bundled dependencies, per checkout: node_modules/.vite (Vite's default) is shared by
 * every worktree linking node_modules, and a server of another checkout re-bundling there left this one's
 * page importing outdated bundles (it never became ready).
 */
export function testCacheDir(root: string): string {
  return join(root, '.vite', 'test-server');
}
