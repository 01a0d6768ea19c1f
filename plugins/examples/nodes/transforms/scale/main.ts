// Example JS plugin: the workflow node type `scale/linear`, run in its own process by Strata's plugin host.
// Frames come and go as Arrow tables (an index column `ts` or `frequency_hz`, then one column per channel).
import { makeVector, Table, type Vector } from 'apache-arrow';
import { definePlugin, nodeInputs, tableResult } from '../../../../sdk/index.js';

const INDEX = new Set(['ts', 'frequency_hz']);

definePlugin({
  name: 'scale',
  methods: {
    /** params.config: {factor, offset} (validated by Strata against plugin.json); one input table. */
    'node.linear': (params, payload) => {
      const { factor = 1, offset = 0 } = ((params as { config?: { factor?: number; offset?: number } })?.config ?? {});
      const [input] = nodeInputs(params, payload);
      if (!input) throw new Error('scale/linear needs one input');
      // The index passes through untouched (zero-copy); every channel is scaled.
      const columns: Record<string, Vector> = {};
      for (const f of input.schema.fields) {
        const column = input.getChild(f.name)!;
        if (INDEX.has(f.name)) {
          columns[f.name] = column;
          continue;
        }
        const values = column.toArray() as Float64Array;
        const out = new Float64Array(values.length);
        for (let i = 0; i < values.length; i++) out[i] = values[i]! * factor + offset;
        columns[f.name] = makeVector(out);
      }
      return tableResult(new Table(columns), { rows: input.numRows });
    },
  },
});
