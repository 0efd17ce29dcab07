// Minimal 3-vector helpers on plain tuples (LPS mm unless a name says otherwise).

export type V3 = [number, number, number];

export const add = (a: readonly number[], b: readonly number[]): V3 => [a[0]! + b[0]!, a[1]! + b[1]!, a[2]! + b[2]!];
export const sub = (a: readonly number[], b: readonly number[]): V3 => [a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!];
export const scale = (a: readonly number[], k: number): V3 => [a[0]! * k, a[1]! * k, a[2]! * k];
export const dot = (a: readonly number[], b: readonly number[]): number => a[0]! * b[0]! + a[1]! * b[1]! + a[2]! * b[2]!;
export const cross = (a: readonly number[], b: readonly number[]): V3 => [
  a[1]! * b[2]! - a[2]! * b[1]!,
  a[2]! * b[0]! - a[0]! * b[2]!,
  a[0]! * b[1]! - a[1]! * b[0]!,
];
export const norm = (a: readonly number[]): number => Math.hypot(a[0]!, a[1]!, a[2]!);
export function normalize(a: readonly number[]): V3 {
  const n = norm(a);
  if (!(n > 0)) throw new Error(`normalize: zero-length vector (${a.join(', ')})`);
  return [a[0]! / n, a[1]! / n, a[2]! / n];
}
/** a + k·b */
export const madd = (a: readonly number[], b: readonly number[], k: number): V3 => [
  a[0]! + k * b[0]!,
  a[1]! + k * b[1]!,
  a[2]! + k * b[2]!,
];
export const lerp3 = (a: readonly number[], b: readonly number[], t: number): V3 => madd(a, sub(b, a), t);
