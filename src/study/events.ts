/** A typed event emitter: each event name has one payload type (an event map), listeners get that type. */

export interface Emitter<M extends object> {
  on<K extends keyof M>(name: K, fn: (payload: M[K]) => void): () => void;
  emit<K extends keyof M>(name: K, payload: M[K]): void;
}

export function createEmitter<M extends object>(): Emitter<M> {
  const listeners = new Map<keyof M, Set<(p: never) => void>>();
  return {
    on(name, fn) {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      set.add(fn as (p: never) => void);
      return () => { set.delete(fn as (p: never) => void); };
    },
    emit(name, payload) {
      for (const fn of [...(listeners.get(name) ?? [])]) (fn as (p: typeof payload) => void)(payload);
    },
  };
}
