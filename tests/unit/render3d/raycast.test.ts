// The CPU ray caster on a hand-made volume (LPS axes, 1 mm voxels): a bright cube in air seen from the front
// lights the pixels it covers and no other; its MIP shows the cube's HU where it projects, black elsewhere.
import { describe, expect, it } from 'vitest';
import { prepareRenderable, renderVolume } from '../../../src/render3d/raycast.ts';
import { coronaryTransfer } from '../../../src/render3d/transfer.ts';
import type { Camera3d } from '../../../src/render3d/camera.ts';
import type { Volume } from '../../../src/volume/volume.ts';

/** 40³ voxels of 1 mm, origin 0: air (−1000 HU) with a cube of blood (500 HU) over voxels 15..24 on every axis. */
function cube(): Volume {
  const n = 40;
  const voxels = new Int16Array(n * n * n).fill(-1000);
  for (let k = 15; k < 25; k++) for (let j = 15; j < 25; j++) for (let i = 15; i < 25; i++) voxels[i + n * (j + n * k)] = 500;
  return { dimensions: [n, n, n], spacingMm: [1, 1, 1], originLps: [0, 0, 0], directions: [[1, 0, 0], [0, 1, 0], [0, 0, 1]], voxels };
}

describe('ray caster', () => {
  const tf = coronaryTransfer({ bloodHu: 500, tissueHu: 50, noiseSdHu: 10 });
  const scene = prepareRenderable(cube(), tf);
  // 40 px for 40 mm: 1 mm per pixel, the image centred on the volume's centre (19.5, 19.5, 19.5)
  const cam: Camera3d = { azimuthDeg: 0, elevationDeg: 0, zoom: 1, centreLps: [19.5, 19.5, 19.5], fovMm: 40 };
  const render = (mode: 'vr' | 'mip', c = cam) => { const out = new Uint8ClampedArray(40 * 40 * 4); renderVolume(scene, { camera: c, widthPx: 40, heightPx: 40, mode, stepMm: 0.5 }, out); return out; };
  const red = (out: Uint8ClampedArray, x: number, y: number) => out[(y * 40 + x) * 4]!;

  it('lights the cube and leaves the air black (surface half-way between 50 and 500 HU: the cube spans x 14.5–24.5 mm)', () => {
    const out = render('vr');
    expect(red(out, 20, 20)).toBeGreaterThan(150);
    expect(red(out, 16, 23)).toBeGreaterThan(150);
    expect(red(out, 5, 5)).toBe(0);
    expect(red(out, 20, 8)).toBe(0);
    expect(red(out, 30, 20)).toBe(0);
    for (let p = 3; p < out.length; p += 4) expect(out[p]).toBe(255);
  });
  it('MIP: the cube HU in the window (tissue 50 → black, blood + 4 SD = 540 → white), air black; turning 45° widens it', () => {
    const out = render('mip');
    // (500 − 50) / (540 − 50) × 255 = 234.2
    expect(Math.abs(red(out, 20, 20) - 234)).toBeLessThanOrEqual(1);
    expect(red(out, 10, 20)).toBe(0);
    const width = (o: Uint8ClampedArray) => Array.from({ length: 40 }, (_, x) => red(o, x, 20)).filter((v) => v > 117).length;
    expect(width(out)).toBeGreaterThanOrEqual(9);
    expect(width(out)).toBeLessThanOrEqual(11);
    // a 10 mm square seen along its diagonal is 14 mm wide, its corners blurred by the trilinear edge (±0.5 mm)
    const turned = render('mip', { ...cam, azimuthDeg: 45 });
    expect(width(turned)).toBeGreaterThanOrEqual(12);
    expect(width(turned)).toBeLessThanOrEqual(15);
  });
  it('refuses an output of the wrong size', () => {
    expect(() => renderVolume(scene, { camera: cam, widthPx: 40, heightPx: 40, mode: 'vr', stepMm: 1 }, new Uint8ClampedArray(10))).toThrow(/expected 6400/);
  });
});
