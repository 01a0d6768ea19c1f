// New-revision hook example: raw got a new revision → the mean of raw, stamped at raw's last point.
import { definePlugin, readLong, writeLong } from '../../../../sdk/index.js';

definePlugin({
  name: 'raw_stats',
  methods: {
    'hook.mean': (_params, payload) => {
      const raw = readLong(payload).get('raw');
      if (!raw || !raw.ts.length) return {};
      const mean = raw.value.reduce((a, b) => a + b, 0) / raw.value.length;
      return { value: { points: raw.ts.length }, payload: writeLong(new Map([['raw_mean', { ts: [raw.ts.at(-1)!], value: [mean] }]])) };
    },
  },
});
