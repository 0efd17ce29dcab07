/** Typed application events (no string-keyed bus): one emitter per viewer context. */
import type { Lang } from '../i18n/index.ts';
import type { SliceRefusal } from './volume-session.ts';

export interface LoadProgress {
  readonly phase: 'reading' | 'decoding' | 'done';
  readonly done: number;
  readonly total: number;
}

export interface AppEventMap {
  progress: LoadProgress;
  /** First decoded slice rendered, ms since the open click. */
  firstImage: { readonly ms: number };
  /** Every slice decoded and uploaded, ms since the open click. */
  volumeLoaded: { readonly ms: number; readonly volumeId: string };
  crosshair: { readonly lps: readonly [number, number, number]; readonly hu: number | undefined };
  language: { readonly lang: Lang };
  closed: Record<string, never>;
  /** A slice of the open series left out of the volume (`dropped`) or left blank in it (decode failed). */
  sliceRefused: SliceRefusal & { readonly blank: boolean };
  /** A worker died or hung and was replaced; the study stays open. */
  workerLost: { readonly kind: WorkerKind; readonly reason: WorkerLossReason };
}

export type WorkerKind = 'decode' | 'vessel' | 'compute';
/** Why a worker was replaced: the error it raised (as the browser words it) or our own words in the user's language. */
export type WorkerLossReason = string | ((lang: Lang) => string);

type Listener<T> = (detail: T) => void;

export class AppEvents {
  private readonly listeners = new Map<keyof AppEventMap, Set<Listener<never>>>();

  on<K extends keyof AppEventMap>(type: K, fn: Listener<AppEventMap[K]>): () => void {
    let set = this.listeners.get(type);
    if (!set) this.listeners.set(type, (set = new Set()));
    set.add(fn as Listener<never>);
    return () => set.delete(fn as Listener<never>);
  }

  emit<K extends keyof AppEventMap>(type: K, detail: AppEventMap[K]): void {
    const set = this.listeners.get(type) as Set<Listener<AppEventMap[K]>> | undefined;
    for (const fn of [...(set ?? [])]) fn(detail);
  }
}
