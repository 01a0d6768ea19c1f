// Formula engine benchmarks: aligned add over two 1M-point series (union 1.25M) and a 20-operator
// formula over 1M points, with an in-memory resolver; pandas' aligned add for comparison when present.
import { spawnSync } from 'node:child_process';
import { evaluate, MemoryResolver } from '../core/formula/index.js';
import type { TimeSeries } from '../core/series/series.js';
import { median, type BenchResult } from './harness.js';

const N = 1_000_000;
const STEP = 60_000_000; // one minute in µs
const T0 = Date.UTC(2020, 0, 1) * 1000;

function series(times: Float64Array, f: (i: number) => number): TimeSeries {
  return { tzaware: true, valueType: 'float64', times, values: Float64Array.from({ length: times.length }, (_, i) => f(i)) };
}

/** a: every minute; b: the same minutes except that every 4th is moved 30 s later (union 1.25M). */
function data() {
  const ta = new Float64Array(N);
  const tb = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    ta[i] = T0 + i * STEP;
    tb[i] = ta[i]! + (i % 4 === 0 ? STEP / 2 : 0);
  }
  return { a: series(ta, (i) => i % 97), b: series(tb, (i) => (i * 7) % 13), c: series(ta, (i) => Math.sin(i / 1000)) };
}

async function time(rounds: number, fn: () => Promise<unknown>): Promise<number> {
  const ms: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  return median(ms);
}

const TWENTY =
  '(** (priority (slice (round (clip (rolling (cumsum (abs (+ 1 (* 2 (/ (sub (add (series "a") (series "c"))' +
  ' (row-max (series "a") (time-shifted (series "c") #:hours 1))) 3))))) 5) #:min 0 #:replacemin #t) #:decimals 2)' +
  ' #:fromdate "2020-01-01") (series "a")) 1)';

function pandasAdd(): { ms: number } | { error: string } {
  const py = `
import time, numpy as np, pandas as pd
N=${N}; STEP=${STEP}; T0=${T0}
i=np.arange(N)
ta=T0+i*STEP; tb=ta+np.where(i%4==0, STEP//2, 0)
a=pd.Series((i%97).astype(float), index=pd.to_datetime(ta, unit='us', utc=True))
b=pd.Series(((i*7)%13).astype(float), index=pd.to_datetime(tb, unit='us', utc=True))
best=[]
for _ in range(5):
    t=time.perf_counter(); df=pd.concat([a,b],axis=1,join='outer'); r=df.dropna().sum(axis=1); best.append((time.perf_counter()-t)*1000)
best.sort(); print(best[len(best)//2])
`;
  const r = spawnSync('python3', ['-c', py], { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) return { error: (r.stderr || r.error?.message || 'python3 failed').trim().split('\n').pop()! };
  return { ms: parseFloat(r.stdout.trim()) };
}

export async function benchFormula(): Promise<Array<{ name: string; ms: number; note?: string } & BenchResult>> {
  const d = data();
  const resolver = new MemoryResolver(d);
  const out: Array<{ name: string; ms: number; note?: string } & BenchResult> = [];

  let unionLen = 0;
  const addMs = await time(7, async () => {
    const r = await evaluate('(add (series "a") (series "b"))', resolver);
    if (r.kind === 'series') unionLen = r.series.times.length;
  });
  const filled = await evaluate('(add (series "a" #:fill 0) (series "b" #:fill 0))', resolver);
  const union = filled.kind === 'series' ? filled.series.times.length : 0;
  const pandas = pandasAdd();
  const pandasNote = 'ms' in pandas ? '' : `; pandas comparison skipped (${pandas.error})`;
  out.push({ name: 'formula: add 2x1M (union 1.25M)', ms: addMs, note: `${union} union timestamps, ${unionLen} points out${pandasNote}` });

  if ('ms' in pandas) {
    const ratio = addMs / pandas.ms;
    out.push({ name: 'formula: pandas aligned add (same data)', ms: pandas.ms });
    out.push({ name: 'formula: add vs pandas', ms: addMs, figure: ratio, unit: 'x pandas time', target: '<= 1.0x', pass: ratio <= 1.0 });
  }

  let n20 = 0;
  const twentyMs = await time(5, async () => {
    const r = await evaluate(TWENTY, resolver);
    if (r.kind === 'series') n20 = r.series.times.length;
  });
  out.push({ name: 'formula: 20-operator formula over 1M', ms: twentyMs, note: `${n20} points out` });
  return out;
}
