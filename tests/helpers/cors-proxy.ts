// A reverse proxy in front of the test Orthanc, doing what the course's web server does in production
// (docs/DEPLOY.md): CORS headers for the viewer's origin, preflight answered, Orthanc's WWW-Authenticate
// dropped (else the browser pops its own login box). It can throttle responses (a slow server), and a
// killed Orthanc mid-response reaches the browser as a broken stream, as through nginx.
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CorsProxy {
  readonly url: string;
  /** Limits every response to about `bytesPerSecond` (undefined: full speed). */
  throttle(bytesPerSecond: number | undefined): void;
  /** Every response started from now on sends its first `bytes` bytes, then waits for `release()`. */
  holdAfter(bytes: number): void;
  /** Lets held responses go on (and stops holding new ones). */
  release(): void;
  /** Answers `status` (e.g. 403) to every request from now on, as an authorising proxy refusing the
   *  credentials it is given would; undefined forwards again. */
  refuse(status: number | undefined): void;
  /** Responses forwarded and finished so far, in order of their end (method and path). */
  readonly finished: readonly string[];
  /** Responses that have sent part of their body and are waiting for `release()`. */
  held(): string[];
  close(): Promise<void>;
}

function corsHeaders(req: IncomingMessage): Record<string, string> {
  return {
    'access-control-allow-origin': req.headers.origin ?? '*',
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    'access-control-allow-headers': 'Authorization, Accept, Content-Type',
    'access-control-expose-headers': 'Content-Type, Content-Length',
    'access-control-max-age': '600',
    vary: 'Origin',
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startCorsProxy(target: string): Promise<CorsProxy> {
  const upstream = new URL(target);
  let rate: number | undefined;
  let refusal: number | undefined;
  let holdBytes: number | undefined;
  let releaseHeld = () => {};
  let released = Promise.resolve();
  const heldNow = new Set<string>();
  const finished: string[] = [];
  const sockets = new Set<import('node:net').Socket>();

  const forward = (req: IncomingMessage, res: ServerResponse) => {
    const headers = { ...req.headers, host: upstream.host };
    delete headers.origin;
    delete headers.referer;
    let upstreamEnded = false;
    // one connection per request (agent: false), as nginx talks HTTP/1.0 to its upstream by default
    const up = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers, agent: false }, (ur) => {
      ur.on('end', () => (upstreamEnded = true));
      const h: Record<string, string | string[]> = { ...corsHeaders(req) };
      for (const [k, v] of Object.entries(ur.headers)) if (v !== undefined && !['www-authenticate', 'connection', 'keep-alive'].includes(k)) h[k] = v;
      res.writeHead(ur.statusCode ?? 502, h);
      const what = `${req.method} ${req.url}`;
      res.on('finish', () => finished.push(what));
      const limit = rate;
      const hold = holdBytes;
      const gate = released;
      if (!limit && hold === undefined) {
        ur.pipe(res);
      } else {
        // pace each chunk so the stream averages `limit` bytes/s, hold the chunk that would cross `hold` bytes
        // until release(); 'end' can come while the last chunk waits
        const start = Date.now();
        let sent = 0;
        let queue = Promise.resolve();
        ur.on('data', (chunk: Buffer) => {
          ur.pause();
          const crosses = hold !== undefined && sent < hold && sent + chunk.length > hold;
          sent += chunk.length;
          const due = limit ? start + (sent / limit) * 1000 : 0;
          queue = queue.then(async () => {
            await sleep(Math.max(0, due - Date.now()));
            if (crosses) {
              heldNow.add(what);
              await gate;
              heldNow.delete(what);
            }
            if (!res.destroyed) res.write(chunk);
            ur.resume();
          });
        });
        ur.on('end', () => void queue.then(() => res.end()));
      }
      // Orthanc answers WADO-RS "Connection: close" without a length: its end is the socket's end, so a killed
      // Orthanc looks like a clean end here and reaches the browser as a multipart without its closing
      // boundary. Only a reset is passed on as a broken connection ('aborted' also fires for a paused stream
      // whose socket closed normally, so it is not used).
      ur.on('error', () => { if (!upstreamEnded) res.destroy(); });
    });
    up.on('error', () => {
      if (!res.headersSent) {
        res.writeHead(502, corsHeaders(req));
        res.end('upstream unavailable');
      } else if (!upstreamEnded) res.destroy();
    });
    req.pipe(up);
  };

  const server = createServer((req, res) => {
    if (req.method === 'OPTIONS') {
      res.writeHead(204, corsHeaders(req));
      res.end();
      return;
    }
    if (refusal !== undefined) {
      req.resume();
      res.writeHead(refusal, { ...corsHeaders(req), 'content-type': 'text/plain' });
      res.end('refused by the test proxy');
      return;
    }
    forward(req, res);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    throttle: (b) => (rate = b),
    holdAfter(bytes) {
      holdBytes = bytes;
      released = new Promise<void>((r) => (releaseHeld = r));
    },
    refuse: (status) => (refusal = status),
    release() {
      holdBytes = undefined;
      releaseHeld();
    },
    finished,
    held: () => [...heldNow],
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
