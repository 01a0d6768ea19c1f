// Engine events to the app window (pure: no electron import, so it is unit-tested under Node).
import { isApiEvent, type ApiEvent } from '../core/protocol/events.js';
import { EVENT_CHANNEL } from './security.js';

/** The part of Electron's WebContents the forwarding uses. */
export interface WebContentsLike {
  send(channel: string, payload: unknown): void;
  isDestroyed(): boolean;
}

/** Anything with engine events (EngineHost). */
export interface EventSourceLike {
  onEvent?(listener: (e: ApiEvent) => void): () => unknown;
}

/**
 * Forwards every engine event (import progress, store.changed) to the window's page on the
 * `strata:event` channel, where the preload's `on` delivers it. Returns the function that stops it.
 */
export function forwardEvents(engine: EventSourceLike, contents: WebContentsLike): () => void {
  if (!engine.onEvent) return () => {};
  const off = engine.onEvent((e) => {
    if (contents.isDestroyed() || !isApiEvent(e)) return;
    contents.send(EVENT_CHANNEL, e);
  });
  return () => void off();
}
