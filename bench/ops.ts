// Signal-operation benchmarks with numpy / scipy / pandas measured side by side when Debian's python3 has them.
//
// Fairness: both sides get the same input and produce the same result, and their rounds are interleaved
// (one of ours, one of theirs, ...) in one long-lived Python process, so a load spike from other processes
// on a shared machine hits both sides alike instead of skewing the ratio. The target is on wall time; the
// ratio of CPU times (process-wide on both sides, so V8's GC threads count) is printed too, since on a
// machine shared with other jobs it is the steadier figure.
//   fft:      ours spectrum(x, fs) = |X_k| plus the frequency axis (and the gap check);
//             numpy np.abs(np.fft.rfft(x)) plus np.fft.rfftfreq(N, 1/fs).
//   rfft:     ours rfft(x) (separate re/im arrays) vs np.fft.rfft(x) (complex array); no target, for reference.
//   filter:   sosfiltfilt(sos, y) with the same order-4 Butterworth sections, scipy's default padding.
//   resample: 1M irregular 10 ms points to 1 s means; pandas' Series.resample('1s').mean().
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { butterworth } from '../core/ops/butterworth.js';
import { spectrum } from '../core/ops/fft.js';
import { resample } from '../core/ops/resample.js';
import { rfft } from '../core/ops/rfft.js';
import { sosfiltfilt } from '../core/ops/sosfiltfilt.js';
import type { TimeSeries } from '../core/series/series.js';
import { median, type BenchResult } from './harness.js';

const FFT_N = 1 << 20;
const FS = 100;
const FILTER_N = 1_000_000;
const RESAMPLE_N = 1_000_000;
const ROUNDS = 21;
const WARMUP = 10;
const PYTHON = '/usr/bin/python3';

// The same workloads in Python. Protocol: prints a JSON line of the tasks it can run, then for each task
// name read on stdin runs it once and prints its wall and CPU times in ms.
const PEER_SCRIPT = `
import json, sys, time
import numpy as np
x = np.sin(np.arange(${FFT_N}) * 0.001) + (np.arange(${FFT_N}) % 17) / 17
tasks = {
    'fft': lambda: (np.abs(np.fft.rfft(x)), np.fft.rfftfreq(${FFT_N}, 1 / ${FS})),
    'rfft': lambda: np.fft.rfft(x),
}
try:
    import scipy.signal as ss
    sos = ss.butter(4, 5.0, fs=${FS}.0, output='sos')
    y = x[:${FILTER_N}]
    tasks['filter'] = lambda: ss.sosfiltfilt(sos, y)
except ImportError:
    pass
try:
    import pandas as pd
    i = np.arange(${RESAMPLE_N}, dtype=np.int64)
    t = 1_700_000_000_000_000 + i * 10_000 + (i * 7919) % 5000
    s = pd.Series(x[:${RESAMPLE_N}], index=pd.to_datetime(t * 1000, utc=True))
    tasks['resample'] = lambda: s.resample('1s').mean()
except ImportError:
    pass
print(json.dumps(sorted(tasks)), flush=True)
for line in sys.stdin:
    fn = tasks[line.strip()]
    t0 = time.perf_counter(); c0 = time.process_time(); fn()
    cpu = (time.process_time() - c0) * 1000; ms = (time.perf_counter() - t0) * 1000
    print(ms, cpu, flush=True)
`;

/** A long-lived Python process running one timed task per request. */
class Peer {
  private readonly lines: AsyncIterator<string>;
  private constructor(private readonly proc: ChildProcessWithoutNullStreams) {
    this.lines = createInterface({ input: proc.stdout })[Symbol.asyncIterator]();
  }

  static async start(): Promise<{ peer?: Peer; tasks: string[]; note?: string }> {
    if (!existsSync(PYTHON)) return { tasks: [], note: `${PYTHON} not found: peers skipped` };
    const proc = spawn(PYTHON, ['-c', PEER_SCRIPT]);
    let stderr = '';
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const peer = new Peer(proc);
    const first = await peer.lines.next();
    if (first.done) {
      await new Promise((r) => proc.once('close', r));
      return { tasks: [], note: `peers skipped: ${stderr.trim().split('\n').pop() ?? 'python3 exited'}` };
    }
    return { peer, tasks: JSON.parse(first.value) as string[] };
  }

  async run(task: string): Promise<{ ms: number; cpu: number }> {
    this.proc.stdin.write(task + '\n');
    const line = await this.lines.next();
    if (line.done) throw new Error(`python peer exited during ${task}`);
    const [ms, cpu] = line.value.split(' ').map(Number) as [number, number];
    return { ms, cpu };
  }

  stop(): void {
    this.proc.stdin.end();
  }
}

interface Pair {
  ms: number;
  cpu: number;
  peerMs?: number;
  peerCpu?: number;
}

// Untimed runs first: V8 needs a dozen or so calls of a hot loop before its top tier settles (steady state is
// what a long-running app sees; the compiled peers need no warm-up but get some).
async function measure(fn: () => unknown, peer: Peer | undefined, task: string | undefined): Promise<Pair> {
  for (let i = 0; i < WARMUP; i++) fn();
  if (peer && task) for (let i = 0; i < 3; i++) await peer.run(task);
  const ours: number[] = [];
  const oursCpu: number[] = [];
  const theirs: number[] = [];
  const theirsCpu: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t = performance.now();
    const c = process.cpuUsage();
    fn();
    const used = process.cpuUsage(c);
    ours.push(performance.now() - t);
    oursCpu.push((used.user + used.system) / 1000);
    if (peer && task) {
      const r = await peer.run(task);
      theirs.push(r.ms);
      theirsCpu.push(r.cpu);
    }
  }
  const pair: Pair = { ms: median(ours), cpu: median(oursCpu) };
  if (theirs.length) {
    pair.peerMs = median(theirs);
    pair.peerCpu = median(theirsCpu);
  }
  return pair;
}

function compare(name: string, pair: Pair, peer: string, limit: number | undefined, note?: string): BenchResult {
  const { ms, peerMs } = pair;
  if (peerMs === undefined) return { name, ms, note: note ?? `${peer} not available: no ratio` };
  const ratio = ms / peerMs;
  const cpu = `CPU ${pair.cpu.toFixed(1)} ms vs ${pair.peerCpu!.toFixed(1)} ms = ${(pair.cpu / pair.peerCpu!).toFixed(2)}x`;
  const result: BenchResult = { name, ms, figure: ratio, unit: `x ${peer} (${peerMs.toFixed(1)} ms, interleaved)`, note: cpu };
  if (limit !== undefined) {
    result.target = `<= ${limit}x ${peer}`;
    result.pass = ratio <= limit;
  }
  return result;
}

export async function benchOps(): Promise<BenchResult[]> {
  const { peer, tasks, note } = await Peer.start();
  const has = (t: string): string | undefined => (tasks.includes(t) ? t : undefined);
  try {
    const x = Float64Array.from({ length: FFT_N }, (_, i) => Math.sin(i * 0.001) + (i % 17) / 17);
    const fft = await measure(() => spectrum(x, FS), peer, has('fft'));
    const complex = await measure(() => rfft(x), peer, has('rfft'));

    const y = x.subarray(0, FILTER_N);
    const sos = butterworth('lowpass', 4, 5, FS);
    const filter = await measure(() => sosfiltfilt(sos, y), peer, has('filter'));

    const times = Float64Array.from({ length: RESAMPLE_N }, (_, i) => 1_700_000_000_000_000 + i * 10_000 + ((i * 7919) % 5000));
    const s: TimeSeries = { tzaware: true, valueType: 'float64', times, values: x.slice(0, RESAMPLE_N) };
    const resampled = await measure(() => resample(s, '1s', 'mean'), peer, has('resample'));

    return [
      compare('ops.fft_2^20', fft, 'numpy', 1.5, note),
      compare('ops.rfft_2^20_complex', complex, 'numpy', undefined, note),
      compare('ops.sosfiltfilt_order4_1M', filter, 'scipy', 1.0, note ?? (has('filter') ? undefined : 'scipy not installed: no ratio')),
      compare('ops.resample_1M_to_1s_mean', resampled, 'pandas', 1.0, note ?? (has('resample') ? undefined : 'pandas not installed: no ratio')),
    ];
  } finally {
    peer?.stop();
  }
}

// Run directly: `node --import tsx bench/ops.ts`.
if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await benchOps()) console.log(r);
}
