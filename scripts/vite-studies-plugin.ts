// Serves the generated training studies (sample-data/out/) under /studies/ in dev and preview.
// Read-only, local files only: nothing leaves the machine.
// GET /studies/<folder>/__files.json lists the files of a study folder (relative paths, .json excluded).
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { join, normalize, relative, sep } from 'node:path';
import type { Connect, Plugin } from 'vite';

const root = join(process.cwd(), 'sample-data', 'out');
const LISTING = '__files.json';

function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && !e.name.endsWith('.json')) out.push(relative(dir, p).split(sep).join('/'));
    }
  };
  walk(dir);
  return out;
}

function middleware(): Connect.NextHandleFunction {
  return (req, res, next) => {
    const url = req.url ?? '';
    if (!url.startsWith('/studies/')) return next();
    const rel = decodeURIComponent(url.slice('/studies/'.length).split('?')[0] ?? '');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    if (rel.endsWith('/' + LISTING)) {
      const dir = normalize(join(root, rel.slice(0, -LISTING.length - 1)));
      if (!dir.startsWith(root + sep) || !existsSync(dir) || !statSync(dir).isDirectory()) {
        res.statusCode = 404;
        res.end('not found');
        return;
      }
      res.setHeader('Content-Type', 'application/json');
      res.setHeader('Cache-Control', 'no-store');
      res.end(JSON.stringify({ files: listFiles(dir) }));
      return;
    }
    const file = normalize(join(root, rel));
    if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.statusCode = 404;
      res.end('not found');
      return;
    }
    res.setHeader('Content-Length', String(statSync(file).size));
    res.setHeader('Cache-Control', 'no-store');
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
