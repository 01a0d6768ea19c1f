// Example JS plugin (a workflow node type), run in its own process by Strata's plugin host.
// Data comes and goes as Arrow IPC streams; parameters as JSON.
import { makeVector, Table, tableFromIPC, tableToIPC, type Vector } from 'apache-arrow';
import { definePlugin } from '../../../../sdk/index.js';

definePlugin({
  name: 'scale',
  methods: {
    /** params: {factor?: number, offset?: number}; payload: a table with a float64 `value` column. */
    'node.run': (params, payload) => {
      const { factor = 1, offset = 0 } = (params ?? {}) as { factor?: number; offset?: number };
      const input = tableFromIPC(payload);
      const column = input.getChild('value');
      if (!column) throw new Error('the input table has no "value" column');
      const values = column.toArray() as Float64Array;
      const out = new Float64Array(values.length);
      for (let i = 0; i < values.length; i++) out[i] = values[i]! * factor + offset;
      // Every other column passes through untouched (zero-copy); `value` is replaced.
      const columns: Record<string, Vector> = {};
      for (const f of input.schema.fields) columns[f.name] = f.name === 'value' ? makeVector(out) : input.getChild(f.name)!;
      const result = new Table(columns);
      return { value: { rows: out.length }, payload: tableToIPC(result, 'stream') };
    },
  },
});
