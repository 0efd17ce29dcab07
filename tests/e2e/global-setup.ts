// Starts the Vite dev server once for the e2e run (the /studies/ plugin included), exposes its URL as
// inject('baseUrl'), stops it at teardown. Tests that need the training studies call ensureStudies().
import type { TestProject } from 'vitest/node';
import { createServer, type ViteDevServer } from 'vite';
import { join } from 'node:path';
import { repoRoot } from '../helpers/studies.ts';
import { testCacheDir, testServerOptions } from '../helpers/test-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

let server: ViteDevServer | undefined;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  server = await createServer({
    configFile: join(repoRoot, 'vite.config.ts'),
    root: repoRoot,
    logLevel: 'warn',
    cacheDir: testCacheDir(repoRoot), server: testServerOptions(repoRoot, 5190),
  });
  await server.listen();
  const url = server.resolvedUrls?.local[0] ?? `http://127.0.0.1:${server.config.server.port}/`;
  project.provide('baseUrl', url.replace(/\/$/, ''));
  return async () => {
    await server?.close();
    server = undefined;
  };
}
