// The multipart/related reader against bodies written by hand and by multipartBody, fed in every split.
import { describe, expect, it } from 'vitest';
import { boundaryOf, MultipartReader, multipartBody } from '../../../src/pacs/multipart.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

function readAll(body: Uint8Array, boundary: string, chunk: number): string[] {
  const r = new MultipartReader(boundary);
  const out: string[] = [];
  for (let i = 0; i < body.length; i += chunk) out.push(...r.push(body.subarray(i, i + chunk)).map((p) => dec(p.body)));
  r.end();
  return out;
}

describe('multipart/related reader', () => {
  it('reads the boundary of a Content-Type, quoted or not', () => {
    expect(boundaryOf('multipart/related; type="application/dicom"; boundary=abc-123')).toBe('abc-123');
    expect(boundaryOf('multipart/related; boundary="a b"; type="application/dicom"')).toBe('a b');
    expect(boundaryOf('application/json')).toBeUndefined();
  });

  it('splits parts without Content-Length at every chunk size, bodies holding CRLF and dashes', () => {
    const parts = ['first\r\n--not-the-boundary', '', 'x'.repeat(70_000), '--b\r\n'];
    const body = enc(`preamble\r\n${parts.map((p) => `--b0\r\nContent-Type: application/dicom\r\n\r\n${p}\r\n`).join('')}--b0--\r\nepilogue`);
    for (const chunk of [1, 2, 3, 7, 64, 1000, body.length]) expect(readAll(body, 'b0', chunk)).toEqual(parts);
  });

  it('uses Content-Length when given (multipartBody) and keeps binary bodies exact', () => {
    const bins = [Uint8Array.from({ length: 300 }, (_, i) => (i * 37) & 255), new Uint8Array(0), Uint8Array.from([13, 10, 45, 45, 0])];
    const body = multipartBody(bins, 'zz');
    const r = new MultipartReader('zz');
    const got = [...r.push(body.subarray(0, 5)), ...r.push(body.subarray(5))];
    r.end();
    expect(got.map((p) => [...p.body])).toEqual(bins.map((b) => [...b]));
    expect(got[0]!.headers['content-type']).toBe('application/dicom');
  });

  it('a truncated stream is an error, the parts before it are delivered', () => {
    const body = multipartBody([enc('one'), enc('two')], 'q');
    const r = new MultipartReader('q');
    const cut = body.length - 12;
    expect(r.push(body.subarray(0, cut)).map((p) => dec(p.body))).toEqual(['one']);
    expect(() => r.end()).toThrow(/ended inside a part/);
  });

  it('a part longer than its Content-Length is an error', () => {
    const body = enc('--q\r\nContent-Length: 2\r\n\r\nabc\r\n--q--');
    expect(() => new MultipartReader('q').push(body)).toThrow(/longer than its Content-Length/);
  });
});

describe('PACS CSP source', () => {
  it('is the origin of an absolute URL, nothing for a same-origin path, an error for credentials', async () => {
    const { pacsConnectSource } = await import('../../../src/pacs/config.ts');
    expect(pacsConnectSource('https://pacs.example.org:8443/dicom-web/')).toBe('https://pacs.example.org:8443');
    expect(pacsConnectSource('/dicom-web')).toBeUndefined();
    expect(pacsConnectSource('')).toBeUndefined();
    expect(() => pacsConnectSource('https://u:p@pacs.example.org/dicom-web')).toThrow(/credentials/);
    expect(() => pacsConnectSource('ftp://x/')).toThrow(/http/);
  });
});
