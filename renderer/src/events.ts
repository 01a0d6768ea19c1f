import { isApiEvent, type ApiEvent } from '../../core/protocol/index.js';

type Listener = (e: ApiEvent) => void;

/** The Electron preload's event side (see electron/preload.cts): `strata:` channels only. */
interface EventBridge {
  on?(channel: string, cb: (payload: unknown) => void): void;
  off?(channel: string, cb: (payload: unknown) => void): void;
}

export const EVENT_CHANNEL = 'strata:event';

/**
 * Engine events (import progress, store changes): over the preload bridge in Electron, else over
 * server-sent events from `strata serve` (the page's token cookie authorises the stream).
 * Returns the unsubscribe function.
 */
export function subscribe(listener: Listener): () => void {
  const bridge = (window as { strata?: EventBridge }).strata;
  const deliver = (payload: unknown) => isApiEvent(payload) && listener(payload);
  if (bridge?.on && bridge.off) {
    bridge.on(EVENT_CHANNEL, deliver);
    return () => bridge.off!(EVENT_CHANNEL, deliver);
  }
  if (typeof EventSource === 'undefined') return () => {};
  const source = new EventSource('./api/events');
  source.onmessage = (m) => {
    try {
      deliver(JSON.parse(m.data as string));
    } catch {
      // Not ours: ignore.
    }
  };
  return () => source.close();
}
