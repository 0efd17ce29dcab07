// The headers the production viewer is served with (scripts/serve.ts, `vite preview`) and the Content-Security-
// Policy written into the built index.html (hosts that cannot set headers still get it). docs/DEPLOY.md lists
// them for other servers.
//
// connect-src is 'self' plus the origins a deployment configures (a PACS / DICOMweb server): the environment
// variable CORO_CONNECT_SRC holds them, space- or comma-separated (e.g. "https://pacs.example.org"), read at
// build time (meta tag) and at serve time (header). Nothing else is ever contacted.

import { pacsConnectSource } from '../src/pacs/config.ts';

/** Space/comma separated origins → the normalised origins ("https://host:port"); throws on anything else. */
export function parseConnectSrc(value: string | undefined): string[] {
  const out: string[] = [];
  for (const item of (value ?? '').split(/[\s,]+/).filter(Boolean)) {
    let url: URL;
    try {
      url = new URL(item);
    } catch {
      throw new Error(`CORO_CONNECT_SRC: "${item}" is not a URL (expected an origin such as https://pacs.example.org)`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`CORO_CONNECT_SRC: "${item}" is not http(s)`);
    if (!out.includes(url.origin)) out.push(url.origin);
  }
  return out;
}

/** CORO_CONNECT_SRC, plus the origin of the PACS the app offers first (VITE_PACS_URL, docs/DEPLOY.md). */
export function connectSrcFromEnv(env: Record<string, string | undefined> = process.env): string[] {
  const out = parseConnectSrc(env.CORO_CONNECT_SRC);
  const pacs = pacsConnectSource(env.VITE_PACS_URL);
  if (pacs && !out.includes(pacs)) out.push(pacs);
  return out;
}

/**
 * The policy. `forMeta` leaves out what a <meta> element cannot carry (frame-ancestors, report-uri: Chromium
 * ignores them there and logs an error). No 'unsafe-eval', no inline script: 'wasm-unsafe-eval' lets the codecs
 * and kernels compile WebAssembly; workers come from the origin (blob: for libraries that build one).
 * style-src keeps 'unsafe-inline': Cornerstone and vtk.js set style attributes on the elements they create.
 */
export function contentSecurityPolicy(opts: { connectSrc?: readonly string[]; forMeta?: boolean; reportUri?: string } = {}): string {
  const directives: [string, string][] = [
    ['default-src', "'self'"],
    ['script-src', "'self' 'wasm-unsafe-eval'"],
    ['worker-src', "'self' blob:"],
    ['connect-src', ["'self'", ...(opts.connectSrc ?? [])].join(' ')],
    ['img-src', "'self' data: blob:"],
    ['style-src', "'self' 'unsafe-inline'"],
    ['font-src', "'self' data:"],
    ['media-src', "'self' blob:"],
    ['object-src', "'none'"],
    ['base-uri', "'self'"],
    ['form-action', "'none'"],
    ['manifest-src', "'self'"],
  ];
  if (!opts.forMeta) {
    directives.push(['frame-ancestors', "'none'"]);
    if (opts.reportUri) directives.push(['report-uri', opts.reportUri]);
  }
  return directives.map(([k, v]) => `${k} ${v}`).join('; ');
}

/** Cross-origin isolation: the compute pool shares the volume through SharedArrayBuffer only under these. */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/** Every header the production server sends with every response. */
export function productionHeaders(opts: { connectSrc?: readonly string[]; isolation?: boolean; reportUri?: string } = {}): Record<string, string> {
  return {
    ...(opts.isolation === false ? {} : ISOLATION_HEADERS),
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Content-Security-Policy': contentSecurityPolicy({ connectSrc: opts.connectSrc ?? [], reportUri: opts.reportUri }),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
  };
}
