/**
 * The saved work of the open study behind the report panel: loaded by StudyInstanceUID when the study's first
 * image is in, put back into the session once the volume is in the vessel workers (the vessels measured
 * again), saved after every change of the session (autosave.ts), replaced by an imported work.
 */
import { buildReport, type StructuredReport } from '../../report/report.ts';
import { reportInputFromWork, type SavedWork } from '../../report/saved-work.ts';
import { isWorkError, workMessage } from '../../report/work-errors.ts';
import { loadWork, saveWork, type KeyValueStore } from '../../report/work-store.ts';
import { subscribeAutosave } from '../../study/autosave.ts';
import { sameVessels } from '../../study/same-vessels.ts';
import type { StudySession } from '../../study/session.ts';
import { restoreFromWork, workFromState } from '../../study/work-model.ts';
import type { AppEvents } from '../../viewer/events.ts';
import type { Lang } from '../../i18n/index.ts';
import { rt } from './report-i18n.ts';
import type { StudyInfo } from './study-info.ts';

/** What the report needs of the vessel view: measure the restored vessels and show one. */
export interface ReportView {
  measureStudy(): void;
  select(id: string): void;
  setCursor(index: number): void;
  /** a change of the view ('cpr', 'section', …) */
  onChange(fn: (kind: string) => void): () => void;
}

export interface ReportWorkDeps {
  readonly session: StudySession;
  readonly events: AppEvents;
  readonly view: ReportView;
  readonly store: KeyValueStore;
  /** StudyInstanceUID and technique of the open series, once its headers are read */
  readonly studyInfo: () => StudyInfo | undefined;
  readonly lang: () => Lang;
  /** a message in the reader's language (written again when the language changes) */
  readonly message: (text: (lang: Lang) => string, kind: 'info' | 'error') => void;
  /** a work was saved (its time and vessel count are shown) */
  readonly saved: (work: SavedWork | undefined) => void;
  readonly render: () => void;
}

export interface ReportWork {
  readonly info: StudyInfo | undefined;
  /** the work and report of the session as it is now (undefined before a study is open) */
  compute(): { work: SavedWork; report: StructuredReport } | undefined;
  /** the last computed, or a new one */
  current(): { work: SavedWork; report: StructuredReport } | undefined;
  save(): Promise<void>;
  /** replaces the study's work (import): vessels re-measured, report state restored, then saved; returns the vessel count */
  replaceWork(work: SavedWork): Promise<number>;
  destroy(): void;
}

interface WorkState {
  info: StudyInfo | undefined;
  previous: SavedWork | null;
  ready: boolean;
  loading: Promise<SavedWork | null> | undefined;
  current: { work: SavedWork; report: StructuredReport } | undefined;
}

const errorText = (e: unknown, lang: Lang): string => (isWorkError(e) ? workMessage(e.code, e.params, lang) : String(e));

export function createReportWork(deps: ReportWorkDeps): ReportWork {
  const { session } = deps;
  const st: WorkState = { info: undefined, previous: null, ready: false, loading: undefined, current: undefined };
  const compute = () => {
    if (!st.info) return (st.current = undefined);
    const work = workFromState(st.info.studyInstanceUid, session.snapshots(), { ...session.report, technique: st.info.technique }, st.previous);
    return (st.current = { work, report: buildReport(reportInputFromWork(work)) });
  };
  const save = async () => {
    const cur = compute();
    if (!cur || !st.ready) return;
    try {
      await saveWork(deps.store, cur.work);
      st.previous = cur.work;
      deps.saved(cur.work);
    } catch (e) {
      deps.message((l) => rt(l, 'saveFailed', { reason: errorText(e, l) }), 'error');
    }
  };
  const startLoading = () => {
    if (st.info) return;
    st.info = deps.studyInfo();
    if (!st.info) return;
    st.loading = loadWork(deps.store, st.info.studyInstanceUid).catch((e) => {
      deps.message((l) => errorText(e, l), 'error');
      return null;
    });
  };
  const offs = [
    deps.events.on('firstImage', startLoading),
    session.events.on('study', (e) => { startLoading(); void restoreWhenReady(deps, st, e); }),
    deps.events.on('closed', () => {
      Object.assign(st, { info: undefined, loading: undefined, ready: false, previous: null, current: undefined });
      session.close();
      deps.saved(undefined);
    }),
    subscribeAutosave(session, save),
  ];
  return {
    get info() { return st.info; },
    compute,
    current: () => st.current ?? compute(),
    save,
    async replaceWork(work) {
      const n = await applyWork(deps, st, work);
      await save();
      return n;
    },
    destroy() { for (const off of offs) off(); },
  };
}

/** A study opened in the session: its saved work (if any) comes back once the volume is in the vessel workers. */
async function restoreWhenReady(deps: ReportWorkDeps, st: WorkState, e: { studyKey: string; volumeReady: Promise<void> }): Promise<void> {
  const [work] = await Promise.all([st.loading ?? Promise.resolve(null), e.volumeReady]);
  const { session } = deps;
  if (session.studyKey !== e.studyKey) return;
  if (work && session.vessels.list(e.studyKey).length === 0) {
    const n = await applyWork(deps, st, work);
    deps.message((l) => rt(l, 'restored', { vessels: n }), 'info');
  }
  st.ready = true;
  deps.render();
}

/** Puts a work's vessels and report inputs into the session and measures the vessels (volume in the workers). */
async function applyWork(deps: ReportWorkDeps, st: WorkState, work: SavedWork): Promise<number> {
  const { session } = deps;
  const r = restoreFromWork(work);
  st.previous = work;
  session.setReport(r.state);
  const key = session.studyKey;
  if (!key) return 0;
  if (sameVessels(session.snapshots(), r.vessels)) return r.vessels.length; // nothing to re-measure
  const added = session.vessels.restore(key, r.vessels);
  await session.volumeReady();
  deps.view.measureStudy();
  if (added[0]) deps.view.select(added[0].id);
  return added.length;
}
