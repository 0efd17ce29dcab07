/**
 * A DICOMweb client (QIDO-RS search, WADO-RS retrieve, STOW-RS store) over an injected `fetch`: pure, no
 * DOM, runs in the page, a worker or Node. Credentials go in the Authorization header only, never in a
 * URL; the client never logs. Retrieval asks for the stored transfer syntax (`transfer-syntax=*`), so
 * compressed frames stay compressed up to the decoders.
 */
import { httpError, networkError, PacsError } from './errors.ts';
import { boundaryOf, MultipartReader, multipartBody, newBoundary } from './multipart.ts';
import { instanceOf, seriesOf, studyOf, uidList, type DicomJson, type InstanceSummary, type SeriesSummary, type StudySummary } from './dicom-json.ts';
import { filterStudies, staticFallback } from './static-layout.ts';

/**
 * 'server': a DICOMweb server (queries answered by it, series retrieved in one multipart answer).
 * 'static': a static DICOMweb tree (src/pacs/static-tree.ts): the lists are files filtered here, each
 * instance a file. 'auto' (default): the first study search tries the server form, then the static one.
 */
export type PacsLayout = 'server' | 'static' | 'auto';

export type PacsAuth =
  | { readonly kind: 'none' }
  | { readonly kind: 'basic'; readonly user: string; readonly password: string }
  | { readonly kind: 'bearer'; readonly token: string };

export type FetchFn = (input: string, init?: RequestInit) => Promise<Response>;

export interface DicomWebOptions {
  /** DICOMweb root, absolute (http/https) or a path resolved against `origin`. */
  readonly baseUrl: string;
  readonly auth: PacsAuth;
  readonly fetch: FetchFn;
  /** Origin for a relative base URL (the page's location.origin). */
  readonly origin?: string;
  readonly layout?: PacsLayout;
}

export interface StudyQuery {
  /** Part of the patient name or ID (wildcards added around). */
  readonly patient?: string;
  /** YYYYMMDD, or a range YYYYMMDD-YYYYMMDD (either end may be empty). */
  readonly date?: string;
  readonly modality?: string;
  readonly limit?: number;
}

export interface RetrieveOptions {
  readonly signal?: AbortSignal;
  /** Each DICOM instance as soon as its last byte arrived. */
  readonly onInstance: (bytes: Uint8Array) => void;
  /** Bytes received so far in this request (for progress between instances). */
  readonly onBytes?: (bytes: number) => void;
}

const DICOM_MULTIPART = 'multipart/related; type="application/dicom"; transfer-syntax=*';

function utf8Base64(s: string): string {
  const bytes = new TextEncoder().encode(s);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

export function authorizationOf(auth: PacsAuth): string | undefined {
  if (auth.kind === 'basic') return `Basic ${utf8Base64(`${auth.user}:${auth.password}`)}`;
  if (auth.kind === 'bearer') return `Bearer ${auth.token.trim()}`;
  return undefined;
}

/** The normalised base URL (no trailing slash); throws 'bad-url' for anything else, credentials in it included. */
export function normaliseBaseUrl(baseUrl: string, origin?: string): string {
  let u: URL;
  try {
    u = new URL(baseUrl.trim(), origin);
  } catch {
    throw new PacsError('bad-url', baseUrl);
  }
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || u.username || u.password || u.search || u.hash) {
    throw new PacsError('bad-url', 'only http(s) without credentials, query or fragment');
  }
  return u.href.replace(/\/+$/, '');
}

export class DicomWebClient {
  readonly baseUrl: string;
  private readonly auth: PacsAuth;
  private readonly fetchFn: FetchFn;
  private layoutNow: PacsLayout;

  constructor(o: DicomWebOptions) {
    this.baseUrl = normaliseBaseUrl(o.baseUrl, o.origin);
    this.auth = o.auth;
    this.fetchFn = o.fetch;
    this.layoutNow = o.layout ?? 'auto';
  }

  /** The layout in use ('auto' until the first study search has told). */
  get layout(): PacsLayout {
    return this.layoutNow;
  }

  /** A static tree is read-only and retrieved instance by instance. */
  get isStatic(): boolean {
    return this.layoutNow === 'static';
  }

  private async request(path: string, init: RequestInit, what: string): Promise<Response> {
    const headers = new Headers(init.headers);
    const authorization = authorizationOf(this.auth);
    if (authorization) headers.set('Authorization', authorization);
    let res: Response;
    try {
      // credentials 'omit': the Authorization header is ours; no cookie or browser-cached login rides along
      res = await this.fetchFn(`${this.baseUrl}/${path}`, { ...init, headers, credentials: 'omit', cache: 'no-store' });
    } catch (e) {
      throw networkError(e, init.signal ?? undefined);
    }
    if (!res.ok) {
      await res.body?.cancel().catch(() => {});
      throw httpError(res.status, what);
    }
    return res;
  }

  private async json(path: string, what: string, signal?: AbortSignal): Promise<DicomJson[]> {
    const res = await this.request(path, { headers: { Accept: 'application/dicom+json' }, ...(signal ? { signal } : {}) }, what);
    if (res.status === 204) return [];
    let text: string;
    try {
      text = await res.text();
    } catch (e) {
      throw networkError(e, signal);
    }
    let body: unknown;
    try {
      body = text.trim() ? JSON.parse(text) : [];
    } catch {
      throw new PacsError('bad-response', `${what}: not JSON`);
    }
    if (!Array.isArray(body)) throw new PacsError('bad-response', `${what}: not a JSON array`);
    return body as DicomJson[];
  }

  /** QIDO-RS studies, with patient name/ID, date and modality filters. */
  async searchStudies(q: StudyQuery = {}, signal?: AbortSignal): Promise<StudySummary[]> {
    if (this.layoutNow === 'static') return filterStudies((await this.json('studies/index.json', 'QIDO studies', signal)).map(studyOf), q);
    try {
      const found = await this.searchStudiesOnServer(q, signal);
      if (this.layoutNow === 'auto') this.layoutNow = 'server';
      return found;
    } catch (e) {
      if (this.layoutNow !== 'auto' || !staticFallback(e)) throw e;
      let list: DicomJson[];
      try {
        list = await this.json('studies/index.json', 'QIDO studies', signal);
      } catch {
        throw e;
      }
      this.layoutNow = 'static';
      return filterStudies(list.map(studyOf), q);
    }
  }

  /**
   * QIDO-RS matches one attribute per key and ANDs the keys: "name or ID" is two searches, merged by study.
   * A patient name matches case-insensitively on most servers; an ID (LO) is matched as typed, and in upper
   * case too when typed otherwise (IDs are mostly upper case).
   */
  private async searchStudiesOnServer(q: StudyQuery, signal?: AbortSignal): Promise<StudySummary[]> {
    const who = q.patient?.trim().replace(/[*?\\]/g, '') ?? '';
    const params = (key?: string, value?: string) => {
      const p = new URLSearchParams();
      for (const f of ['00081030', '00201206', '00201208', '00080061', '00100020']) p.append('includefield', f);
      if (key && value) p.set(key, `*${value}*`);
      if (q.date?.trim()) p.set('StudyDate', q.date.trim().replace(/[^\d-]/g, ''));
      if (q.modality?.trim()) p.set('ModalitiesInStudy', q.modality.trim().toUpperCase());
      if (q.limit) p.set('limit', String(q.limit));
      return p;
    };
    const searches = who ? [params('PatientName', who), ...[...new Set([who, who.toUpperCase()])].map((id) => params('PatientID', id))] : [params()];
    // the first search alone: refused credentials or a static tree cost one request, not three
    const first = await this.json(`studies?${searches[0]!}`, 'QIDO studies', signal);
    const answers = [first, ...(await Promise.all(searches.slice(1).map((p) => this.json(`studies?${p}`, 'QIDO studies', signal))))];
    const byUid = new Map<string, StudySummary>();
    for (const d of answers.flat()) {
      const s = studyOf(d);
      if (!byUid.has(s.studyUid)) byUid.set(s.studyUid, s);
    }
    const found = [...byUid.values()];
    return q.limit ? found.slice(0, q.limit) : found;
  }

  /** QIDO-RS series of a study. */
  async searchSeries(studyUid: string, q: { modality?: string } = {}, signal?: AbortSignal): Promise<SeriesSummary[]> {
    const p = new URLSearchParams();
    for (const f of ['0008103E', '00201209', '00200011', '00080021', '00080031']) p.append('includefield', f);
    if (q.modality) p.set('Modality', q.modality);
    if (this.isStatic) {
      const all = (await this.json(`studies/${enc(studyUid)}/series/index.json`, 'QIDO series', signal)).map(seriesOf);
      return q.modality ? all.filter((s) => s.modality.toUpperCase() === q.modality!.toUpperCase()) : all;
    }
    return (await this.json(`studies/${enc(studyUid)}/series?${p}`, 'QIDO series', signal)).map(seriesOf);
  }

  /** QIDO-RS: the SOP instance UIDs of a series. */
  async searchInstances(studyUid: string, seriesUid: string, signal?: AbortSignal): Promise<string[]> {
    return uidList(await this.instancesJson(studyUid, seriesUid, signal));
  }

  /** QIDO-RS: the instances of a series with their position and orientation (ordering slices before they arrive). */
  async listInstances(studyUid: string, seriesUid: string, signal?: AbortSignal): Promise<InstanceSummary[]> {
    return (await this.instancesJson(studyUid, seriesUid, signal, ['00200032', '00200037'])).map(instanceOf).filter((i) => i.sopUid);
  }

  private instancesJson(studyUid: string, seriesUid: string, signal?: AbortSignal, include: readonly string[] = []): Promise<DicomJson[]> {
    const path = `studies/${enc(studyUid)}/series/${enc(seriesUid)}/instances`;
    if (this.isStatic) return this.json(`${path}/index.json`, 'QIDO instances', signal);
    const p = new URLSearchParams();
    for (const f of include) p.append('includefield', f);
    return this.json(include.length ? `${path}?${p}` : path, 'QIDO instances', signal);
  }

  /** WADO-RS: every instance of a series, streamed part by part (stored transfer syntax). */
  retrieveSeries(studyUid: string, seriesUid: string, o: RetrieveOptions): Promise<void> {
    return this.retrieve(`studies/${enc(studyUid)}/series/${enc(seriesUid)}`, o);
  }

  /** WADO-RS: one instance. */
  retrieveInstance(studyUid: string, seriesUid: string, sopUid: string, o: RetrieveOptions): Promise<void> {
    return this.retrieve(`studies/${enc(studyUid)}/series/${enc(seriesUid)}/instances/${enc(sopUid)}`, o);
  }

  private async retrieve(path: string, o: RetrieveOptions): Promise<void> {
    const res = await this.request(path, { headers: { Accept: DICOM_MULTIPART }, ...(o.signal ? { signal: o.signal } : {}) }, 'WADO-RS');
    // a static tree serves an instance as the bare Part 10 file
    if (this.isStatic) return readWhole(res, o);
    const boundary = boundaryOf(res.headers.get('content-type'));
    if (!boundary || !res.body) throw new PacsError('bad-response', `WADO-RS: not multipart (${res.headers.get('content-type') ?? 'no type'})`);
    const reader = new MultipartReader(boundary);
    const stream = res.body.getReader();
    let bytes = 0;
    try {
      for (;;) {
        const { done, value } = await stream.read();
        if (done) break;
        bytes += value.length;
        o.onBytes?.(bytes);
        for (const part of reader.push(value)) o.onInstance(part.body);
        if (reader.finished) break;
      }
    } catch (e) {
      throw networkError(e, o.signal);
    } finally {
      stream.releaseLock();
    }
    try {
      reader.end();
    } catch (e) {
      // the server went away between two parts and closed the stream cleanly
      throw new PacsError('network', e instanceof Error ? e.message : String(e));
    }
  }

  /** STOW-RS: stores DICOM instances under a study; throws 'store-failed' when any is refused. */
  async store(studyUid: string, instances: readonly Uint8Array[], signal?: AbortSignal): Promise<void> {
    if (this.isStatic) throw new PacsError('read-only', 'static DICOMweb tree');
    const boundary = newBoundary();
    const body = multipartBody(instances, boundary);
    const res = await this.request(
      `studies/${enc(studyUid)}`,
      {
        method: 'POST',
        headers: { 'Content-Type': `multipart/related; type="application/dicom"; boundary=${boundary}`, Accept: 'application/dicom+json' },
        body: body as unknown as BodyInit,
        ...(signal ? { signal } : {}),
      },
      'STOW-RS',
    );
    const text = await res.text().catch(() => '');
    let answer: DicomJson | undefined;
    try {
      answer = text.trim() ? (JSON.parse(text) as DicomJson) : undefined;
    } catch {
      answer = undefined;
    }
    const failed = answer?.['00081198']?.Value?.length ?? 0;
    if (res.status === 202 || failed > 0) throw new PacsError('store-failed', `${failed} instance(s) refused`);
  }
}

const enc = encodeURIComponent;

/** One response body as one instance, with byte progress. */
async function readWhole(res: Response, o: RetrieveOptions): Promise<void> {
  if (!res.body) throw new PacsError('bad-response', 'WADO-RS: empty answer');
  const stream = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  try {
    for (;;) {
      const { done, value } = await stream.read();
      if (done) break;
      chunks.push(value);
      bytes += value.length;
      o.onBytes?.(bytes);
    }
  } catch (e) {
    throw networkError(e, o.signal);
  } finally {
    stream.releaseLock();
  }
  const whole = new Uint8Array(bytes);
  let at = 0;
  for (const c of chunks) {
    whole.set(c, at);
    at += c.length;
  }
  o.onInstance(whole);
}
