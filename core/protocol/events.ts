import type { ImportJob, WorkflowJob } from './types.js';

/**
 * Events the engine pushes to the UI: `import` carries the whole job at each progress step and at its end
 * (so a page that missed some events is never wrong for long); `store.changed` after anything was written.
 */
export type ApiEvent =
  | { topic: 'import'; payload: ImportJob }
  | { topic: 'store.changed'; payload: { series: string[] } }
  | { topic: 'workflow'; payload: WorkflowJob }
  | { topic: 'progress'; payload: Record<string, unknown> };

export const EVENT_TOPICS = ['import', 'store.changed', 'workflow', 'progress'] as const;

/** Checks the shape of an event that came over a transport (the page trusts nothing it parses). */
export function isApiEvent(x: unknown): x is ApiEvent {
  if (typeof x !== 'object' || x === null) return false;
  const e = x as { topic?: unknown; payload?: unknown };
  return typeof e.topic === 'string' && (EVENT_TOPICS as readonly string[]).includes(e.topic) && typeof e.payload === 'object' && e.payload !== null;
}
