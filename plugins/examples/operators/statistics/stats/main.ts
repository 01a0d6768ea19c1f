// Example formula operators (tshistory_formula's custom operators), run in their own process by Strata.
// The signatures are declared in plugin.json; Strata type-checks calls like a built-in's.
import { definePlugin, operatorArgs, seriesResult, type SeriesArg } from '../../../../sdk/index.js';

definePlugin({
  name: 'stats',
  methods: {
    'operator.zscore': (params, payload) => {
      const { args } = operatorArgs(params, payload);
      const s = args.series as SeriesArg;
      const ddof = Number(args.ddof ?? 0);
      const n = s.value.length;
      if (n - ddof <= 0) throw new Error(`zscore needs more than ${ddof} points, got ${n}`);
      let sum = 0;
      for (const v of s.value) sum += v;
      const mean = sum / n;
      let sq = 0;
      for (const v of s.value) sq += (v - mean) ** 2;
      const sd = Math.sqrt(sq / (n - ddof));
      if (sd === 0) throw new Error('zscore of a constant series is undefined (standard deviation 0)');
      return seriesResult({ ts: s.ts, value: s.value.map((v) => (v - mean) / sd), tzaware: s.tzaware });
    },
    'operator.ewm-mean': (params, payload) => {
      const { args } = operatorArgs(params, payload);
      const s = args.series as SeriesArg;
      const alpha = Number(args.alpha);
      if (!(alpha > 0 && alpha <= 1)) throw new Error(`alpha must be in (0, 1], got ${alpha}`);
      const out = new Float64Array(s.value.length);
      let m = NaN;
      s.value.forEach((v, i) => {
        m = i === 0 ? v : alpha * v + (1 - alpha) * m;
        out[i] = m;
      });
      return seriesResult({ ts: s.ts, value: out, tzaware: s.tzaware });
    },
  },
});
