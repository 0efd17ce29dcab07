/**
 * The CPR and cross-section image jobs of the vessel view on the WASM compute pool (one CPR job in flight, the
 * newest request waiting; keyed so a stale queued job is dropped), and their upload to the Cornerstone panels
 * (the next CPR is computed while the previous one is uploaded; showing keeps the newest).
 */
import type { ComputePool } from '../../compute/pool.ts';
import type { CprOptions, CprResult, CrossSectionsResult } from '../../kernels/views.ts';
import type { ImagePanel } from './image-panel.ts';
import type { CprMode } from '../../study/vessel-view.ts';

export const CPR_PIXEL_MM = 0.2, CPR_COLS = 200, XS_SIZE = 128, XS_PIXEL_MM = 0.1;
const isCancel = (e: unknown) => (e as { code?: string } | null)?.code === 'COMPUTE_CANCELLED';

/** LPS → the shown cross-section's image space (mm from pixel (0, 0) along its columns and rows). */
export function lpsToSectionImage(r: CrossSectionsResult, p: readonly [number, number, number]): [number, number, number] {
  const h = ((r.size - 1) / 2) * r.pixelMm;
  const d = [p[0] - r.centreLps[0]!, p[1] - r.centreLps[1]!, p[2] - r.centreLps[2]!];
  const u = r.axisULps, v = r.axisVLps;
  return [h + d[0]! * u[0]! + d[1]! * u[1]! + d[2]! * u[2]!, h + d[0]! * v[0]! + d[1]! * v[1]! + d[2]! * v[2]!, 0];
}

/** The cross-section's image space → LPS (inverse of lpsToSectionImage in the plane). */
export function sectionImageToLps(r: CrossSectionsResult, w: readonly [number, number, number]): [number, number, number] {
  const h = ((r.size - 1) / 2) * r.pixelMm;
  const a = w[0] - h, b = w[1] - h, c = r.centreLps, u = r.axisULps, v = r.axisVLps;
  return [c[0]! + a * u[0]! + b * v[0]!, c[1]! + a * u[1]! + b * v[1]!, c[2]! + a * u[2]! + b * v[2]!];
}

export interface PanelJobsState {
  mode: CprMode;
  angleDeg: number;
  cursorIndex: number;
  lastCpr: CprResult | undefined;
  lastSection: CrossSectionsResult | undefined;
  sectionIndex: number | undefined;
  cprFrames: number;
  lastCprMs: number | undefined;
}

export interface PanelJobsDeps {
  readonly key: string;
  readonly pool: ComputePool;
  readonly cpr: ImagePanel;
  readonly section: ImagePanel;
  readonly state: PanelJobsState;
  /** the selected vessel's centreline (flat LPS) and the arc length of section q */
  readonly centreline: () => { flatLps: Float32Array; arcAt: (q: number) => number; sections: number } | undefined;
  /** ms timestamp of the second click, consumed when the first CPR is shown */
  readonly takeClickT0: () => number | undefined;
  readonly emit: (kind: 'cpr' | 'section') => void;
}

export function createPanelJobs(deps: PanelJobsDeps): { requestCpr(): void; requestSection(): void } {
  const { state, pool } = deps;
  // At most one CPR computing, one waiting to be shown and one being drawn: a new job starts only when no
  // computed image is waiting, so the kernels run at the rate the page draws (computing 100 images/s for the
  // 15 a SwiftShader page draws took the CPU the GPU process needed on a 2-core machine).
  let cprShowing = false;
  let cprPending: CprResult | undefined;
  const showCpr = async (r: CprResult) => {
    if (cprShowing) { cprPending = r; return; }
    cprShowing = true;
    try {
      await deps.cpr.show({
        data: r.data, width: r.width, height: r.height, colSpacingMm: r.colSpacingMm, rowSpacingMm: r.rowSpacingMm,
        originLps: [0, 0, 0], rowDir: [1, 0, 0], colDir: [0, 1, 0], frameOfReferenceUID: 'coro-vessel-cpr',
      });
      state.lastCpr = r;
      state.cprFrames++;
      const t0 = deps.takeClickT0();
      if (t0 !== undefined) state.lastCprMs = performance.now() - t0;
      deps.emit('cpr');
      await deps.cpr.drawn();
    } finally {
      cprShowing = false;
      const next = cprPending;
      cprPending = undefined;
      if (next) void showCpr(next);
      // the waiting image is now being drawn: the newest request may compute meanwhile
      pump();
    }
  };
  // One job in flight, the newest request waiting replaces older ones (cancelling a running job on every mouse
  // move would let almost none finish); the pool key still drops a stale queued job
  let busy = false;
  let pending: CprOptions | undefined;
  const pump = () => {
    if (busy || !pending || cprPending) return;
    const o = pending;
    pending = undefined;
    busy = true;
    pool.cpr(o, { key: `${deps.key}-cpr`, priority: 2 })
      .then((r) => { void showCpr(r); }, (e) => { if (!isCancel(e)) console.error(e); })
      .finally(() => {
        busy = false;
        pump();
      });
  };
  return {
    requestCpr() {
      const c = deps.centreline();
      if (!c) return;
      const lengthMm = c.arcAt(c.sections - 1) || (c.flatLps.length / 3) * 0.25;
      const rows = Math.max(2, Math.min(1024, Math.round(lengthMm / 0.25)));
      const o: CprOptions = { centrelineLps: c.flatLps, mode: state.mode, rows, cols: CPR_COLS, pixelMm: CPR_PIXEL_MM, angleRad: (state.angleDeg * Math.PI) / 180 };
      pending = o;
      pump();
    },
    requestSection() {
      const c = deps.centreline();
      if (!c) return;
      // the cursor may still hold an index of the previously selected, longer vessel
      const q = Math.max(0, Math.min(c.sections - 1, state.cursorIndex));
      pool.crossSections({ centrelineLps: c.flatLps, arcMm: [c.arcAt(q)], size: XS_SIZE, pixelMm: XS_PIXEL_MM }, { key: `${deps.key}-xs`, priority: 3 })
        .then(async (r) => {
          // shown in its own image space (mm, axis-aligned): an oblique plane in a StackViewport is drawn skewed
          await deps.section.show({
            data: r.data, width: XS_SIZE, height: XS_SIZE, colSpacingMm: XS_PIXEL_MM, rowSpacingMm: XS_PIXEL_MM,
            originLps: [0, 0, 0], rowDir: [1, 0, 0], colDir: [0, 1, 0], frameOfReferenceUID: 'coro-vessel-section',
          });
          state.lastSection = r;
          state.sectionIndex = q;
          deps.emit('section');
        }, (e) => { if (!isCancel(e)) console.error(e); });
    },
  };
}
