/** Small 3-vector helpers (LPS mm unless a name says otherwise). */
export type V3 = [number, number, number];

export const add = (a: readonly number[], b: readonly number[]): V3 => [a[0]! + b[0]!, a[1]! + b[1]!, a[2]! + b[2]!];
export const sub = (a: readonly number[], b: readonly number[]): V3 => [a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!];
export const scale = (a: readonly number[], k: number): V3 => [a[0]! * k, a[1]! * k, a[2]! * k];
export const dot = (a: readonly number[], b: readonly number[]): number => a[0]! * b[0]! + a[1]! * b[1]! + a[2]! * b[2]!;
export const cross = (a: readonly number[], b: readonly number[]): V3 => [
  a[1]! * b[2]! - a[2]! * b[1]!, a[2]! * b[0]! - a[0]! * b[2]!, a[0]! * b[1]! - a[1]! * b[0]!,
];
export const norm = (a: readonly number[]): number => Math.hypot(a[0]!, a[1]!, a[2]!);
export const unit = (a: readonly number[]): V3 => scale(a, 1 / norm(a));
export const axpy = (a: readonly number[], k: number, b: readonly number[]): V3 => [a[0]! + k * b[0]!, a[1]! + k * b[1]!, a[2]! + k * b[2]!];

/** Any unit vector perpendicular to a. */
export function perpendicular(a: readonly number[]): V3 {
  const ax = Math.abs(a[0]!), ay = Math.abs(a[1]!), az = Math.abs(a[2]!);
  const other: V3 = ax <= ay && ax <= az ? [1, 0, 0] : ay <= az ? [0, 1, 0] : [0, 0, 1];
  return unit(cross(a, other));
}

/** Rotate v about the unit axis k by angle (Rodrigues). */
export function rotate(v: readonly number[], k: readonly number[], angleRad: number): V3 {
  const c = Math.cos(angleRad), s = Math.sin(angleRad);
  const kxv = cross(k, v);
  const kdv = dot(k, v) * (1 - c);
  return [v[0]! * c + kxv[0] * s + k[0]! * kdv, v[1]! * c + kxv[1] * s + k[1]! * kdv, v[2]! * c + kxv[2] * s + k[2]! * kdv];
}

/** Uniformly distributed unit vector. */
export function randomUnit(next: () => number): V3 {
  const z = 2 * next() - 1, phi = 2 * Math.PI * next();
  const r = Math.sqrt(1 - z * z);
  return [r * Math.cos(phi), r * Math.sin(phi), z];
}
