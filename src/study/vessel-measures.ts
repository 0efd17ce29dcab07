/**
 * The measurements of the traced vessels, without DOM or Cornerstone: per vessel its centreline (provisional
 * while the lumen is measured), the vessel worker's analysis and contours, the user's contour edits, and the
 * analysis with the edits measured in, which is what the session shows and reports (`session.setAnalysis`).
 */
import { fromTransferable } from '../vessel/analysis-transfer.ts';
import type { VesselAnalysis } from '../vessel/analyse.ts';
import { sectionFrameOf } from '../vessel/contour.ts';
import type { TracedVessel } from '../vessel/worker-api.ts';
import { applyContourEdits, emptyEdits, plaqueAreasDelta, sectionPlaqueAreas, type ContourEdits, type SectionImage } from './contour-edits.ts';
import { refreshSegmentProposals } from './segments.ts';
import type { StudySession } from './session.ts';
import type { VesselRecord } from './vessel-store.ts';

export interface VesselDisplay {
  centrelineLps: Float32Array | undefined;
  /** the measurements shown and reported: the worker's analysis with the user's contour edits measured in */
  analysis: VesselAnalysis | undefined;
  /** the worker's analysis (no edits) */
  base: VesselAnalysis | undefined;
  traced: TracedVessel | undefined;
  /** user-edited lumen and outer wall contours by section index */
  edits: ContourEdits;
}

export interface VesselMeasures {
  get(id: string): VesselDisplay | undefined;
  /** a new trace of the vessel starts: its contour edits are dropped */
  startTrace(id: string): void;
  /** the centreline of a running trace, before its lumen is measured (no analysis yet) */
  setCentreline(id: string, flatLps: Float32Array): void;
  /** a trace or re-measure result: the worker's analysis with the vessel's edits measured in; the vessel is ready */
  setTraced(v: VesselRecord, t: TracedVessel): void;
  /**
   * Replaces the lumen (or outer wall) contour of section q; `shown` is the cross-section image of that section
   * on screen, whose pixels give the plaque change of the edit. False when the vessel has no such section.
   */
  editContour(v: VesselRecord, q: number, radiiMm: Float32Array, which: 'lumen' | 'outer', shown?: SectionImage): boolean;
  /** proposes the SCCT segments of a study's vessels again (a vessel traced, named or deleted moves the landmarks) */
  refreshSegments(studyKey: string): void;
  dispose(): void;
}

/** `forget` is told when a vessel leaves the store (deleted, or replaced by a restore). */
export function createVesselMeasures(session: StudySession, forget: (id: string) => void): VesselMeasures {
  const store = session.vessels;
  const displays = new Map<string, VesselDisplay>();
  const disp = (id: string): VesselDisplay => {
    let d = displays.get(id);
    if (!d) displays.set(id, (d = { centrelineLps: undefined, analysis: undefined, base: undefined, traced: undefined, edits: emptyEdits() }));
    return d;
  };
  const offStore = store.events.on('changed', (e) => {
    if (store.get(e.id) || !displays.has(e.id)) return;
    displays.delete(e.id);
    forget(e.id);
  });
  const refreshSegments = (studyKey: string) => {
    refreshSegmentProposals(store, store.list(studyKey).map((r) => {
      const d = r.status === 'ready' ? displays.get(r.id) : undefined;
      return { record: r, pointsLps: d?.analysis?.centreline.pointsLps, imageBranchesMm: d?.base?.branchesMm };
    }));
  };
  return {
    get: (id) => displays.get(id),
    startTrace(id) { disp(id).edits = emptyEdits(); },
    setCentreline(id, flatLps) {
      Object.assign(disp(id), { centrelineLps: flatLps, analysis: undefined, base: undefined });
      session.setAnalysis(id, undefined);
    },
    setTraced(v, t) {
      const d = disp(v.id);
      d.traced = t;
      d.base = fromTransferable(t.analysis);
      d.analysis = applyContourEdits(d.base, t, d.edits, v.referenceSMm);
      session.setAnalysis(v.id, d.analysis);
      d.centrelineLps = flatPoints(d.analysis.centreline.pointsLps);
      store.setStatus(v.id, 'ready');
      refreshSegments(v.studyKey);
    },
    editContour(v, q, radiiMm, which, shown) {
      const d = displays.get(v.id);
      const t = d?.traced;
      if (!d || !t || !d.base || q < 0 || q >= d.base.profile.length) return false;
      (which === 'lumen' ? d.edits.lumen : d.edits.outer).set(q, radiiMm);
      if (shown) d.edits.plaqueDelta.set(q, plaqueDeltaOf(d.base, t, d.edits, q, shown));
      d.analysis = applyContourEdits(d.base, t, d.edits, v.referenceSMm);
      session.setAnalysis(v.id, d.analysis);
      return true;
    },
    refreshSegments,
    dispose: offStore,
  };
}

function flatPoints(pts: readonly (readonly [number, number, number])[]): Float32Array {
  const flat = new Float32Array(pts.length * 3);
  pts.forEach((p, q) => flat.set(p, q * 3));
  return flat;
}

/** Plaque change of section q on the shown image: the edited contours against the worker's. */
function plaqueDeltaOf(base: VesselAnalysis, t: TracedVessel, edits: ContourEdits, q: number, img: SectionImage) {
  const frame = sectionFrameOf(base, t, q);
  const R = t.rays;
  const lumen0 = t.radiiMm.subarray(q * R, (q + 1) * R), outer0 = t.outerMm.subarray(q * R, (q + 1) * R);
  const after = sectionPlaqueAreas(img, frame, edits.lumen.get(q) ?? lumen0, edits.outer.get(q) ?? outer0);
  return plaqueAreasDelta(after, sectionPlaqueAreas(img, frame, lumen0, outer0));
}
