/**
 * The 3D view's camera: orthographic, turning about the patient's head–feet axis (azimuth) and tilting
 * (elevation), as a reader turns a heart on a workstation. Azimuth 0, elevation 0 is the anterior view: the
 * patient's left on the right of the screen, the head up. Pure, no DOM.
 */
import type { Vec3 } from '../volume/volume.ts';

export interface Camera3d {
  /** turn about the head–feet axis, degrees (90: the patient's left side faces the viewer) */
  readonly azimuthDeg: number;
  /** tilt, degrees (positive: seen from above the head) */
  readonly elevationDeg: number;
  /** 1: the field of view fits `fovMm` in the smaller side of the image */
  readonly zoom: number;
  /** LPS point at the centre of the image */
  readonly centreLps: Vec3;
  /** width of the field at zoom 1, mm */
  readonly fovMm: number;
}

export interface CameraBasis {
  /** into the screen */
  readonly viewDir: Vec3;
  readonly right: Vec3;
  readonly up: Vec3;
}

export function cameraBasis(c: Pick<Camera3d, 'azimuthDeg' | 'elevationDeg'>): CameraBasis {
  const t = (c.azimuthDeg * Math.PI) / 180, p = (c.elevationDeg * Math.PI) / 180;
  const viewDir: Vec3 = [-Math.sin(t) * Math.cos(p), Math.cos(t) * Math.cos(p), -Math.sin(p)];
  const up: Vec3 = [-Math.sin(t) * Math.sin(p), Math.cos(t) * Math.sin(p), Math.cos(p)];
  // right = viewDir × up
  const right: Vec3 = [
    viewDir[1] * up[2] - viewDir[2] * up[1],
    viewDir[2] * up[0] - viewDir[0] * up[2],
    viewDir[0] * up[1] - viewDir[1] * up[0],
  ];
  return { viewDir, right, up };
}

/** Size of one image pixel at the camera's zoom, mm. */
export function pixelMm(c: Pick<Camera3d, 'zoom' | 'fovMm'>, widthPx: number, heightPx: number): number {
  return c.fovMm / (c.zoom * Math.min(widthPx, heightPx));
}

/** Image position (pixels, origin top-left) of an LPS point. */
export function projectLps(c: Camera3d, widthPx: number, heightPx: number, lps: Vec3): [number, number] {
  const b = cameraBasis(c);
  const s = pixelMm(c, widthPx, heightPx);
  const d: Vec3 = [lps[0] - c.centreLps[0], lps[1] - c.centreLps[1], lps[2] - c.centreLps[2]];
  const x = (d[0] * b.right[0] + d[1] * b.right[1] + d[2] * b.right[2]) / s;
  const y = (d[0] * b.up[0] + d[1] * b.up[1] + d[2] * b.up[2]) / s;
  return [widthPx / 2 + x, heightPx / 2 - y];
}

/** The camera turned by a mouse drag: a full image width turns it half a turn. */
export function dragCamera(c: Camera3d, dxPx: number, dyPx: number, widthPx: number): Camera3d {
  const perPx = 180 / Math.max(1, widthPx);
  const elevationDeg = Math.max(-89, Math.min(89, c.elevationDeg + dyPx * perPx));
  return { ...c, azimuthDeg: ((c.azimuthDeg - dxPx * perPx) % 360 + 360) % 360, elevationDeg };
}
