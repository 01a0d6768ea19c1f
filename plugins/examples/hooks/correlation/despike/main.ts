// Correlation hook example: raw → clean, dropping spikes. Config (config.json) is read at start.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { definePlugin, readLong, writeLong } from '../../../../sdk/index.js';

const config = JSON.parse(readFileSync(join(import.meta.dirname, 'config.json'), 'utf8')) as { threshold?: number };
const threshold = config.threshold ?? 10;

definePlugin({
  name: 'despike',
  methods: {
    'hook.clean': (_params, payload) => {
      const raw = readLong(payload).get('raw') ?? { ts: [], value: [] };
      const clean = { ts: [] as number[], value: [] as number[] };
      let last: number | null = null;
      raw.ts.forEach((t, i) => {
        const v = raw.value[i]!;
        if (last !== null && Math.abs(v - last) > threshold) return;
        last = v;
        clean.ts.push(t);
        clean.value.push(v);
      });
      return { value: { kept: clean.ts.length }, payload: writeLong(new Map([['clean', clean]])) };
    },
  },
});
