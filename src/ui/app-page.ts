/** The app page's shared parts: its context (the open viewer, language, problems), its status lines. */
import type { AppEvents, LoadProgress } from '../viewer/events.ts';
import type { FileProblem } from '../viewer/series-choice.ts';
import type { Viewer } from '../viewer/viewer.ts';
import type { BundledStudy } from './bundled.ts';
import { format, type Lang, type MessageKey } from '../i18n/index.ts';
import { decimal } from '../i18n/number.ts';
import { showProgress } from './panels.ts';
import type { Toolbar } from './toolbar.ts';
import type { Layout } from './layout.ts';

export interface AppContext {
  lang: Lang;
  readonly events: AppEvents;
  viewer: Viewer | undefined;
  toolbar: Toolbar | undefined;
  layout: Layout | undefined;
  studies: BundledStudy[];
  problems: FileProblem[];
  crosshairText: { lps: readonly number[]; hu: number | undefined } | undefined;
  /** name of the open bundled case (learners' exports carry it) */
  caseName: string | undefined;
  /** file names of the open series' slices, in the order given to the viewer */
  openFiles: readonly string[];
}

export const $ = <T extends HTMLElement>(sel: string) => document.querySelector<T>(sel)!;

/** The page's status lines: the error, the crosshair position, load progress and timings, in the current language. */
export function createStatus(ctx: AppContext) {
  const bar = $<HTMLProgressElement>('#progress-bar');
  const progressText = $('#progress-text');
  const timings = $('#timings');
  let lastProgress: LoadProgress | undefined;
  // the error line is written again in the other language when the reader switches
  let errorShown: ((lang: Lang) => string) | undefined;
  type Params = Record<string, string | number>;
  const crosshair = () => {
    const c = ctx.crosshairText;
    $('#status').textContent = c
      ? format(ctx.lang, 'crosshairAt', { x: decimal(c.lps[0]!, 1, ctx.lang), y: decimal(c.lps[1]!, 1, ctx.lang), z: decimal(c.lps[2]!, 1, ctx.lang), hu: c.hu === undefined ? '—' : Math.round(c.hu) })
      : '';
  };
  const times = () => {
    const s = ctx.viewer?.state;
    const parts: string[] = [];
    if (s?.firstImageMs !== undefined) parts.push(format(ctx.lang, 'firstImage', { ms: Math.round(s.firstImageMs) }));
    if (s?.fullVolumeMs !== undefined) parts.push(format(ctx.lang, 'fullVolume', { ms: Math.round(s.fullVolumeMs) }));
    timings.textContent = parts.join(' · ');
  };
  return {
    error(key: MessageKey, params: Params | ((lang: Lang) => Params) = {}): void {
      const e = $('#error');
      e.hidden = false;
      errorShown = (lang) => format(lang, key, typeof params === 'function' ? params(lang) : params);
      e.textContent = errorShown(ctx.lang);
    },
    clearError(): void {
      $('#error').hidden = true;
      $('#error').textContent = '';
      errorShown = undefined;
    },
    crosshair,
    timings: times,
    progress(p: LoadProgress): void {
      lastProgress = p;
      showProgress(bar, progressText, p, ctx.lang);
    },
    setLanguage(lang: Lang): void {
      crosshair();
      times();
      if (errorShown && !$('#error').hidden) $('#error').textContent = errorShown(lang);
      if (lastProgress) showProgress(bar, progressText, lastProgress, lang);
    },
  };
}

export type Status = ReturnType<typeof createStatus>;

/** What opening files needs from the page. */
export interface App {
  readonly ctx: AppContext;
  readonly status: Status;
  /** shows the viewer section, creating the viewer and its panels the first time */
  ensureViewer(): Promise<Viewer>;
}
