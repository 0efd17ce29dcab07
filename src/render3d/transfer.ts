/**
 * The coronary 3D preset: colour and opacity by HU, built from levels measured on the image (blood pool in the
 * aorta, myocardium, noise) rather than fixed numbers, so a 100 kV study (brighter iodine) and a 120 kV one
 * show the same surfaces. Pure, no DOM.
 */

export interface CoronaryLevels {
  /** median HU of the aortic lumen */
  readonly bloodHu: number;
  /** most frequent soft-tissue HU around the aortic root (myocardium) */
  readonly tissueHu: number;
  /** noise SD in the coarse volume, HU */
  readonly noiseSdHu: number;
}

export interface TransferFunction {
  /** HU of the first entry of `rgba` */
  readonly lutFromHu: number;
  /** RGBA per HU from lutFromHu; alpha is the opacity over one reference step */
  readonly rgba: Uint8ClampedArray;
  readonly refStepMm: number;
  /** below this HU nothing shows (bricks without such a voxel are skipped) */
  readonly visibleFromHu: number;
  /** MIP grey scale: black at [0], white at [1], HU */
  readonly mipWindow: readonly [number, number];
  /** the surface: half-way between myocardium and blood */
  readonly surfaceHu: number;
}

/** Reference step for the opacities, mm: a surface voxel of the coarse volume. */
const REF_STEP_MM = 0.75;

/**
 * The contrast-filled lumen (chambers, aorta, coronaries) as an opaque red-to-ivory surface from half-way between
 * myocardium and blood (equal partial volume of both: the lumen's edge), its ramp as wide as ±2 noise SD so noise
 * in the myocardium stays transparent; brighter than blood by 4 noise SD and more (calcium, bone cortex) in white.
 */
export function coronaryTransfer(l: CoronaryLevels): TransferFunction {
  const surfaceHu = (l.bloodHu + l.tissueHu) / 2;
  const ramp = Math.max(10, 2 * l.noiseSdHu);
  const from = surfaceHu - ramp;
  const whiteFrom = l.bloodHu + 4 * l.noiseSdHu;
  const to = whiteFrom + 200;
  const n = Math.ceil(to - from) + 1;
  const rgba = new Uint8ClampedArray(n * 4);
  for (let q = 0; q < n; q++) {
    const hu = from + q;
    const a = smooth((hu - from) / (2 * ramp));
    // lumen: dark red at the edge to a light flesh tone at the blood level; calcium and cortex: ivory
    const t = Math.max(0, Math.min(1, (hu - surfaceHu) / Math.max(1, l.bloodHu - surfaceHu)));
    const c = smooth((hu - whiteFrom) / 200);
    const red = [190 + 60 * t, 40 + 110 * t, 30 + 80 * t];
    const ivory = [250, 245, 230];
    for (let ch = 0; ch < 3; ch++) rgba[q * 4 + ch] = red[ch]! * (1 - c) + ivory[ch]! * c;
    rgba[q * 4 + 3] = 255 * Math.min(1, 0.9 * a);
  }
  return { lutFromHu: from, rgba, refStepMm: REF_STEP_MM, visibleFromHu: from, mipWindow: [l.tissueHu, l.bloodHu + 4 * l.noiseSdHu], surfaceHu };
}

function smooth(x: number): number {
  const t = Math.max(0, Math.min(1, x));
  return t * t * (3 - 2 * t);
}
