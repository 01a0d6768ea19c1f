import { tableFromIPC, tableToIPC, type Table } from 'apache-arrow';
import { StrataError } from '../base/errors.js';
import type { PluginHost } from './host.js';

/**
 * Sends an Arrow table to a plugin method and reads the table it returns. Data that is not a readable
 * Arrow IPC stream stops the plugin (it is broken) and fails the call, naming the plugin.
 */
export async function callWithTable(host: PluginHost, method: string, table: Table, params?: unknown, timeoutMs?: number): Promise<{ value: unknown; table: Table }> {
  const r = await host.call(method, params, tableToIPC(table, 'stream'), timeoutMs);
  try {
    const table = tableFromIPC(r.payload);
    // Arrow JS reads some garbage as an empty table without complaint: a table without columns is not data.
    if (table.schema.fields.length === 0) throw new Error('no schema');
    return { value: r.value, table };
  } catch (e) {
    host.malformedData(`returned data that is not an Arrow IPC stream (${(e as Error).message})`);
    throw new StrataError('plugin_malformed', `plugin ${host.name} returned data that is not an Arrow IPC stream: ${(e as Error).message}`, { plugin: host.name, reason: 'malformed' });
  }
}
