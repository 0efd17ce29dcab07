/** Read-only hook for the e2e tests and the bench (window.__coroVessel); the tests drive the UI. */
import type { VesselController } from '../../viewer/vessel/vessel-controller.ts';

export interface CoroVesselHook {
  state(): {
    tracing: boolean; mode: string; angleDeg: number; cursorIndex: number; cprFrames: number; lastCprMs?: number;
    cprSize?: [number, number]; sectionIndex?: number; lastTraceMs?: Record<string, number>; vessels: { id: string; name?: string; status: string; visible: boolean; points: number; lesions: number; lengthMm?: number; branchesMm?: readonly number[] }[];
  };
  /** LPS of the cursor on the selected vessel */
  cursorLps(): [number, number, number] | undefined;
  /** arc length (mm) of the selected vessel's lesions' MLA sections */
  lesionArcs(): number[];
  /** the selected vessel's lesions as measured (edits included), unrounded */
  lesionStats(): { sMm: number; mlaMm2: number; diameterStenosisPct: number; areaStenosisPct: number; plaqueMm3: number; remodellingIndex: number }[];
  /** the selected vessel's edited sections and their plaque area changes (mm²) */
  edits(): { lumen: number[]; outer: number[]; plaqueDeltaMm2: [number, number, number, number][] };
  /** the centrelines are in the 3D view */
  centreline3dShown(): boolean;
}

export function installVesselTestHook(c: VesselController): () => void {
  const hook: CoroVesselHook = {
    state() {
      const s = c.state;
      const vessels = (s.studyKey ? c.store.list(s.studyKey) : []).map((v) => {
        const d = c.display(v.id), a = d?.analysis;
        return { id: v.id, name: v.name, status: v.status, visible: v.visible, points: v.pointsLps.length, lesions: a?.lesions.length ?? 0, lengthMm: a?.centreline.lengthMm, branchesMm: a?.branchesMm };
      });
      return {
        tracing: s.tracing, mode: s.mode, angleDeg: s.angleDeg, cursorIndex: s.cursorIndex, cprFrames: s.cprFrames, lastCprMs: s.lastCprMs,
        cprSize: s.lastCpr ? [s.lastCpr.width, s.lastCpr.height] : undefined, sectionIndex: s.sectionIndex, lastTraceMs: s.lastTraceMs, vessels,
      };
    },
    cursorLps() {
      const p = c.cursorLps();
      return p ? [p[0], p[1], p[2]] : undefined;
    },
    centreline3dShown: () => c.centreline3dShown(),
    lesionStats() {
      const v = c.selected();
      return ((v ? c.display(v.id)?.analysis?.lesions : undefined) ?? []).map((l) => ({
        sMm: l.sMm, mlaMm2: l.mlaMm2, diameterStenosisPct: l.diameterStenosisPct, areaStenosisPct: l.areaStenosisPct,
        plaqueMm3: l.plaque.calcifiedMm3 + l.plaque.nonCalcifiedMm3 + l.plaque.lowAttenuationMm3, remodellingIndex: l.remodellingIndex,
      }));
    },
    edits() {
      const v = c.selected();
      const e = v ? c.display(v.id)?.edits : undefined;
      return {
        lumen: e ? [...e.lumen.keys()] : [], outer: e ? [...e.outer.keys()] : [],
        plaqueDeltaMm2: e ? [...e.plaqueDelta].map(([q, d]) => [q, d.calcifiedMm2, d.nonCalcifiedMm2, d.lowAttenuationMm2] as [number, number, number, number]) : [],
      };
    },
    lesionArcs() {
      const v = c.selected();
      return (v ? c.display(v.id)?.analysis?.lesions : undefined)?.map((l) => l.sMm) ?? [];
    },
  };
  const w = window as unknown as { __coroVessel?: CoroVesselHook };
  w.__coroVessel = hook;
  return () => { if (w.__coroVessel === hook) delete w.__coroVessel; };
}
