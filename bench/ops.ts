// Signal-operation benchmarks with numpy / scipy / pandas measured side by side when Debian's python3 has them.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { butterworth } from '../core/ops/butterworth.js';
import { spectrum } from '../core/ops/fft.js';
import { resample } from '../core/ops/resample.js';
import { sosfiltfilt } from '../core/ops/sosfiltfilt.js';
import type { TimeSeries } from '../core/series/series.js';
import { median, type BenchResult } from './harness.js';

const FFT_N = 1 << 20;
const FILTER_N = 1_000_000;
const RESAMPLE_N = 1_000_000;
const ROUNDS = 7;
const PYTHON = '/usr/bin/python3';

// The same workloads in Python; each prints the median wall time in ms of the same number of rounds.
const PEER_SCRIPT = `
import json, time, sys
import numpy as np
out = {}
def med(fn, rounds=${ROUNDS}):
    fn()
    ts = []
    for _ in range(rounds):
        t = time.perf_counter(); fn(); ts.append((time.perf_counter() - t) * 1000)
    return float(np.median(ts))
x = np.sin(np.arange(${FFT_N}) * 0.001) + (np.arange(${FFT_N}) % 17) / 17
out['fft'] = med(lambda: np.abs(np.fft.rfft(x)))
try:
    import scipy.signal as ss
    sos = ss.butter(4, 5.0, fs=100.0, output='sos')
    y = x[:${FILTER_N}]
    out['filter'] = med(lambda: ss.sosfiltfilt(sos, y))
except ImportError:
    pass
try:
    import pandas as pd
    i = np.arange(${RESAMPLE_N}, dtype=np.int64)
    t = 1_700_000_000_000_000 + i * 10_000 + (i * 7919) % 5000
    s = pd.Series(x[:${RESAMPLE_N}], index=pd.to_datetime(t * 1000, utc=True))
    out['resample'] = med(lambda: s.resample('1s').mean())
except ImportError:
    pass
print(json.dumps(out))
`;

function peers(): { times: Record<string, number>; note?: string } {
  if (!existsSync(PYTHON)) return { times: {}, note: `${PYTHON} not found: peers skipped` };
  const r = spawnSync(PYTHON, ['-c', PEER_SCRIPT], { encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0) return { times: {}, note: `peers skipped: ${(r.stderr || r.error?.message || '').trim().split('\n').pop()}` };
  return { times: JSON.parse(r.stdout) as Record<string, number> };
}

function time(fn: () => unknown): number {
  // Untimed runs first: V8 needs a dozen or so calls of a hot loop before its top tier settles (steady state is
  // what a long-running app sees; Python's compiled peers need no warm-up but get one).
  for (let i = 0; i < 10; i++) fn();
  const ts: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t = performance.now();
    fn();
    ts.push(performance.now() - t);
  }
  return median(ts);
}

function compare(name: string, ms: number, peerMs: number | undefined, peer: string, limit: number, note?: string): BenchResult {
  if (peerMs === undefined) return { name, ms, note: note ?? `${peer} not available: no ratio` };
  const ratio = ms / peerMs;
  return {
    name,
    ms,
    figure: ratio,
    unit: `x ${peer} (${peerMs.toFixed(1)} ms)`,
    target: `<= ${limit}x ${peer}`,
    pass: ratio <= limit,
  };
}

export async function benchOps(): Promise<BenchResult[]> {
  const x = Float64Array.from({ length: FFT_N }, (_, i) => Math.sin(i * 0.001) + (i % 17) / 17);
  const fftMs = time(() => spectrum(x, 100));

  const y = x.subarray(0, FILTER_N);
  const sos = butterworth('lowpass', 4, 5, 100);
  const filterMs = time(() => sosfiltfilt(sos, y));

  const times = Float64Array.from({ length: RESAMPLE_N }, (_, i) => 1_700_000_000_000_000 + i * 10_000 + ((i * 7919) % 5000));
  const s: TimeSeries = { tzaware: true, valueType: 'float64', times, values: x.slice(0, RESAMPLE_N) };
  const resampleMs = time(() => resample(s, '1s', 'mean'));

  const p = peers();
  return [
    compare('ops.fft_2^20', fftMs, p.times.fft, 'numpy', 1.5, p.note),
    compare('ops.sosfiltfilt_order4_1M', filterMs, p.times.filter, 'scipy', 1.0, p.note),
    compare('ops.resample_1M_to_1s_mean', resampleMs, p.times.resample, 'pandas', 1.0, p.note),
  ];
}
