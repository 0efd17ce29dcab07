// Serves the generated training studies (sample-data/out/) under /studies/: read-only, local files only.
// Used by the Vite dev/preview plugin (scripts/vite-studies-plugin.ts) and the production server (scripts/serve.ts).
// GET /studies/<folder>/__files.json lists the files of a study folder (relative paths, .json excluded).
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, normalize, relative, sep } from 'node:path';

export const STUDIES_PREFIX = '/studies/';
export const LISTING = '__files.json';

export function listStudyFiles(dir: string): string[] {
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

function notFound(res: ServerResponse): void {
  res.statusCode = 404;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.end('not found');
}

/** Answers a /studies/ request from `root` (sample-data/out); returns false for any other URL. */
export function serveStudies(root: string, req: IncomingMessage, res: ServerResponse): boolean {
  const url = req.url ?? '';
  if (!url.startsWith(STUDIES_PREFIX)) return false;
  let rel: string;
  try {
    rel = decodeURIComponent(url.slice(STUDIES_PREFIX.length).split('?')[0] ?? '');
  } catch {
    notFound(res);
    return true;
  }
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('Cache-Control', 'no-store');
  if (rel.endsWith('/' + LISTING)) {
    const dir = normalize(join(root, rel.slice(0, -LISTING.length - 1)));
    if (!dir.startsWith(root + sep) || !existsSync(dir) || !statSync(dir).isDirectory()) {
      notFound(res);
      return true;
    }
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({ files: listStudyFiles(dir) }));
    return true;
  }
  const file = normalize(join(root, rel));
  if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
    notFound(res);
    return true;
  }
  res.setHeader('Content-Length', String(statSync(file).size));
  res.setHeader('Content-Type', file.endsWith('.json') ? 'application/json' : 'application/octet-stream');
  if (req.method === 'HEAD') res.end();
  else createReadStream(file).pipe(res);
  return true;
}
