// Test page for src/viewer/vessel/image-panel.ts alone (Cornerstone core, one StackViewport): shows known HU
// images through the panel, reads the drawn grey levels back from the viewport canvas, reads HU back through
// the viewport's image data (what the probe tool reads) and times image updates. Driven by
// tests/e2e/vessel-panel.e2e.ts and tests/bench/viewer/vessel-view.bench.ts through window.__panelCheck.
import { Enums, eventTarget, init, RenderingEngine } from '@cornerstonejs/core';
import { annotation, init as toolsInit } from '@cornerstonejs/tools';
import { createImagePanel, type PanelImage, type PanelRenderer } from '../../src/viewer/vessel/image-panel.ts';
import { createPanelTools, type PanelTool, type PanelTools } from '../../src/viewer/vessel/panel-tools.ts';

export interface ShowOptions {
  width: number; height: number; colSpacingMm: number; rowSpacingMm: number;
  /** HU = a + bx·column + by·row (+ k·frame when animating) */
  a: number; bx: number; by: number;
}

const el = document.getElementById('panel') as HTMLDivElement;
let panel: ReturnType<typeof createImagePanel> | undefined;
let engine: RenderingEngine | undefined;
let tools: PanelTools | undefined;

function image(o: ShowOptions, frame = 0, originZ = 0): PanelImage {
  const data = new Float32Array(o.width * o.height);
  for (let y = 0; y < o.height; y++) for (let x = 0; x < o.width; x++) data[y * o.width + x] = o.a + o.bx * x + o.by * y + 10 * frame;
  return {
    data, width: o.width, height: o.height, colSpacingMm: o.colSpacingMm, rowSpacingMm: o.rowSpacingMm,
    originLps: [0, 0, originZ], rowDir: [1, 0, 0], colDir: [0, 1, 0], frameOfReferenceUID: 'coro-panel-check',
  };
}

/** Resolves after the viewport's next IMAGE_RENDERED event. */
function rendered(): Promise<void> {
  return new Promise((resolve) => {
    const on = () => { el.removeEventListener(Enums.Events.IMAGE_RENDERED, on); resolve(); };
    el.addEventListener(Enums.Events.IMAGE_RENDERED, on);
  });
}

function greyAt(x: number, y: number): number {
  const canvas = el.querySelector('canvas')!;
  const g = canvas.getContext('2d', { willReadFrequently: true })!;
  const d = g.getImageData(Math.round(x), Math.round(y), 1, 1).data;
  return d[0]!;
}

const api = {
  async setUp(voi: { lower: number; upper: number }, renderer: PanelRenderer = 'gpu') {
    await init();
    // before the viewport is enabled: the tools listen to the mouse on the elements enabled after their init
    toolsInit();
    engine = new RenderingEngine('coro-panel-check');
    panel = createImagePanel(engine, 'panel-check', el, voi, renderer);
    void eventTarget;
  },
  lastPath: () => panel!.lastPath(),
  /** The vessel view's panel tools on this viewport (src/viewer/vessel/panel-tools.ts); the left button gets `tool`. */
  setTool(tool: PanelTool) {
    if (!tools) {
      tools = createPanelTools(engine!.id, ['panel-check']);
    }
    tools.set(tool);
  },
  /** Probe values (HU) and lengths (mm) the tools measured, with their units. */
  measurements() {
    return annotation.state.getAllAnnotations().map((a) => {
      const stats = Object.values((a.data as { cachedStats?: Record<string, Record<string, unknown>> }).cachedStats ?? {})[0] ?? {};
      return { tool: a.metadata?.toolName, points: (a.data as { handles?: { points?: number[][] } }).handles?.points, value: stats.value as number | undefined, length: stats.length as number | undefined, unit: (stats.unit ?? stats.lengthUnit) as string | undefined };
    });
  },
  async show(o: ShowOptions, frame = 0) {
    const done = rendered();
    await panel!.show(image(o, frame));
    await done;
  },
  /** Grey (red channel) drawn at the centre of each listed pixel, and the HU the viewport's image data holds there. */
  read(pixels: [number, number][], o: ShowOptions) {
    const vp = panel!.viewport();
    const id = vp.getImageData();
    const out: { grey: number; hu: number; canvas: [number, number] }[] = [];
    for (const [cx, cy] of pixels) {
      const world: [number, number, number] = [cx * o.colSpacingMm, cy * o.rowSpacingMm, 0];
      const canvas = panel!.toCanvas(world);
      const ijk = (id.imageData as unknown as { worldToIndex(w: number[]): number[] }).worldToIndex(world);
      const i = Math.round(ijk[0]!), j = Math.round(ijk[1]!);
      out.push({ grey: greyAt(canvas[0], canvas[1]), hu: id.scalarData[j * o.width + i] as number, canvas });
    }
    return out;
  },
  /** World distance (mm) between the points under two canvas positions (what the length tool measures). */
  distanceMm(a: [number, number], b: [number, number]) {
    const p = panel!.toWorld(a[0], a[1]), q = panel!.toWorld(b[0], b[1]);
    return Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
  },
  setVoi(voi: { lower: number; upper: number }) {
    const vp = panel!.viewport();
    const done = rendered();
    vp.setProperties({ voiRange: voi });
    vp.render();
    return done;
  },
  zoom(factor: number) {
    const vp = panel!.viewport();
    const done = rendered();
    vp.setZoom(vp.getZoom() * factor);
    vp.render();
    return done;
  },
  camera() {
    const c = panel!.viewport().getCamera();
    return { parallelScale: c.parallelScale ?? 0, focalPoint: [...(c.focalPoint ?? [0, 0, 0])] };
  },
  properties() {
    const p = panel!.viewport().getProperties();
    return { voiRange: p.voiRange, invert: p.invert };
  },
  /**
   * Per update over `frames` images: ms until drawn (show() then its IMAGE_RENDERED) and ms of show() alone
   * (the main-thread work before the render). 'pixels' keeps the geometry (in-place update), 'image' moves
   * the origin by 1 µm every frame (a new Cornerstone image and actor each time; it starts away from origin 0).
   */
  async timeUpdates(o: ShowOptions, frames: number, path: 'pixels' | 'image') {
    const drawn: number[] = [], show: number[] = [];
    for (let f = 0; f < frames; f++) {
      const img = image(o, f, path === 'image' ? ((f + 1) % 2) * 1e-3 : 0);
      const t0 = performance.now();
      const done = rendered();
      await panel!.show(img);
      show.push(performance.now() - t0);
      await done;
      drawn.push(performance.now() - t0);
      if (panel!.lastPath() !== path) throw new Error(`update ${f} took the ${panel!.lastPath()} path, not ${path}`);
    }
    return { drawn, show };
  },
};

export type PanelCheckApi = typeof api;
(window as unknown as { __panelCheck: PanelCheckApi }).__panelCheck = api;
