/**
 * View state of the vessel workflow, without DOM or Cornerstone: the vessels of each study (list, show/hide,
 * select, rename, delete), the points being traced, the CPR mode and angle, the linked cursor.
 */
import { isVesselName, type VesselLandmarksMm, type VesselName } from '../../report/segments.ts';

export type PointLps = readonly [number, number, number];
export type CprMode = 'straightened' | 'stretched';
export type VesselStatus = 'tracing' | 'analysing' | 'ready' | 'failed';

export interface VesselRecord {
  readonly id: string;
  readonly studyKey: string;
  name: VesselName | undefined;
  visible: boolean;
  status: VesselStatus;
  /** ostium, waypoints…, distal end */
  pointsLps: PointLps[];
  /** user reference positions (arc length, mm), or undefined for the automatic reference */
  referenceSMm: [number, number] | undefined;
  /** segment boundaries (arc length, mm): the landmark proposal, moved by the user, or undefined (not proposed yet) */
  segmentBoundariesMm: number[] | undefined;
  /** true while segmentBoundariesMm is the controller's proposal (re-proposed when vessels change) */
  segmentBordersProposed?: boolean;
  /** landmarks the proposal came from (arc lengths on this vessel, mm) */
  segmentLandmarksMm?: VesselLandmarksMm;
  error: string | undefined;
}

/** Angle in degrees brought to [0, 360). */
export function normaliseDeg(deg: number): number {
  if (!Number.isFinite(deg)) throw new Error(`angle must be finite, got ${deg}`);
  const a = deg % 360;
  return a < 0 ? a + 360 : a === 0 ? 0 : a;
}

/** CPR angle after a horizontal drag of `dxPx` pixels from `startDeg` (a full turn for `pxPerTurn` pixels). */
export function dragAngleDeg(startDeg: number, dxPx: number, pxPerTurn = 720): number {
  return normaliseDeg(startDeg + (360 * dxPx) / pxPerTurn);
}

/** Index of the value of an ascending array nearest to `x` (binary search). */
export function nearestIndex(ascending: ArrayLike<number>, x: number): number {
  const n = ascending.length;
  if (n === 0) throw new Error('nearestIndex: empty array');
  let lo = 0, hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (ascending[mid]! <= x) lo = mid;
    else hi = mid;
  }
  return Math.abs(ascending[lo]! - x) <= Math.abs(ascending[hi]! - x) ? lo : hi;
}

function dist(a: PointLps, b: PointLps): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

/**
 * Where a new waypoint goes in a traced path (ostium first, distal end last): between the two consecutive
 * points whose detour through it is the shortest. Returns the new list.
 */
export function insertWaypoint(points: readonly PointLps[], p: PointLps): PointLps[] {
  if (points.length < 2) return [...points, p];
  let best = 1, bestCost = Infinity;
  for (let i = 0; i + 1 < points.length; i++) {
    const cost = dist(points[i]!, p) + dist(p, points[i + 1]!) - dist(points[i]!, points[i + 1]!);
    if (cost < bestCost) { bestCost = cost; best = i + 1; }
  }
  return [...points.slice(0, best), p, ...points.slice(best)];
}

/** Study key of a Cornerstone volume id `coro-<n>-<series>` (the same series opened again maps to the same key). */
export function studyKeyOf(volumeId: string): string {
  return volumeId.replace(/^coro-\d+-/, '');
}

export interface VesselStore {
  list(studyKey: string): VesselRecord[];
  get(id: string): VesselRecord | undefined;
  add(studyKey: string, first: PointLps): VesselRecord;
  remove(id: string): void;
  rename(id: string, name: string): void;
  setVisible(id: string, visible: boolean): void;
  select(id: string | undefined): void;
  readonly selectedId: string | undefined;
}

/** The vessels of every study opened in this page (kept when another study is opened). */
export function createVesselStore(): VesselStore {
  const byId = new Map<string, VesselRecord>();
  let selectedId: string | undefined;
  let counter = 0;
  const need = (id: string): VesselRecord => {
    const v = byId.get(id);
    if (!v) throw new Error(`no vessel ${id}`);
    return v;
  };
  return {
    list: (studyKey) => [...byId.values()].filter((v) => v.studyKey === studyKey),
    get: (id) => byId.get(id),
    add(studyKey, first) {
      const v: VesselRecord = {
        id: `v${++counter}`, studyKey, name: undefined, visible: true, status: 'tracing', pointsLps: [first],
        referenceSMm: undefined, segmentBoundariesMm: undefined, error: undefined,
      };
      byId.set(v.id, v);
      selectedId = v.id;
      return v;
    },
    remove(id) {
      byId.delete(id);
      if (selectedId === id) selectedId = undefined;
    },
    rename(id, name) {
      if (!isVesselName(name)) throw new Error(`unknown vessel name ${JSON.stringify(name)}`);
      const v = need(id);
      if (v.name !== name) { v.segmentBoundariesMm = undefined; v.segmentBordersProposed = undefined; v.segmentLandmarksMm = undefined; }
      v.name = name;
    },
    setVisible(id, visible) {
      need(id).visible = visible;
    },
    select(id) {
      if (id !== undefined) need(id);
      selectedId = id;
    },
    get selectedId() {
      return selectedId;
    },
  };
}
