/** The vessel view's own state, without DOM or Cornerstone: the CPR mode and angle, the linked cursor. */

export type CprMode = 'straightened' | 'stretched';

/** Angle in degrees brought to [0, 360). */
export function normaliseDeg(deg: number): number {
  if (!Number.isFinite(deg)) throw new Error(`angle must be finite, got ${deg}`);
  const a = deg % 360;
  return a < 0 ? a + 360 : a === 0 ? 0 : a;
}

/** CPR angle after a horizontal drag of `dxPx` pixels from `startDeg` (a full turn for `pxPerTurn` pixels). */
export function dragAngleDeg(startDeg: number, dxPx: number, pxPerTurn = 720): number {
  return normaliseDeg(startDeg + (360 * dxPx) / pxPerTurn);
}

/** Index of the value of an ascending array nearest to `x` (binary search). */
export function nearestIndex(ascending: ArrayLike<number>, x: number): number {
  const n = ascending.length;
  if (n === 0) throw new Error('nearestIndex: empty array');
  let lo = 0, hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (ascending[mid]! <= x) lo = mid;
    else hi = mid;
  }
  return Math.abs(ascending[lo]! - x) <= Math.abs(ascending[hi]! - x) ? lo : hi;
}
