// Correlation hook example: clean → clean_pct. Runs after despike because despike may change "clean".
import { definePlugin, readLong, writeLong } from '../../../../sdk/index.js';

definePlugin({
  name: 'percent',
  methods: {
    'hook.of_max': (_params, payload) => {
      const clean = readLong(payload).get('clean') ?? { ts: [], value: [] };
      const max = Math.max(...clean.value);
      return { payload: writeLong(new Map([['clean_pct', { ts: clean.ts, value: clean.value.map((v) => (v / max) * 100) }]])) };
    },
  },
});
