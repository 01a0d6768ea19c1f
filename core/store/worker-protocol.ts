import type { Store } from './store.js';

/** Store methods callable through `StoreWorker` (the public read and write API; no handles leave the worker). */
export const WORKER_METHODS = [
  'exists',
  'info',
  'list',
  'rename',
  'delete',
  'retire',
  'hasPointsIn',
  'lastPointBefore',
  'update',
  'replace',
  'get',
  'revisions',
  'insertionDates',
  'history',
  'staircase',
  'chart',
] as const satisfies readonly (keyof Store)[];

export type WorkerMethod = (typeof WORKER_METHODS)[number];

export interface WorkerRequest {
  id: number;
  method: WorkerMethod;
  args: unknown[];
}

export type WorkerResponse =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: { code: string; message: string; details: Record<string, unknown> } };

export interface WorkerInit {
  path: string;
  chunkSize?: number;
}
