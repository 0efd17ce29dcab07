/**
 * A view whose element changes shape (another layout, a maximised view) keeps its zoom relative to "fitted":
 * the world extent across its shorter side stays the same. A fitted, roughly square image stays fitted, the point
 * under the crosshairs stays in view, and going back to the first shape gives back the first zoom exactly.
 */
import type { ViewSize } from './layout.ts';

/** Parallel scale (half the visible height, mm) at size `after` for a view shown at `scale` with size `before`. */
export function keptScale(scale: number, before: ViewSize, after: ViewSize): number {
  if (!(scale > 0 && before.width > 0 && before.height > 0 && after.width > 0 && after.height > 0)) return scale;
  const shortHalfMm = scale * Math.min(1, before.width / before.height);
  return shortHalfMm / Math.min(1, after.width / after.height);
}

/** What keepFramed needs of a Cornerstone viewport. */
export interface FramedView {
  readonly element: HTMLElement;
  getCamera(): { parallelScale?: number };
  setCamera(camera: { parallelScale: number }): void;
  render(): void;
}

/**
 * Sets the camera's parallel scale so that getCamera() reads `scaleMm` back. A CPU-rendered StackViewport with
 * non-square pixels stores what it is given in column-spacing units and reads back in row-spacing ones (0.2 vs
 * 0.25 mm on the CPR: 20 % off); the read-back ratio, measured once, corrects it on any viewport.
 */
export function setParallelScale(vp: Pick<FramedView, 'getCamera' | 'setCamera'>, scaleMm: number, extra: Record<string, unknown> = {}): void {
  vp.setCamera({ ...extra, parallelScale: scaleMm });
  const got = vp.getCamera().parallelScale;
  if (got && Math.abs(got - scaleMm) > 1e-6 * scaleMm) vp.setCamera({ parallelScale: (scaleMm * scaleMm) / got });
}

/** Applies keptScale to each viewport whose element size changed (call after the engines' resize). */
export function keepFramed(before: ReadonlyMap<HTMLElement, ViewSize>, viewports: readonly FramedView[]): void {
  for (const vp of viewports) {
    const b = before.get(vp.element);
    const after = { width: vp.element.clientWidth, height: vp.element.clientHeight };
    if (!b || (b.width === after.width && b.height === after.height)) continue;
    const scale = vp.getCamera().parallelScale;
    if (scale === undefined) continue;
    const next = keptScale(scale, b, after);
    if (Math.abs(next - scale) < 1e-9) continue;
    setParallelScale(vp, next);
    vp.render();
  }
}
