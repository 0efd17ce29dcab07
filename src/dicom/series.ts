/**
 * Grouping images into series and sorting slices along the normal (never by InstanceNumber
 * or file name); detection of stacking problems (uneven spacing, gaps, duplicates, varying
 * IOP, shear/tilt, single image, multi-frame).
 */
import type { SeriesGroup, SliceRef, StackGeometry, StudyGroup } from './series-types.ts';

/** Group slices into series (SeriesInstanceUID; fallback FoR/IOP/size/description when empty). */
export function groupSeries(slices: readonly SliceRef[]): SeriesGroup[] {
  void slices;
  return [];
}

/** Group series into studies (StudyInstanceUID). */
export function groupStudies(series: readonly SeriesGroup[]): StudyGroup[] {
  void series;
  return [];
}

/**
 * Sort slices by IPP·(rowDir × colDir) and compute the stack geometry.
 * Returns undefined when the slices are not stackable (IOP or size varies, positions missing).
 */
export function sortSlices(slices: readonly SliceRef[]): { slices: SliceRef[]; stack: StackGeometry } | undefined {
  void slices;
  return undefined;
}
