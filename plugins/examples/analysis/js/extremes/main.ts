// Long-lived analysis example (TS): the Timeseer request over Strata's wire protocol, series as Arrow tables.
import { definePlugin, payloadTables, readSeries } from '../../../../sdk/index.js';

interface Described {
  name: string;
  table: number;
}

const iso = (us: number) => new Date(us / 1000).toISOString();

definePlugin({
  name: 'extremes',
  methods: {
    help: () => ({ value: 'Minimum and maximum of each series, with the time of each.' }),
    metadata: () => ({ value: { signature: 'multivariate' } }),
    analyze: (params, payload) => {
      const p = params as { inputs: Described[] };
      const tables = payloadTables(params, payload);
      const statistics = p.inputs.flatMap((d) => {
        const s = readSeries(tables[d.table]!);
        if (!s.value.length) return [{ name: `${d.name}: points`, dataType: 'float', result: 0 }];
        let lo = 0;
        let hi = 0;
        s.value.forEach((v, i) => {
          if (v < s.value[lo]!) lo = i;
          if (v > s.value[hi]!) hi = i;
        });
        return [
          { name: `${d.name}: minimum`, dataType: 'float', result: s.value[lo] },
          { name: `${d.name}: time of minimum`, dataType: 'timestamp', result: iso(s.ts[lo]!) },
          { name: `${d.name}: maximum`, dataType: 'float', result: s.value[hi] },
          { name: `${d.name}: time of maximum`, dataType: 'timestamp', result: iso(s.ts[hi]!) },
        ];
      });
      return { value: { statistics } };
    },
  },
});
