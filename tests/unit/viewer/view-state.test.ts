// Pure view-state logic of the viewer: orientation letters from the camera, W/L presets and parsing.
// Coordinates: DICOM LPS (+x patient Left, +y Posterior, +z Head); Cornerstone's viewPlaneNormal points to the camera.
import { describe, expect, it } from 'vitest';
import { directionLetters, dominantAxis, edgeLetters } from '../../../src/viewer/orientation.ts';
import { clampSlabMm, parsePointLps, parseWindowLevel, voiToWl, wlToVoi, WL_PRESETS } from '../../../src/viewer/window-level.ts';

describe('orientation letters', () => {
  it('axial view (viewUp −y, normal −z) is radiological: A top, P bottom, patient right on screen left', () => {
    expect(edgeLetters([0, -1, 0], [0, 0, -1], 'en')).toEqual({ top: 'A', bottom: 'P', left: 'R', right: 'L' });
    expect(edgeLetters([0, -1, 0], [0, 0, -1], 'fr')).toEqual({ top: 'A', bottom: 'P', left: 'D', right: 'G' });
  });
  it('coronal view (viewUp +z, normal −y, camera anterior): head up, patient right on screen left', () => {
    expect(edgeLetters([0, 0, 1], [0, -1, 0], 'en')).toEqual({ top: 'S', bottom: 'I', left: 'R', right: 'L' });
    expect(edgeLetters([0, 0, 1], [0, -1, 0], 'fr')).toEqual({ top: 'H', bottom: 'B', left: 'D', right: 'G' });
  });
  it('sagittal view (viewUp +z, normal +x, camera on the left): anterior on screen left', () => {
    expect(edgeLetters([0, 0, 1], [1, 0, 0], 'en')).toEqual({ top: 'S', bottom: 'I', left: 'A', right: 'P' });
  });
  it('oblique directions get the strongest letters first', () => {
    expect(directionLetters([0.8, -0.6, 0], 'en')).toBe('LA');
    expect(directionLetters([-0.3, 0.1, 0.95], 'fr')).toBe('HD');
    expect(directionLetters([0, 0, 0], 'en')).toBe('');
  });
  it('dominant axis of a normal', () => {
    expect(dominantAxis([0, 0, -1])).toBe('z');
    expect(dominantAxis([0.1, 0.9, 0.2])).toBe('y');
    expect(dominantAxis([-0.99, 0, 0.1])).toBe('x');
  });
});

describe('window/level', () => {
  it('presets convert to VOI ranges and back', () => {
    expect(wlToVoi(WL_PRESETS.cta)).toEqual({ lower: -200, upper: 600 });
    expect(wlToVoi(WL_PRESETS.calcium)).toEqual({ lower: -450, upper: 1050 });
    expect(voiToWl(wlToVoi(WL_PRESETS.soft))).toEqual({ widthHu: 400, levelHu: 40 });
  });
  it('parses typed values, with decimal commas, and rejects bad ones', () => {
    expect(parseWindowLevel('700', '150')).toEqual({ widthHu: 700, levelHu: 150 });
    expect(parseWindowLevel(' 350,5 ', '-20')).toEqual({ widthHu: 350.5, levelHu: -20 });
    expect(() => parseWindowLevel('0', '40')).toThrow(RangeError);
    expect(() => parseWindowLevel('abc', '40')).toThrow(/numbers/);
    expect(() => parseWindowLevel('', '40')).toThrow(RangeError);
  });
  it('parses LPS points, negative values included', () => {
    expect(parsePointLps('-12.3, 45.6, -7.8')).toEqual([-12.3, 45.6, -7.8]);
    expect(parsePointLps('1 2 3')).toEqual([1, 2, 3]);
    expect(parsePointLps('-12,3; 45,6; -7,8')).toEqual([-12.3, 45.6, -7.8]);
    expect(() => parsePointLps('1, 2')).toThrow(RangeError);
    expect(() => parsePointLps('1, x, 3')).toThrow(RangeError);
  });
  it('clamps the slab to 0–20 mm', () => {
    expect(clampSlabMm(-3)).toBe(0);
    expect(clampSlabMm(25)).toBe(20);
    expect(clampSlabMm(10)).toBe(10);
    expect(clampSlabMm(Number.NaN)).toBe(0);
  });
});
