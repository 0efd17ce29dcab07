/**
 * The session of the open study, without DOM or Cornerstone: its vessels (the store and its commands), the
 * measurements shown for each vessel, and the reader's report inputs, with a typed event map. The vessel view
 * writes the measurements; the report reads the session directly and saving subscribes to its events
 * (autosave.ts).
 */
import type { VesselAnalysis } from '../vessel/analyse.ts';
import { createEmitter, type Emitter } from './events.ts';
import { createVesselStore, type VesselRecord, type VesselStore } from './vessel-store.ts';
import { emptyReportState, type ReportState, type VesselSnapshot } from './work-model.ts';
import { withBifurcations } from './snapshot-bifurcations.ts';

export interface StudyEvents {
  /** a study is open (its key); its volume is in the vessel workers once `volumeReady` resolves */
  study: { readonly studyKey: string; readonly volumeReady: Promise<void> };
  /** a vessel of the open study was added, changed or removed */
  vessels: { readonly studyKey: string };
  /** the measurements shown for a vessel changed (traced, re-measured, contour edited, removed) */
  analysis: { readonly id: string };
  /** the reader's report inputs changed */
  report: { readonly state: ReportState };
  /** the study was closed */
  closed: { readonly studyKey: string | undefined };
}

export interface StudySession {
  readonly events: Emitter<StudyEvents>;
  readonly vessels: VesselStore;
  /** key of the open study (its series), undefined before one is open */
  readonly studyKey: string | undefined;
  /** opens a study: its vessels are the store's for that key */
  open(studyKey: string, volumeReady: Promise<void>): void;
  close(): void;
  /** resolves when the open study's volume is in the vessel workers */
  volumeReady(): Promise<void>;
  /** the measurements shown and reported for a vessel (contour edits measured in) */
  analysis(id: string): VesselAnalysis | undefined;
  setAnalysis(id: string, a: VesselAnalysis | undefined): void;
  /** the reader's report inputs (grades, proposal overrides, free text…) */
  readonly report: ReportState;
  setReport(state: ReportState): void;
  /** the report inputs were edited in place */
  reportEdited(): void;
  /** the open study's vessels with their measurements, for the report and the saved work */
  snapshots(): VesselSnapshot[];
  /** the open study's vessels being measured, without a name, found and not yet accepted or edited, and in all */
  counts(): { analysing: number; unnamed: number; proposed: number; total: number };
}

export function snapshotOf(v: VesselRecord, a: VesselAnalysis | undefined): VesselSnapshot {
  return {
    id: v.id, name: v.name, pointsLps: v.pointsLps, referenceSMm: v.referenceSMm, segmentBoundariesMm: v.segmentBoundariesMm,
    segmentBordersProposed: v.segmentBordersProposed,
    ...(v.found ? { found: v.found } : {}),
    ...(a && v.status === 'ready' ? { measured: { lengthMm: a.centreline.lengthMm, lesions: a.lesions } } : {}),
  };
}

export function createStudySession(store: VesselStore = createVesselStore()): StudySession {
  const events = createEmitter<StudyEvents>();
  const analyses = new Map<string, VesselAnalysis>();
  let studyKey: string | undefined;
  let ready: Promise<void> = Promise.resolve();
  let report = emptyReportState();
  store.events.on('changed', (e) => {
    if (!store.get(e.id)) analyses.delete(e.id);
    if (e.studyKey === studyKey) events.emit('vessels', { studyKey: e.studyKey });
  });
  const list = () => (studyKey ? store.list(studyKey) : []);
  return {
    events,
    vessels: store,
    get studyKey() { return studyKey; },
    open(key, volumeReady) {
      studyKey = key;
      ready = volumeReady;
      events.emit('study', { studyKey: key, volumeReady });
    },
    close() {
      const key = studyKey;
      studyKey = undefined;
      report = emptyReportState();
      events.emit('closed', { studyKey: key });
    },
    volumeReady: () => ready,
    analysis: (id) => analyses.get(id),
    setAnalysis(id, a) {
      if (a) analyses.set(id, a);
      else analyses.delete(id);
      events.emit('analysis', { id });
    },
    get report() { return report; },
    setReport(state) {
      report = state;
      events.emit('report', { state });
    },
    reportEdited: () => events.emit('report', { state: report }),
    snapshots: () => withBifurcations(list().map((v) => snapshotOf(v, analyses.get(v.id))), list(), analyses),
    counts() {
      const l = list();
      return {
        analysing: l.filter((v) => v.status === 'analysing').length,
        unnamed: l.filter((v) => !v.name && v.pointsLps.length >= 2).length,
        proposed: l.filter((v) => v.found?.status === 'proposed').length,
        total: l.length,
      };
    },
  };
}
