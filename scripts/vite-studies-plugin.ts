// Serves the generated training studies (sample-data/out/) under /studies/ in dev and preview.
// Read-only, local files only: nothing leaves the machine.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { join, normalize, sep } from 'node:path';
import type { Connect, Plugin } from 'vite';

const root = join(process.cwd(), 'sample-data', 'out');

function middleware(): Connect.NextHandleFunction {
  return (req, res, next) => {
    const url = req.url ?? '';
    if (!url.startsWith('/studies/')) return next();
    const rel = decodeURIComponent(url.slice('/studies/'.length).split('?')[0] ?? '');
    const file = normalize(join(root, rel));
    if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.statusCode = 404;
      res.end('not found');
      return;
    }
    res.setHeader('Content-Length', String(statSync(file).size));
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    res.setHeader('Content-Type', file.endsWith('.json') ? 'application/json' : 'application/octet-stream');
    createReadStream(file).pipe(res);
  };
}

export function studiesPlugin(): Plugin {
  return {
    name: 'coro-studies',
    configureServer(server) { server.middlewares.use(middleware()); },
    configurePreviewServer(server) { server.middlewares.use(middleware()); },
  };
}
