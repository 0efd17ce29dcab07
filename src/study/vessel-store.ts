/**
 * The vessels of every study opened in the page (kept when another study is opened), changed only through
 * the store's commands: trace (add, set the points), rename, show/hide, select, set the reference, move or
 * propose the segment borders, status of the measurement, delete, restore from saved work. Records are
 * read-only outside this file; each command emits `changed` with the vessel's id and study.
 */
import { isVesselName, type VesselLandmarksMm, type VesselName } from '../report/segments.ts';
import type { Lps } from '../volume/volume.ts';
import { createEmitter, type Emitter } from './events.ts';

export type VesselStatus = 'tracing' | 'analysing' | 'ready' | 'failed';

/** A vessel of the found tree: proposed until the reader accepts it, or edits it (points, name or reference). */
export type ProposalStatus = 'proposed' | 'accepted' | 'edited';
export interface FoundInfo {
  readonly status: ProposalStatus;
  /** the vessel starts on the aortic wall (a trunk of the tree) */
  readonly fromAorta: boolean;
}

/** A vessel of the found tree put into the store. */
export interface FoundVesselInput {
  readonly name: VesselName;
  /** ostium, waypoints…, distal end */
  readonly pointsLps: readonly Lps[];
  readonly fromAorta: boolean;
}

export interface VesselRecord {
  readonly id: string;
  readonly studyKey: string;
  readonly name: VesselName | undefined;
  readonly visible: boolean;
  readonly status: VesselStatus;
  /** ostium, waypoints…, distal end */
  readonly pointsLps: readonly Lps[];
  /** user reference positions (arc length, mm), or undefined for the automatic reference */
  readonly referenceSMm: readonly [number, number] | undefined;
  /** segment borders (arc length, mm): the proposal, moved by the user, or undefined (not proposed yet) */
  readonly segmentBoundariesMm: readonly number[] | undefined;
  /** true while segmentBoundariesMm is the automatic proposal (proposed again when vessels change) */
  readonly segmentBordersProposed: boolean;
  /** landmarks the proposal came from (arc lengths on this vessel, mm) */
  readonly segmentLandmarksMm: VesselLandmarksMm | undefined;
  /** why the last measurement failed, in the user's language */
  readonly error: string | undefined;
  /** set for a vessel of the found tree (src/tree), undefined for a vessel the reader traced */
  readonly found: FoundInfo | undefined;
}

/** A saved vessel put back into the store (src/study/work-model.ts restoreFromWork). */
export interface VesselRestore {
  readonly name: VesselName;
  readonly pointsLps: readonly Lps[];
  readonly referenceSMm: readonly [number, number] | undefined;
  /** inner segment borders (mm) */
  readonly segmentBoundariesMm: readonly number[] | undefined;
  /** true when the saved borders were the automatic proposal */
  readonly segmentBordersProposed: boolean;
  readonly found?: FoundInfo;
}

export interface VesselStoreEvents {
  /** a vessel was added, changed or removed */
  changed: { readonly id: string; readonly studyKey: string };
  /** the selection changed */
  selected: { readonly id: string | undefined };
}

export interface VesselStore {
  readonly events: Emitter<VesselStoreEvents>;
  list(studyKey: string): VesselRecord[];
  get(id: string): VesselRecord | undefined;
  readonly selectedId: string | undefined;
  select(id: string | undefined): void;
  /** a new vessel from its first click (selected) */
  add(studyKey: string, first: Lps): VesselRecord;
  /** a vessel of the found tree, named, with its points, proposed (not selected) */
  addFound(studyKey: string, v: FoundVesselInput): VesselRecord;
  /** the reader accepts a proposed vessel as it is */
  accept(id: string): void;
  /** the traced points (ostium, waypoints…, distal end) */
  setPoints(id: string, pointsLps: readonly Lps[]): void;
  /** a found vessel's waypoint the trace refuses (on an occlusion's bridge: no lumen) goes; the vessel stays as proposed */
  dropFoundWaypoint(id: string, index: number): void;
  rename(id: string, name: string): void;
  setVisible(id: string, visible: boolean): void;
  setStatus(id: string, status: VesselStatus, error?: string): void;
  setReference(id: string, referenceSMm: readonly [number, number] | undefined): void;
  /** the user's segment borders (no longer proposed) */
  moveBorders(id: string, bordersMm: readonly number[]): void;
  /** the automatic proposal of the segment borders and the landmarks it came from */
  proposeBorders(id: string, bordersMm: readonly number[], landmarks: VesselLandmarksMm): void;
  /** drops the user's borders: the next proposal takes over */
  clearBorders(id: string): void;
  remove(id: string): void;
  /** replaces the study's vessels by saved ones (those with ≥ 2 points); returns the new records */
  restore(studyKey: string, vessels: readonly VesselRestore[]): VesselRecord[];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A found vessel whose points, name or reference the reader changes is no longer the proposal. */
function edited(v: Mutable<VesselRecord>): void {
  if (v.found && v.found.status !== 'edited') v.found = { ...v.found, status: 'edited' };
}

type RecordCommands = Pick<VesselStore, 'accept' | 'setPoints' | 'dropFoundWaypoint' | 'rename' | 'setVisible' | 'setStatus'
  | 'setReference' | 'moveBorders' | 'proposeBorders' | 'clearBorders'>;

/** The commands that change one record; `change` finds it (or throws) and says it changed. */
function recordCommands(change: (id: string, f: (v: Mutable<VesselRecord>) => void) => void): RecordCommands {
  return {
    accept: (id) => change(id, (v) => { if (v.found?.status === 'proposed') v.found = { ...v.found, status: 'accepted' }; }),
    setPoints: (id, pointsLps) => change(id, (v) => { edited(v); v.pointsLps = [...pointsLps]; }),
    dropFoundWaypoint: (id, index) => change(id, (v) => {
      if (v.found && index > 0 && index < v.pointsLps.length - 1) v.pointsLps = v.pointsLps.filter((_, q) => q !== index);
    }),
    rename(id, name) {
      if (!isVesselName(name)) throw new Error(`unknown vessel name ${JSON.stringify(name)}`);
      change(id, (v) => {
        if (v.name !== name) {
          Object.assign(v, { segmentBoundariesMm: undefined, segmentBordersProposed: false, segmentLandmarksMm: undefined });
          edited(v);
        }
        v.name = name;
      });
    },
    setVisible: (id, visible) => change(id, (v) => { v.visible = visible; }),
    setStatus: (id, status, error) => change(id, (v) => { v.status = status; v.error = error; }),
    setReference: (id, referenceSMm) => change(id, (v) => { edited(v); v.referenceSMm = referenceSMm ? [referenceSMm[0], referenceSMm[1]] : undefined; }),
    moveBorders: (id, bordersMm) => change(id, (v) => { v.segmentBoundariesMm = [...bordersMm]; v.segmentBordersProposed = false; }),
    proposeBorders: (id, bordersMm, landmarks) => change(id, (v) => {
      v.segmentBoundariesMm = [...bordersMm]; v.segmentBordersProposed = true; v.segmentLandmarksMm = landmarks;
    }),
    clearBorders: (id) => change(id, (v) => { v.segmentBoundariesMm = undefined; v.segmentBordersProposed = false; }),
  };
}

export function createVesselStore(): VesselStore {
  const byId = new Map<string, Mutable<VesselRecord>>();
  const events = createEmitter<VesselStoreEvents>();
  let selectedId: string | undefined;
  let counter = 0;
  const change = (id: string, f: (v: Mutable<VesselRecord>) => void): void => {
    const v = byId.get(id);
    if (!v) throw new Error(`no vessel ${id}`);
    f(v);
    events.emit('changed', { id, studyKey: v.studyKey });
  };
  const create = (studyKey: string, pointsLps: readonly Lps[]): Mutable<VesselRecord> => {
    const v: Mutable<VesselRecord> = {
      id: `v${++counter}`, studyKey, name: undefined, visible: true, status: 'tracing', pointsLps, referenceSMm: undefined,
      segmentBoundariesMm: undefined, segmentBordersProposed: false, segmentLandmarksMm: undefined, error: undefined, found: undefined,
    };
    byId.set(v.id, v);
    return v;
  };
  const store: VesselStore = {
    events,
    list: (studyKey) => [...byId.values()].filter((v) => v.studyKey === studyKey),
    get: (id) => byId.get(id),
    get selectedId() { return selectedId; },
    select(id) {
      if (id !== undefined && !byId.has(id)) throw new Error(`no vessel ${id}`);
      selectedId = id;
      events.emit('selected', { id });
    },
    add(studyKey, first) {
      const v = create(studyKey, [first]);
      selectedId = v.id;
      events.emit('changed', { id: v.id, studyKey });
      events.emit('selected', { id: v.id });
      return v;
    },
    addFound(studyKey, f) {
      if (f.pointsLps.length < 2) throw new Error(`found vessel ${f.name} has ${f.pointsLps.length} point(s), at least 2 expected`);
      const v = create(studyKey, f.pointsLps.map((p) => [p[0], p[1], p[2]] as const));
      Object.assign(v, { name: f.name, found: { status: 'proposed', fromAorta: f.fromAorta } });
      events.emit('changed', { id: v.id, studyKey });
      return v;
    },
    ...recordCommands(change),
    remove(id) {
      const v = byId.get(id);
      if (!v) return;
      byId.delete(id);
      if (selectedId === id) { selectedId = undefined; events.emit('selected', { id: undefined }); }
      events.emit('changed', { id, studyKey: v.studyKey });
    },
    restore(studyKey, vessels) {
      for (const v of store.list(studyKey)) store.remove(v.id);
      const out = vessels.filter((s) => s.pointsLps.length >= 2).map((s) => {
        const v = create(studyKey, s.pointsLps.map((p) => [p[0], p[1], p[2]] as const));
        Object.assign(v, {
          name: s.name, referenceSMm: s.referenceSMm, segmentBoundariesMm: s.segmentBoundariesMm,
          segmentBordersProposed: s.segmentBordersProposed, found: s.found,
        });
        events.emit('changed', { id: v.id, studyKey });
        return v as VesselRecord;
      });
      return out;
    },
  };
  return store;
}

/** Study key of a Cornerstone volume id `coro-<token>-<series>` (the same series opened again maps to the same key). */
export function studyKeyOf(volumeId: string): string {
  return volumeId.replace(/^coro-[0-9a-f]+-/, '');
}

const dist = (a: Lps, b: Lps): number => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

/**
 * Where a new waypoint goes in a traced path (ostium first, distal end last): between the two consecutive
 * points whose detour through it is the shortest. Returns the new list.
 */
export function insertWaypoint(points: readonly Lps[], p: Lps): Lps[] {
  if (points.length < 2) return [...points, p];
  let best = 1, bestCost = Infinity;
  for (let i = 0; i + 1 < points.length; i++) {
    const cost = dist(points[i]!, p) + dist(p, points[i + 1]!) - dist(points[i]!, points[i + 1]!);
    if (cost < bestCost) { bestCost = cost; best = i + 1; }
  }
  return [...points.slice(0, best), p, ...points.slice(best)];
}
