/**
 * The "trace a vessel" mode seen from the vessel controller: what a click, a dragged point or Esc on the MPR
 * views does to the store (mpr-trace.ts turns the mouse into LPS points), and the compute pool warmed when the
 * mode is entered so the first trace does not wait for a worker to start.
 */
import type { VesselName } from '../../report/segments.ts';
import type { ComputePool } from '../../compute/pool.ts';
import type { VesselMeasures } from '../../study/vessel-measures.ts';
import { insertWaypoint, type VesselStore } from '../../study/vessel-store.ts';
import type { Lps } from '../../volume/volume.ts';
import type { MprTrace, MprTraceCallbacks } from './mpr-trace.ts';

export interface TraceInput {
  redraw(): void;
  setTracing(on: boolean): void;
  /** where the warm-up job samples (a point of the volume) */
  warmAt(lps: readonly [number, number, number]): void;
  /** a 2×2 CPR so the pool starts its worker and loads the volume before the first trace needs it */
  warmPool(): void;
  destroy(): void;
}

export interface TraceInputDeps {
  readonly deps: { readonly createTrace: (cb: MprTraceCallbacks) => MprTrace; readonly pool: ComputePool; readonly vesselLabel?: (name: VesselName) => string };
  readonly state: { tracing: boolean; readonly studyKey: string | undefined };
  readonly store: VesselStore;
  readonly measures: VesselMeasures;
  /** traces the vessel again (its points changed) */
  readonly trace: (id: string) => void;
  /** the second click of a vessel (the time to its first CPR is measured from it) */
  readonly secondClick: () => void;
  readonly remove: (id: string) => void;
  readonly cursorLps: () => Lps | undefined;
  readonly emit: (kind: 'vessels') => void;
}

export function createTraceInput(t: TraceInputDeps): TraceInput {
  const { store, state } = t;
  const selected = () => (store.selectedId ? store.get(store.selectedId) : undefined);
  let newVesselNext = false;
  const startsNewVessel = (): boolean => {
    const v = selected();
    return !v || v.studyKey !== state.studyKey || (v.pointsLps.length >= 2 && newVesselNext);
  };
  const setTracing = (on: boolean) => {
    if (on) warm.run();
    state.tracing = on;
    newVesselNext = on;
    mpr.setActive(on);
    t.emit('vessels');
  };
  const mpr: MprTrace = t.deps.createTrace({
    startsNewVessel,
    click(lps) {
      if (!state.studyKey) return;
      const v = selected();
      if (!v || startsNewVessel()) {
        newVesselNext = false;
        store.add(state.studyKey, lps);
        t.emit('vessels');
        mpr.redraw();
        return;
      }
      store.setPoints(v.id, v.pointsLps.length < 2 ? [...v.pointsLps, lps] : insertWaypoint(v.pointsLps, lps));
      if (v.pointsLps.length === 2) t.secondClick();
      mpr.redraw();
      t.trace(v.id);
    },
    moved(id, index, lps) {
      const v = store.get(id);
      if (!v) return;
      store.setPoints(v.id, v.pointsLps.map((p, i) => (i === index ? lps : p)));
      mpr.redraw();
      t.trace(v.id);
    },
    cancel() {
      const v = selected();
      if (v && v.pointsLps.length < 2) t.remove(v.id);
      setTracing(false);
    },
    vessels: () => (state.studyKey ? store.list(state.studyKey) : []).filter((v) => v.visible).map((v) => ({
      id: v.id, selected: v.id === store.selectedId, pointsLps: v.pointsLps, centrelineLps: t.measures.get(v.id)?.centrelineLps,
      proposed: v.found?.status === 'proposed',
      ...(v.name && t.deps.vesselLabel ? { label: t.deps.vesselLabel(v.name) } : {}),
    })),
    cursorLps: t.cursorLps,
  });
  const warm = poolWarmer(t.deps.pool);
  return { redraw: () => mpr.redraw(), setTracing, warmAt: warm.at, warmPool: warm.run, destroy: () => mpr.destroy() };
}

/** The pool retires idle workers after 30 s: entering trace mode warms it again. */
function poolWarmer(pool: ComputePool): { at(lps: readonly [number, number, number]): void; run(): void } {
  let atLps: readonly [number, number, number] | undefined;
  let count = 0;
  return {
    at: (lps) => { atLps = lps; },
    run() {
      const o = atLps;
      if (!o) return;
      const centrelineLps = Float32Array.of(o[0], o[1], o[2], o[0], o[1], o[2] + 1);
      void pool.cpr({ centrelineLps, mode: 'straightened', rows: 2, cols: 2, pixelMm: 1, angleRad: 0 }, { key: `vessel-warm-${++count}` }).catch(() => {});
    },
  };
}
