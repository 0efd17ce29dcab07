/**
 * Build a Volume (Int16 HU) from the sorted slices of a stack.
 * Regular stacks are copied as is; sheared (gantry-tilt) stacks and uneven spacing are
 * resampled onto a regular orthogonal grid (or refused) — never silently treated as regular.
 */
import type { Volume } from './volume.ts';
import type { StackGeometry } from '../dicom/series-types.ts';
import type { SeriesProblem } from '../dicom/types.ts';
import { DicomError } from '../dicom/errors.ts';

export interface BuildVolumeOptions {
  /** Sheared stack (IPP steps not parallel to the normal): resample (default) or refuse. */
  readonly shear?: 'resample' | 'refuse';
  /** Uneven slice spacing: resample to the smallest regular step (default) or refuse. */
  readonly unevenSpacing?: 'resample' | 'refuse';
  /** Relative tolerance on spacing variations before resampling, default 0.01 (1 %). */
  readonly spacingTolerance?: number;
}

export interface BuiltVolume {
  readonly volume: Volume;
  /** What was done (e.g. `resampled`), for display beside the series problems. */
  readonly warnings: readonly SeriesProblem[];
}

/**
 * @param stack geometry of the sorted stack (from sortSlices)
 * @param slicesHu HU of each sorted slice, rows×columns, row-major (i fastest)
 * @throws DicomError `not-a-volume`, `volume-sheared`, `volume-uneven-spacing`, `volume-inconsistent`
 */
export function buildVolume(stack: StackGeometry, slicesHu: readonly Int16Array[], opts: BuildVolumeOptions = {}): BuiltVolume {
  void stack;
  void slicesHu;
  void opts;
  throw new DicomError('internal', {}, 'buildVolume: not implemented yet');
}
