// The production server: the built viewer (dist/) and the training studies (/studies/), with the headers of
// scripts/security-headers.ts (COOP/COEP, CSP, nosniff…) and the right MIME types (application/wasm for the
// kernels and codecs, so streaming compilation works). No dependency, local files only.
//
//   npx tsx scripts/serve.ts [--port 4173] [--host 127.0.0.1] [--no-isolation]
//
// --no-isolation leaves out COOP/COEP, like a static host that cannot set headers (the service worker then adds
// them). Tests start it in-process with startServer() and may collect CSP violation reports.
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { connectSrcFromEnv, productionHeaders } from './security-headers.ts';
import { serveStudies } from './studies-route.ts';

const repoRoot = join(fileURLToPath(new URL('.', import.meta.url)), '..');

const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

export const CSP_REPORT_PATH = '/__csp-report';

export interface ServerOptions {
  readonly distDir?: string;
  readonly studiesDir?: string;
  readonly host?: string;
  readonly port?: number;
  /** false: no COOP/COEP (a host that cannot set headers) */
  readonly isolation?: boolean;
  /** origins added to connect-src (default: CORO_CONNECT_SRC) */
  readonly connectSrc?: readonly string[];
  /** collect CSP violation reports (report-uri) into `reports` */
  readonly collectCspReports?: boolean;
  /** replaces a dist file's bytes as served (tests: a new service worker version without a rebuild) */
  readonly rewrite?: (path: string, bytes: Buffer) => Buffer;
}

export interface RunningServer {
  readonly url: string;
  /** CSP violation reports received (collectCspReports) */
  readonly reports: unknown[];
  /** every request path seen, in order */
  readonly requests: string[];
  close(): Promise<void>;
}

function sendFile(req: IncomingMessage, res: ServerResponse, file: string, rewrite?: (bytes: Buffer) => Buffer): void {
  const body = rewrite ? rewrite(readFileSync(file)) : undefined;
  res.setHeader('Content-Type', MIME[extname(file).toLowerCase()] ?? 'application/octet-stream');
  res.setHeader('Content-Length', String(body?.length ?? statSync(file).size));
  // hashed assets never change; index.html, the service worker and the manifest are revalidated every time
  const immutable = file.includes(`${sep}assets${sep}`);
  res.setHeader('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
  if (req.method === 'HEAD') res.end();
  else if (body) res.end(body);
  else createReadStream(file).pipe(res);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(''));
  });
}

export async function startServer(opts: ServerOptions = {}): Promise<RunningServer> {
  const dist = normalize(opts.distDir ?? join(repoRoot, 'dist'));
  const studies = normalize(opts.studiesDir ?? join(repoRoot, 'sample-data', 'out'));
  if (!existsSync(join(dist, 'index.html'))) throw new Error(`no build in ${dist}: run \`npm run build\` first`);
  const reports: unknown[] = [];
  const requests: string[] = [];
  const headers = productionHeaders({
    connectSrc: opts.connectSrc ?? connectSrcFromEnv(),
    isolation: opts.isolation,
    reportUri: opts.collectCspReports ? CSP_REPORT_PATH : undefined,
  });
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    requests.push(path);
    if (path === CSP_REPORT_PATH && req.method === 'POST') {
      void readBody(req).then((body) => {
        try { reports.push(JSON.parse(body)); } catch { reports.push(body); }
        res.statusCode = 204;
        res.end();
      });
      return;
    }
    for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.statusCode = 405;
      res.end();
      return;
    }
    if (serveStudies(studies, req, res)) return;
    let rel: string;
    try { rel = decodeURIComponent(path); } catch { rel = '/'; }
    let file = normalize(join(dist, rel));
    if (!file.startsWith(dist)) file = join(dist, 'index.html');
    else if (!existsSync(file) || statSync(file).isDirectory()) {
      // unknown paths: the app shell for navigations, 404 for assets
      if (extname(file) !== '') {
        res.statusCode = 404;
        res.setHeader('Content-Type', 'text/plain; charset=utf-8');
        res.end('not found');
        return;
      }
      file = join(dist, 'index.html');
    }
    const rewrite = opts.rewrite;
    sendFile(req, res, file, rewrite && ((bytes) => rewrite(path, bytes)));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const addr = server.address() as AddressInfo;
  return {
    url: `http://${opts.host ?? '127.0.0.1'}:${addr.port}`,
    reports,
    requests,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

async function cli(): Promise<void> {
  const { values } = parseArgs({
    options: { port: { type: 'string', default: '4173' }, host: { type: 'string', default: '127.0.0.1' }, 'no-isolation': { type: 'boolean', default: false } },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`serve: --port ${values.port} is not a port number`);
    process.exit(2);
  }
  try {
    const s = await startServer({ port, host: values.host, isolation: !values['no-isolation'] });
    console.log(`\n  Coroscanner (production build): ${s.url}/\n`);
  } catch (e) {
    console.error(`serve: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(2);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === normalize(process.argv[1])) void cli();
