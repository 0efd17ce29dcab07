/** Window/level presets and conversions (pure). Units: HU. */
export interface WindowLevel {
  readonly widthHu: number;
  readonly levelHu: number;
}

export const WL_PRESETS = {
  cta: { widthHu: 800, levelHu: 200 },
  calcium: { widthHu: 1500, levelHu: 300 },
  soft: { widthHu: 400, levelHu: 40 },
} as const satisfies Record<string, WindowLevel>;

export type WlPresetId = keyof typeof WL_PRESETS;

export interface VoiRange {
  readonly lower: number;
  readonly upper: number;
}

export function wlToVoi({ widthHu, levelHu }: WindowLevel): VoiRange {
  return { lower: levelHu - widthHu / 2, upper: levelHu + widthHu / 2 };
}

export function voiToWl({ lower, upper }: VoiRange): WindowLevel {
  return { widthHu: upper - lower, levelHu: (upper + lower) / 2 };
}

/** Parses typed width and level; throws a RangeError when not finite or width ≤ 0. */
export function parseWindowLevel(widthText: string, levelText: string): WindowLevel {
  const widthHu = Number(widthText.trim().replace(',', '.'));
  const levelHu = Number(levelText.trim().replace(',', '.'));
  if (widthText.trim() === '' || levelText.trim() === '' || !Number.isFinite(widthHu) || !Number.isFinite(levelHu)) {
    throw new RangeError(`window/level must be numbers, got "${widthText}" / "${levelText}"`);
  }
  if (widthHu < 1) throw new RangeError(`window width must be ≥ 1 HU, got ${widthHu}`);
  return { widthHu, levelHu };
}

/** Parses "x, y, z" or "x y z" (decimal point), or "x; y; z" (decimal point or comma) in LPS mm. */
export function parsePointLps(text: string): [number, number, number] {
  const t = text.trim();
  const parts = t.includes(';') ? t.split(';').map((p) => p.trim().replace(',', '.')) : t.split(/[\s,]+/);
  const nums = parts.map((p) => (p === '' ? NaN : Number(p)));
  if (nums.length !== 3 || nums.some((n) => !Number.isFinite(n))) {
    throw new RangeError(`expected three coordinates "x, y, z" in mm, got "${text}"`);
  }
  return [nums[0]!, nums[1]!, nums[2]!];
}

export type SlabBlend = 'mip' | 'minip' | 'mean';

/** Slab thickness clamp: 0–20 mm. */
export function clampSlabMm(mm: number): number {
  if (!Number.isFinite(mm)) return 0;
  return Math.min(20, Math.max(0, mm));
}
