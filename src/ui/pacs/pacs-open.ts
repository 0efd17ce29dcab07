/**
 * Opening a PACS study: its image series listed (the learner picks one when there are several), then
 * retrieved by WADO-RS. When the listing orders the slices (src/pacs/slice-order.ts) the middle slices are
 * asked first and the viewer opens on the first one that arrives, its volume filling as the others come;
 * otherwise the first instance is drawn here and the volume opens once all are in. A fault keeps what
 * arrived and "Réessayer / Retry" asks only for the rest, into the same volume while the viewer holds it.
 */
import type { DicomWebClient } from '../../pacs/client.ts';
import type { StudySummary } from '../../pacs/dicom-json.ts';
import { PacsError } from '../../pacs/errors.ts';
import type { SeriesRetrieval } from '../../pacs/retrieval.ts';
import { imageSeries, planSeries } from '../../pacs/study.ts';
import type { InputFile } from '../../dicom/types.ts';
import type { LoadProgress } from '../../viewer/events.ts';
import type { SliceStream } from '../../viewer/stream-session.ts';
import type { Lang } from '../../i18n/index.ts';
import type { FirstImage } from './first-image.ts';
import type { PacsSeriesChooser } from './series-chooser.ts';
import type { LoadCounts, PacsStatus } from './pacs-status.ts';

/** A series handed to the viewer while it downloads. */
export interface StreamOpen {
  readonly stream: SliceStream;
  /** The bytes of `stream.templateSop` (the viewer checks the series' size from its header). */
  readonly templateBytes: Uint8Array;
  readonly seriesUid: string;
  readonly description: string;
}

export interface OpenerDeps {
  readonly lang: () => Lang;
  /** The local-file path: ingest, choose, open (t0 = the click). */
  readonly openFiles: (files: InputFile[], t0: number) => Promise<void>;
  /** Opens the viewer on a series still arriving; false when it will not take it so (too big: the files path offers to thin it). */
  readonly openStream?: (req: StreamOpen, t0: number) => boolean;
  readonly progress: (p: LoadProgress) => void;
  readonly status: PacsStatus;
  readonly firstImage: FirstImage;
  readonly chooser: PacsSeriesChooser;
  /** Carries data-first-image-ms (click → the first image drawn here) for the bench. */
  readonly root: HTMLElement;
  readonly fail: (e: unknown) => void;
}

export interface StudyOpener {
  open(client: DicomWebClient, s: StudySummary): Promise<void>;
  retry(client: DicomWebClient | undefined): void;
  cancel(): void;
  /** Stops what runs (a new search). */
  abort(): void;
  running(): boolean;
}

/** The stream the viewer holds, until it lets it go. */
interface Live {
  readonly retrieval: SeriesRetrieval;
  closed: boolean;
}

/** The slices in the order their bytes come: those in, the middle ones asked first, then the listing's order. */
function arrivalOrder(r: SeriesRetrieval): string[] {
  const first = r.order?.middleSops ?? [];
  const isIn = (u: string) => r.bytesOf(u) !== undefined;
  return [...r.sopUids.filter(isIn), ...first.filter((u) => !isIn(u)), ...r.sopUids.filter((u) => !isIn(u) && !first.includes(u))];
}

/** What the opener holds between clicks (no module state: one per panel). */
interface OpenerState {
  retrieval: SeriesRetrieval | undefined;
  description: string;
  /** The study being opened (what "Retry" opens again). */
  pending: StudySummary | undefined;
  running: AbortController | undefined;
  live: Live | undefined;
}

/** Hands `r` to the viewer with `templateSop` (in) standing for the slices' shared header; undefined when refused. */
function startStream(deps: OpenerDeps, st: OpenerState, r: SeriesRetrieval, templateSop: string, t0: number): Live | undefined {
  const order = r.order;
  const templateBytes = r.bytesOf(templateSop);
  if (!order || !templateBytes || !deps.openStream) return undefined;
  const holder: Live = { retrieval: r, closed: false };
  const stream: SliceStream = {
    sortedSops: order.sortedSops,
    positionsLps: order.positionsLps,
    arrivalOrder: arrivalOrder(r),
    templateSop,
    arrival: (sop) => r.arrival(sop),
    stop: () => {
      holder.closed = true;
      if (st.live !== holder) return;
      st.live = undefined;
      deps.status.float(false);
      if (st.retrieval === r) st.running?.abort();
    },
  };
  if (!deps.openStream({ stream, templateBytes, seriesUid: r.seriesUid, description: st.description }, t0)) return undefined;
  st.live = holder;
  deps.status.float(true);
  return holder;
}

/** Draws the first instance in the panel (the files path: the volume opens once all are in). */
function firstImageDrawer(deps: OpenerDeps, t0: number): (bytes: Uint8Array) => void {
  let asked = false;
  return (bytes) => {
    if (asked) return;
    asked = true;
    void deps.firstImage.show(bytes).then((shown) => {
      asked = shown;
      // click → first image drawn, for the bench (the viewer's own first image comes with the volume)
      if (shown) deps.root.dataset.firstImageMs = String(Math.round(performance.now() - t0));
    });
  };
}

interface Received {
  readonly streaming: boolean;
  readonly last: LoadCounts | undefined;
  /** Why the reception stopped (what arrived is kept). */
  readonly fault?: { readonly error: unknown };
}

/**
 * Runs `r` until all is in. The first slice in opens the viewer on the stream when the series is ordered
 * (or at once on what a former attempt kept); the reception is shown as it goes. Resolves whether it streams.
 */
async function receive(deps: OpenerDeps, st: OpenerState, r: SeriesRetrieval, t0: number, signal: AbortSignal): Promise<Received> {
  let stream = st.live?.retrieval === r && !st.live.closed ? st.live : undefined;
  let refused = !r.order;
  const tryStream = (sop: string) => {
    if (stream || refused) return;
    stream = startStream(deps, st, r, sop, t0);
    refused = !stream;
  };
  // a retry after the viewer let the series go: it opens again at once on what is in
  const kept = r.sopUids.find((u) => r.bytesOf(u));
  if (kept) tryStream(r.order?.middleSops.find((u) => r.bytesOf(u)) ?? kept);
  const drawFirst = r.received() > 0 ? () => {} : firstImageDrawer(deps, t0);
  let last: LoadCounts | undefined;
  let lastEmit = 0;
  try {
    await r.run({
      signal,
      ...(r.order ? { first: r.order.middleSops } : {}),
      onInstance: (bytes, sop) => {
        tryStream(sop);
        if (refused) drawFirst(bytes);
      },
      onProgress: (p) => {
        last = p;
        const now = performance.now();
        // at most every 100 ms (each DOM change costs a composited frame), and the last instance
        if (p.done !== p.total && now - lastEmit < 100) return;
        lastEmit = now;
        deps.status.progress(p);
        // while streaming, the viewer's own bar shows the slices decoded
        if (!stream) deps.progress({ phase: 'reading', done: p.done, total: p.total });
      },
    });
  } catch (e) {
    return { streaming: !!stream, last, fault: { error: e } };
  }
  return { streaming: !!stream, last };
}

/** Retrieves what is missing of `r`, into the viewer as it comes or, failing that, then through the files path. */
async function fetchAndOpen(deps: OpenerDeps, st: OpenerState, r: SeriesRetrieval, t0: number): Promise<void> {
  const { status } = deps;
  const ac = new AbortController();
  st.running = ac;
  status.loadRow('running');
  const got = await receive(deps, st, r, t0, ac.signal);
  // superseded by another open: that one speaks now
  if (st.running !== ac) return;
  st.running = undefined;
  if (got.fault) {
    status.loadRow('stopped');
    deps.fail(got.fault.error);
    status.kept({ done: r.received(), total: r.total, bytes: got.last?.bytes ?? 0 });
    return;
  }
  status.progress(got.last);
  st.retrieval = undefined;
  st.pending = undefined;
  if (got.streaming) {
    st.live = undefined;
    status.loadRow('hidden');
    status.show(undefined);
    status.float(false);
    return;
  }
  status.show({ key: 'received', params: { total: r.total, mb: ((got.last?.bytes ?? 0) / 1e6).toFixed(1) } });
  await deps.openFiles(r.files(), t0);
  status.loadRow('hidden');
  deps.firstImage.clear();
  status.show(undefined);
}

/** Lists the study's image series and plans the chosen one's retrieval (nothing downloaded yet). */
async function plan(deps: OpenerDeps, st: OpenerState, c: DicomWebClient, s: StudySummary): Promise<SeriesRetrieval | undefined> {
  const series = await imageSeries(c, s.studyUid);
  if (series.length === 0) throw new PacsError('not-found', 'the study has no image series');
  deps.status.show(undefined);
  const chosen = series.length > 1 ? await deps.chooser.choose(series, deps.lang()) : series[0]!;
  if (!chosen || st.pending !== s) return undefined;
  deps.status.show({ key: 'listing' });
  st.description = chosen.description;
  return planSeries(c, s.studyUid, chosen.seriesUid);
}

/** Opens a study: its instances listed (kept from a failed attempt on the same study), then retrieved. */
async function openStudy(deps: OpenerDeps, st: OpenerState, c: DicomWebClient, s: StudySummary): Promise<void> {
  const t0 = performance.now();
  st.running?.abort();
  st.running = undefined;
  st.pending = s;
  delete deps.root.dataset.firstImageMs;
  if (st.retrieval?.studyUid !== s.studyUid) {
    st.retrieval = undefined;
    deps.firstImage.clear();
  }
  const r0 = st.retrieval;
  deps.status.progress(r0 ? { done: r0.received(), total: r0.total, bytes: 0 } : undefined);
  deps.status.loadRow(r0 ? 'running' : 'hidden');
  deps.status.show({ key: 'listing' });
  let r: SeriesRetrieval | undefined;
  try {
    r = st.retrieval ??= await plan(deps, st, c, s);
    if (!r) return;
  } catch (e) {
    deps.status.loadRow('stopped');
    deps.fail(e);
    return;
  }
  deps.status.show(undefined);
  await fetchAndOpen(deps, st, r, t0);
}

export function createStudyOpener(deps: OpenerDeps): StudyOpener {
  const st: OpenerState = { retrieval: undefined, description: '', pending: undefined, running: undefined, live: undefined };
  return {
    open: (c, s) => openStudy(deps, st, c, s),
    retry(c) {
      if (c && st.pending) void openStudy(deps, st, c, st.pending);
    },
    cancel: () => st.running?.abort(),
    abort: () => {
      st.running?.abort();
      st.running = undefined;
    },
    running: () => !!st.running,
  };
}
