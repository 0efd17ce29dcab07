// Serves the generated training studies (sample-data/out/) under /studies/ in dev and preview.
// Read-only, local files only: nothing leaves the machine (the route: scripts/studies-route.ts).
import { join } from 'node:path';
import type { Connect, Plugin } from 'vite';
import { serveStudies } from './studies-route.ts';

const root = join(process.cwd(), 'sample-data', 'out');

function middleware(): Connect.NextHandleFunction {
  return (req, res, next) => {
    if (!serveStudies(root, req, res)) next();
  };
}

export function studiesPlugin(): Plugin {
  return {
    name: 'coro-studies',
    configureServer(server) { server.middlewares.use(middleware()); },
    configurePreviewServer(server) { server.middlewares.use(middleware()); },
  };
}
