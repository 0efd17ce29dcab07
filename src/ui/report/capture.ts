/**
 * Images for the PDF and the vignettes: the pixels of a view's Cornerstone canvas only (never the DOM text
 * overlays, which carry the series description), optionally with the answers drawn on top: the view's SVG
 * layers (centreline, contours, markers) and a caption strip (lesion, %DS, CAD-RADS label).
 */
export type ViewName = 'axial' | 'coronal' | 'sagittal' | 'cpr' | 'section';
export const VIEW_NAMES: readonly ViewName[] = ['axial', 'coronal', 'sagittal', 'cpr', 'section'];

/** The element holding a view's canvas (the MPR views by id, the vessel panels by test id). */
export function viewElement(view: ViewName): HTMLElement | null {
  if (view === 'cpr') return document.querySelector<HTMLElement>('[data-testid="cpr-view"]');
  if (view === 'section') return document.querySelector<HTMLElement>('[data-testid="section-view"]');
  return document.getElementById(`view-${view}`);
}

function viewCanvas(view: ViewName): HTMLCanvasElement | null {
  const c = viewElement(view)?.querySelector('canvas');
  return c && c.width > 1 && c.height > 1 ? c : null;
}

export function viewAvailable(view: ViewName): boolean {
  return viewCanvas(view) !== null;
}

async function svgLayers(host: Element, width: number, height: number): Promise<HTMLImageElement[]> {
  const out: HTMLImageElement[] = [];
  for (const svg of host.querySelectorAll('svg')) {
    const clone = svg.cloneNode(true) as SVGSVGElement;
    // text in the layers (labels, measurements) is part of the answers; kept only in the answer version
    clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
    clone.setAttribute('width', String(width));
    clone.setAttribute('height', String(height));
    const url = URL.createObjectURL(new Blob([new XMLSerializer().serializeToString(clone)], { type: 'image/svg+xml' }));
    try {
      const img = new Image();
      img.src = url;
      await img.decode();
      out.push(img);
    } catch {
      /* a layer that cannot be rasterised is left out */
    } finally {
      URL.revokeObjectURL(url);
    }
  }
  return out;
}

/** PNG bytes of a view; with `answers`, its SVG layers and the caption lines are drawn on it. */
export async function captureView(view: ViewName, answers?: readonly string[]): Promise<Uint8Array | undefined> {
  const src = viewCanvas(view);
  if (!src) return undefined;
  const strip = answers && answers.length ? 18 * answers.length + 8 : 0;
  const out = document.createElement('canvas');
  out.width = src.width;
  out.height = src.height + strip;
  const g = out.getContext('2d')!;
  g.fillStyle = '#000';
  g.fillRect(0, 0, out.width, out.height);
  g.drawImage(src, 0, 0);
  if (answers) {
    const host = viewElement(view)?.parentElement ?? viewElement(view)!;
    for (const img of await svgLayers(host, src.width, src.height)) g.drawImage(img, 0, 0, src.width, src.height);
    g.fillStyle = '#ffd75e';
    g.font = '14px sans-serif';
    answers.forEach((line, i) => g.fillText(line, 6, src.height + 18 * (i + 1)));
  }
  const blob = await new Promise<Blob | null>((r) => out.toBlob(r, 'image/png'));
  return blob ? new Uint8Array(await blob.arrayBuffer()) : undefined;
}

/** Saves bytes as a file (browser download). */
export function download(bytes: Uint8Array | string, name: string, type: string): void {
  const blob = new Blob([typeof bytes === 'string' ? bytes : (bytes as Uint8Array<ArrayBuffer>)], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 5000);
}

/** Resolves on the next two animation frames (a render posted now is on the canvas after them). */
export const frames = (): Promise<void> => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r())));
