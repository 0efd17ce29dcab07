/** The reading layout chosen by the user, kept across reloads (localStorage); "Lecture MPR" when nothing valid is stored. */

/** 'mpr': the 2×2 MPR + 3D grid, vessel panels below; 'vessel': MPR beside CPR, section, profile and lesion table on one screen. */
export type LayoutId = 'mpr' | 'vessel';
/** The MPR column of the vessel layout: one view or the three. */
export type MprChoice = 'axial' | 'coronal' | 'sagittal' | 'all';
export interface LayoutPrefs {
  readonly layout: LayoutId;
  readonly mpr: MprChoice;
}

export const LAYOUT_STORAGE_KEY = 'coro.layout';
export const DEFAULT_LAYOUT: LayoutPrefs = { layout: 'mpr', mpr: 'axial' };
const LAYOUTS: readonly LayoutId[] = ['mpr', 'vessel'];
export const MPR_CHOICES: readonly MprChoice[] = ['axial', 'coronal', 'sagittal', 'all'];

/** Reads the stored choice; anything unreadable (old format, hand-edited, storage refused) gives the default. */
export function rememberedLayout(storage: Pick<Storage, 'getItem'> | undefined): LayoutPrefs {
  try {
    const raw = storage?.getItem(LAYOUT_STORAGE_KEY);
    if (!raw) return DEFAULT_LAYOUT;
    const v = JSON.parse(raw) as Partial<Record<keyof LayoutPrefs, unknown>> | null;
    const layout = LAYOUTS.find((l) => l === v?.layout) ?? DEFAULT_LAYOUT.layout;
    const mpr = MPR_CHOICES.find((m) => m === v?.mpr) ?? DEFAULT_LAYOUT.mpr;
    return { layout, mpr };
  } catch {
    return DEFAULT_LAYOUT;
  }
}

export function rememberLayout(storage: Pick<Storage, 'setItem'> | undefined, prefs: LayoutPrefs): void {
  try {
    storage?.setItem(LAYOUT_STORAGE_KEY, JSON.stringify({ layout: prefs.layout, mpr: prefs.mpr }));
  } catch {
    // storage refused: the choice holds for this page only
  }
}
