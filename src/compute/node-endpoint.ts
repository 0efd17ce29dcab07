// comlink Endpoint over a Node MessagePort/Worker (same as comlink's node-adapter, typed).
import type { Endpoint } from 'comlink';

interface NodePortLike {
  postMessage(message: unknown, transfer?: readonly unknown[]): void;
  on(type: 'message', listener: (data: unknown) => void): unknown;
  off(type: 'message', listener: (data: unknown) => void): unknown;
}

export function nodeEndpoint(port: NodePortLike): Endpoint {
  const listeners = new WeakMap<EventListenerOrEventListenerObject, (data: unknown) => void>();
  return {
    postMessage: (msg: unknown, transfer?: Transferable[]) => port.postMessage(msg, transfer),
    addEventListener: (_type: string, eh: EventListenerOrEventListenerObject) => {
      const l = (data: unknown) => {
        const ev = { data } as MessageEvent;
        if ('handleEvent' in eh) eh.handleEvent(ev); else eh(ev);
      };
      port.on('message', l);
      listeners.set(eh, l);
    },
    removeEventListener: (_type: string, eh: EventListenerOrEventListenerObject) => {
      const l = listeners.get(eh);
      if (!l) return;
      port.off('message', l);
      listeners.delete(eh);
    },
  };
}
