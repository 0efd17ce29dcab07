// The production headers: the CSP's directives and connect-src extension (a configured PACS), and the service
// worker's isolation rewrite (hosts that cannot set headers).
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, parseConnectSrc, productionHeaders } from '../../../scripts/security-headers.ts';
import { withIsolation } from '../../../src/sw/isolation.ts';

const directives = (csp: string) => new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k!, v]));

describe('content security policy', () => {
  it('allows no inline script and no eval, only WebAssembly compilation', () => {
    const d = directives(contentSecurityPolicy());
    expect(d.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(d.get('worker-src')).toEqual(["'self'", 'blob:']);
    expect(d.get('connect-src')).toEqual(["'self'"]);
    expect(d.get('object-src')).toEqual(["'none'"]);
    expect(d.get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('adds the configured PACS origins to connect-src, and only there', () => {
    const extra = parseConnectSrc('https://pacs.example.org/dicom-web, http://10.0.0.5:8042');
    expect(extra).toEqual(['https://pacs.example.org', 'http://10.0.0.5:8042']);
    const d = directives(contentSecurityPolicy({ connectSrc: extra }));
    expect(d.get('connect-src')).toEqual(["'self'", 'https://pacs.example.org', 'http://10.0.0.5:8042']);
    expect(d.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
  });

  it('refuses what is not an http(s) origin', () => {
    expect(() => parseConnectSrc('javascript:alert(1)')).toThrow(/not http/);
    expect(() => parseConnectSrc("'unsafe-eval'")).toThrow(/not a URL/);
  });

  it('leaves out of the meta tag what a meta tag cannot carry', () => {
    const d = directives(contentSecurityPolicy({ forMeta: true, reportUri: '/r' }));
    expect(d.has('frame-ancestors')).toBe(false);
    expect(d.has('report-uri')).toBe(false);
  });

  it('isolation headers unless the host cannot send them', () => {
    expect(productionHeaders()['Cross-Origin-Embedder-Policy']).toBe('require-corp');
    expect(productionHeaders({ isolation: false })['Cross-Origin-Embedder-Policy']).toBeUndefined();
  });
});

describe('service worker isolation rewrite', () => {
  it('adds COOP/COEP to a response without them, keeping status, headers and body', async () => {
    const r = withIsolation(new Response('abc', { status: 200, headers: { 'Content-Type': 'text/plain' } }));
    expect(r.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    expect(r.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(r.headers.get('content-type')).toBe('text/plain');
    expect(await r.text()).toBe('abc');
  });

  it('passes through what the server already isolated', () => {
    const original = new Response('x', { headers: { 'Cross-Origin-Embedder-Policy': 'credentialless' } });
    expect(withIsolation(original)).toBe(original);
  });

  it('keeps a bodiless status bodiless', () => {
    expect(withIsolation(new Response(null, { status: 204 })).status).toBe(204);
  });
});
