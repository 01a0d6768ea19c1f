// Schedule hook example (cron "*/5 * * * *"): called with the time of the tick in params.now (µs).
import { definePlugin, readLong, writeLong } from '../../../../sdk/index.js';

definePlugin({
  name: 'heartbeat',
  methods: {
    'hook.count': (params, payload) => {
      const now = (params as { now: number }).now;
      const n = readLong(payload).get('raw')?.ts.length ?? 0;
      return { payload: writeLong(new Map([['raw_count', { ts: [now], value: [n] }]])) };
    },
  },
});
