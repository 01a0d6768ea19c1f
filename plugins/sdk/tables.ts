/** Node types: inputs arrive as Arrow tables packed in the payload; the output is one table. */
import { tableFromIPC, tableToIPC, type Table } from 'apache-arrow';
import { unpackTables } from '../../core/plugins/wire.js';
import type { MethodResult } from './index.js';

/** The Arrow tables packed in a call's payload (their byte lengths in `params.tables`), as bytes. */
export function payloadTables(params: unknown, payload: Uint8Array): Uint8Array[] {
  return unpackTables((params as { tables?: unknown } | null)?.tables ?? [], payload);
}

/**
 * The input frames of a `node.<name>` call, one Arrow table each: an index column (`ts`, timestamp[µs];
 * or `frequency_hz`) then one float64 column per channel.
 */
export function nodeInputs(params: unknown, payload: Uint8Array): Table[] {
  return payloadTables(params, payload).map((b) => tableFromIPC(b));
}

/** Answers a node call with a table (keep the `ts` or `frequency_hz` index column). */
export function tableResult(table: Table, value: unknown = null): MethodResult {
  return { value, payload: tableToIPC(table, 'stream') };
}
