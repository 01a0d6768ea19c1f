/** Events the engine pushes to the UI (progress of imports and workflow runs, store changes). */
export interface ApiEvent {
  topic: 'store.changed' | 'progress';
  payload: Record<string, unknown>;
}
