/**
 * A small read-only hook for end-to-end tests: project patient points to the page and read values.
 * Tests still drive the app through its UI.
 */
import { cache, type Types } from '@cornerstonejs/core';
import type { MprViewId } from './mpr.ts';
import type { Viewer } from './viewer.ts';

export interface CoroTestHook {
  state(): {
    loading: boolean; framesLoaded: number; framesTotal: number; firstImageMs?: number; fullVolumeMs?: number;
    volumeId?: string; slabMm: number; lang: string; phases: Record<string, number>;
  };
  /** Page (client) coordinates of an LPS point in a view, or undefined when out of the canvas. */
  worldToClient(view: MprViewId, lps: [number, number, number]): [number, number] | undefined;
  getHU(lps: [number, number, number]): number | undefined;
  crosshair(): [number, number, number] | undefined;
  cacheBytes(): number;
  volumeCount(): number;
  /** A view's camera (zoom as parallel scale, mm) and W/L, as Cornerstone holds them. */
  view(view: MprViewId): { parallelScale: number; focalPoint: [number, number, number]; widthHu: number; levelHu: number } | undefined;
  /** True while the 3D view is enabled. */
  view3dOn(): boolean;
  /** The 3D view's state, images painted, time to its first image (ms from switching on). */
  view3d(): ReturnType<Viewer['view3d']['status']> | undefined;
  /** Canvas position (CSS px in the 3D view) of an LPS point on the image shown. */
  project3d(lps: [number, number, number]): [number, number] | undefined;
  /** Turns the 3D camera as a drag of (dx, dy) pixels would. */
  turn3d(dxPx: number, dyPx: number): void;
}

export function installTestHook(getViewer: () => Viewer | undefined): void {
  const hook: CoroTestHook = {
    state() {
      const v = getViewer();
      const s = v?.state;
      return {
        loading: s?.loading ?? false, framesLoaded: s?.framesLoaded ?? 0, framesTotal: s?.framesTotal ?? 0,
        firstImageMs: s?.firstImageMs, fullVolumeMs: s?.fullVolumeMs, volumeId: s?.session?.volumeId,
        slabMm: s?.slabMm ?? 0, lang: s?.lang ?? 'fr', phases: { ...(s?.phases ?? {}) },
      };
    },
    worldToClient(view, lps) {
      const v = getViewer();
      if (!v) return undefined;
      const vp = v.mpr.viewport(view);
      const [x, y] = vp.worldToCanvas(lps as Types.Point3);
      const rect = vp.element.getBoundingClientRect();
      if (x < 0 || y < 0 || x > rect.width || y > rect.height) return undefined;
      return [rect.left + x, rect.top + y];
    },
    getHU: (lps) => getViewer()?.huAt(lps as Types.Point3),
    crosshair() {
      const c = getViewer()?.mpr.getCrosshairCenter();
      return c ? [c[0], c[1], c[2]] : undefined;
    },
    view(view) {
      const v = getViewer();
      if (!v?.state.session) return undefined;
      const cam = v.mpr.viewport(view).getCamera();
      const wl = v.mpr.getWindowLevel(view);
      const f = cam.focalPoint ?? [NaN, NaN, NaN];
      return { parallelScale: cam.parallelScale ?? NaN, focalPoint: [f[0], f[1], f[2]], widthHu: wl?.widthHu ?? NaN, levelHu: wl?.levelHu ?? NaN };
    },
    cacheBytes: () => cache.getCacheSize(),
    volumeCount: () => cache.getVolumes().length,
    view3dOn: () => !!getViewer()?.view3d.enabled,
    view3d: () => getViewer()?.view3d.status(),
    project3d: (lps) => getViewer()?.view3d.project(lps),
    turn3d: (dx, dy) => getViewer()?.view3d.turn(dx, dy),
  };
  (window as unknown as { __coro: CoroTestHook }).__coro = hook;
}
