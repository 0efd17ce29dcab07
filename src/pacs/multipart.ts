/**
 * multipart/related (RFC 2387) as DICOMweb uses it: a streaming reader that hands out each part as soon as
 * its last byte arrived (WADO-RS responses), and a writer (STOW-RS requests). Pure: no DOM, no fetch.
 */

export interface MultipartPart {
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  /** The part's body (its own buffer: safe to keep or transfer). */
  readonly body: Uint8Array;
}

const CRLF = [13, 10] as const;
const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);

/** The boundary parameter of a Content-Type header, or undefined. */
export function boundaryOf(contentType: string | null | undefined): string | undefined {
  const m = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
  return m ? (m[1] ?? m[2]) : undefined;
}

/** Position of `needle` in `hay[from, to)`, or -1. */
function indexOf(hay: Uint8Array, needle: Uint8Array, from: number, to: number): number {
  const first = needle[0]!;
  const last = to - needle.length;
  const view = hay.subarray(0, to); // the native indexOf must not scan the free capacity after `to`
  for (let i = view.indexOf(first, from); i !== -1 && i <= last; i = view.indexOf(first, i + 1)) {
    let k = 1;
    while (k < needle.length && hay[i + k] === needle[k]) k++;
    if (k === needle.length) return i;
  }
  return -1;
}

type State = 'preamble' | 'after-delimiter' | 'headers' | 'body' | 'done';

/**
 * Incremental multipart reader: `push` chunks as they arrive, get the parts completed by each chunk.
 * Uses a part's Content-Length when the server sends one (no scan of the body), the delimiter otherwise.
 */
export class MultipartReader {
  private buf = new Uint8Array(1 << 16);
  private start = 0;
  private tail = 0;
  private state: State = 'preamble';
  private headers: Record<string, string> = {};
  private bodyLength: number | undefined;
  private scanFrom = 0;
  private readonly dashBoundary: Uint8Array;
  private readonly delimiter: Uint8Array;

  constructor(boundary: string) {
    if (!boundary) throw new Error('multipart: empty boundary');
    this.dashBoundary = ascii(`--${boundary}`);
    this.delimiter = ascii(`\r\n--${boundary}`);
  }

  get finished(): boolean {
    return this.state === 'done';
  }

  push(chunk: Uint8Array): MultipartPart[] {
    if (this.state === 'done') return [];
    this.append(chunk);
    const out: MultipartPart[] = [];
    for (let part = this.step(); part !== null; part = this.step()) if (part) out.push(part);
    return out;
  }

  /** Throws when the stream stopped before the closing delimiter (a truncated response). */
  end(): void {
    if (this.state !== 'done') throw new Error(`multipart: the response ended inside a part (state ${this.state})`);
  }

  private append(chunk: Uint8Array): void {
    const need = this.tail - this.start + chunk.length;
    if (this.tail + chunk.length > this.buf.length) {
      if (need <= this.buf.length / 2) {
        this.buf.copyWithin(0, this.start, this.tail);
      } else {
        const grown = new Uint8Array(Math.max(need * 2, this.buf.length * 2));
        grown.set(this.buf.subarray(this.start, this.tail));
        this.buf = grown;
      }
      this.scanFrom -= this.start;
      this.tail -= this.start;
      this.start = 0;
    }
    this.buf.set(chunk, this.tail);
    this.tail += chunk.length;
  }

  /** One state transition: a part, `undefined` (progress without a part) or null (needs more bytes). */
  private step(): MultipartPart | undefined | null {
    const { buf } = this;
    switch (this.state) {
      case 'preamble': {
        const at = indexOf(buf, this.dashBoundary, Math.max(this.start, this.scanFrom), this.tail);
        if (at < 0) {
          this.scanFrom = Math.max(this.start, this.tail - this.dashBoundary.length);
          return null;
        }
        this.start = at + this.dashBoundary.length;
        this.state = 'after-delimiter';
        return undefined;
      }
      case 'after-delimiter': {
        if (this.tail - this.start < 2) return null;
        const a = buf[this.start]!;
        const b = buf[this.start + 1]!;
        if (a === 45 && b === 45) {
          this.state = 'done';
          return null;
        }
        // transport padding (spaces/tabs) may follow the boundary before the CRLF
        const eol = indexOf(buf, Uint8Array.from(CRLF), this.start, this.tail);
        if (eol < 0) return null;
        this.start = eol + 2;
        this.state = 'headers';
        this.headers = {};
        return undefined;
      }
      case 'headers': {
        if (this.tail - this.start >= 2 && buf[this.start] === 13 && buf[this.start + 1] === 10) {
          this.start += 2; // a part without headers
        } else {
          const eoh = indexOf(buf, ascii('\r\n\r\n'), this.start, this.tail);
          if (eoh < 0) return null;
          const text = new TextDecoder('latin1').decode(buf.subarray(this.start, eoh));
          for (const line of text.split('\r\n')) {
            const c = line.indexOf(':');
            if (c > 0) this.headers[line.slice(0, c).trim().toLowerCase()] = line.slice(c + 1).trim();
          }
          this.start = eoh + 4;
        }
        const len = Number(this.headers['content-length']);
        this.bodyLength = Number.isInteger(len) && len >= 0 ? len : undefined;
        this.scanFrom = this.start;
        this.state = 'body';
        return undefined;
      }
      case 'body': {
        let bodyEnd: number;
        if (this.bodyLength !== undefined) {
          bodyEnd = this.start + this.bodyLength;
          if (this.tail < bodyEnd + this.delimiter.length) return null;
          if (indexOf(buf, this.delimiter, bodyEnd, bodyEnd + this.delimiter.length) !== bodyEnd) {
            throw new Error('multipart: a part is longer than its Content-Length');
          }
        } else {
          bodyEnd = indexOf(buf, this.delimiter, this.scanFrom, this.tail);
          if (bodyEnd < 0) {
            this.scanFrom = Math.max(this.start, this.tail - this.delimiter.length + 1);
            return null;
          }
        }
        const part = { headers: this.headers, body: buf.slice(this.start, bodyEnd) };
        this.start = bodyEnd + this.delimiter.length;
        this.state = 'after-delimiter';
        return part;
      }
      default:
        return null;
    }
  }
}

/** A fresh boundary (random, cannot occur in DICOM data by chance). */
export function newBoundary(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  return `coro-${[...b].map((x) => x.toString(16).padStart(2, '0')).join('')}`;
}

/** A multipart/related body of DICOM parts (STOW-RS). */
export function multipartBody(parts: readonly Uint8Array[], boundary: string, partType = 'application/dicom'): Uint8Array {
  const chunks: Uint8Array[] = [];
  for (const p of parts) {
    chunks.push(ascii(`--${boundary}\r\nContent-Type: ${partType}\r\nContent-Length: ${p.length}\r\n\r\n`), p, ascii('\r\n'));
  }
  chunks.push(ascii(`--${boundary}--\r\n`));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
