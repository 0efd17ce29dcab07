/** Small strict validators for untrusted JSON: every failure is a WorkError naming the JSON path. */
import type { Lps } from '../volume/volume.ts';
import { WorkError } from './work-errors.ts';

export type Json = unknown;

export function invalid(path: string, expected: string): WorkError {
  return new WorkError('work-invalid-field', { path, expected });
}

export function isPlainObject(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
}

/** Checks `v` is an object with only the allowed keys and all required ones. */
export function obj(v: Json, path: string, required: readonly string[], optional: readonly string[] = []): Record<string, Json> {
  if (!isPlainObject(v)) throw invalid(path, 'object');
  const allowed = new Set([...required, ...optional]);
  for (const k of Object.keys(v)) if (!allowed.has(k)) throw new WorkError('work-unknown-field', { path: join(path, k) });
  for (const k of required) if (!(k in v)) throw invalid(join(path, k), 'a value');
  return v;
}

export function join(path: string, key: string | number): string {
  return typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key;
}

export function str(v: Json, path: string, maxLength: number): string {
  if (typeof v !== 'string') throw invalid(path, 'text');
  if (v.length > maxLength) throw invalid(path, `text of at most ${maxLength} characters`);
  return v;
}

export function num(v: Json, path: string, min = -Infinity, max = Infinity): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
    throw invalid(path, `a number${min > -Infinity ? ` ≥ ${min}` : ''}${max < Infinity ? ` ≤ ${max}` : ''}`);
  }
  return v;
}

export function int(v: Json, path: string, min: number, max: number): number {
  const n = num(v, path, min, max);
  if (!Number.isInteger(n)) throw invalid(path, `an integer ${min}–${max}`);
  return n;
}

export function bool(v: Json, path: string): boolean {
  if (typeof v !== 'boolean') throw invalid(path, 'true or false');
  return v;
}

export function oneOf<T extends string>(v: Json, path: string, values: readonly T[]): T {
  if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) throw invalid(path, `one of ${values.join(', ')}`);
  return v as T;
}

export function arr<T>(v: Json, path: string, maxItems: number, item: (x: Json, p: string) => T): T[] {
  if (!Array.isArray(v)) throw invalid(path, 'list');
  if (v.length > maxItems) throw invalid(path, `at most ${maxItems} items`);
  return v.map((x, i) => item(x, join(path, i)));
}

/** A point in LPS mm: three finite numbers within ±10 m. */
export function vec3(v: Json, path: string): Lps {
  if (!Array.isArray(v) || v.length !== 3) throw invalid(path, 'a point [x, y, z] in mm');
  return [num(v[0], join(path, 0), -1e4, 1e4), num(v[1], join(path, 1), -1e4, 1e4), num(v[2], join(path, 2), -1e4, 1e4)];
}

/** Copies the optional keys present in `o` through `f` (so absent stays absent). */
export function opt<T>(o: Record<string, Json>, key: string, path: string, f: (x: Json, p: string) => T): T | undefined {
  return key in o && o[key] !== undefined ? f(o[key], join(path, key)) : undefined;
}

/** Drops undefined values (keeps exported JSON minimal and round trips exact). */
export function compact<T extends Record<string, unknown>>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}
