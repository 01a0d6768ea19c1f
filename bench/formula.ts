// Formula engine benchmarks: aligned add over two 1M-point series (union 1.25M) and a 20-operator
// formula over 1M points, with an in-memory resolver; pandas' aligned add for comparison when present.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
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

async function rounds(n: number, fn: () => Promise<unknown>): Promise<number[]> {
  const ms: number[] = [];
  for (let r = 0; r < n; r++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  return ms;
}

async function time(n: number, fn: () => Promise<unknown>): Promise<number> {
  return median(await rounds(n, fn));
}

const TWENTY =
  '(** (priority (slice (round (clip (rolling (cumsum (abs (+ 1 (* 2 (/ (sub (add (series "a") (series "c"))' +
  ' (row-max (series "a") (time-shifted (series "c") #:hours 1))) 3))))) 5) #:min 0 #:replacemin #t) #:decimals 2)' +
  ' #:fromdate "2020-01-01") (series "a")) 1)';

/** Debian's interpreter first: it is the one python3-pandas installs into (a PATH shim may lack pandas). */
function python(): string {
  return existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
}

/**
 * pandas on the same data, 9 rounds after a warm-up (best and median): `a.add(b).dropna()` (pandas' own
 * aligned add, the peer of the target) and tshistory's way (outer concat, dropna, row sum), for information.
 */
function pandasAdd(): { add: number; addMedian: number; concat: number; version: string } | { error: string } {
  const py = `
import time, numpy as np, pandas as pd
N=${N}; STEP=${STEP}; T0=${T0}
i=np.arange(N)
ta=T0+i*STEP; tb=ta+np.where(i%4==0, STEP//2, 0)
a=pd.Series((i%97).astype(float), index=pd.to_datetime(ta, unit='us', utc=True))
b=pd.Series(((i*7)%13).astype(float), index=pd.to_datetime(tb, unit='us', utc=True))
def runs(f, n):
    f(); ms=[]
    for _ in range(n):
        t=time.perf_counter(); r=f(); ms.append((time.perf_counter()-t)*1000)
    assert len(r)==${(N * 3) / 4}
    ms.sort(); return ms
add=runs(lambda: a.add(b).dropna(), 9)
concat=runs(lambda: pd.concat([a,b],axis=1,join='outer').dropna().sum(axis=1), 5)
print(add[0], add[len(add)//2], concat[len(concat)//2], pd.__version__)
`;
  const r = spawnSync(python(), ['-c', py], { encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0) return { error: (r.stderr || r.error?.message || 'python3 failed').trim().split('\n').pop()! };
  const [add, addMedian, concat, version] = r.stdout.trim().split(/\s+/);
  return { add: parseFloat(add!), addMedian: parseFloat(addMedian!), concat: parseFloat(concat!), version: version! };
}

export async function benchFormula(): Promise<Array<{ name: string; ms: number; note?: string } & BenchResult>> {
  const d = data();
  const resolver = new MemoryResolver(d);
  const out: Array<{ name: string; ms: number; note?: string } & BenchResult> = [];

  let unionLen = 0;
  const addOnce = async () => {
    const r = await evaluate('(add (series "a") (series "b"))', resolver);
    if (r.kind === 'series') unionLen = r.series.times.length;
  };
  await addOnce(); // warm-up, as pandas gets one
  const filled = await evaluate('(add (series "a" #:fill 0) (series "b" #:fill 0))', resolver);
  const union = filled.kind === 'series' ? filled.series.times.length : 0;
  // pandas runs between two halves of ours so both see the same machine load; the ratio compares the best
  // round of each (the least disturbed by other processes on a shared machine), medians are printed too.
  const before = await rounds(5, addOnce);
  const pandas = pandasAdd();
  const after = await rounds(4, addOnce);
  const ours = [...before, ...after];
  const addMs = Math.min(...ours);
  const addMedian = median(ours);
  const pandasNote = 'add' in pandas ? '' : `; pandas comparison skipped (${pandas.error})`;
  out.push({ name: 'formula: add 2x1M (union 1.25M)', ms: addMs, note: `best of 9 (median ${addMedian.toFixed(1)} ms); ${union} union timestamps, ${unionLen} points out${pandasNote}` });
  const filledMs = await time(5, () => evaluate('(add (series "a" #:fill 0) (series "b" #:fill "ffill"))', resolver));
  out.push({ name: 'formula: add 2x1M with fills (union)', ms: filledMs, note: `${union} points out` });

  if ('add' in pandas) {
    const ratio = addMs / pandas.add;
    out.push({ name: 'formula: pandas a.add(b).dropna()', ms: pandas.add, note: `best of 9 (median ${pandas.addMedian.toFixed(1)} ms), pandas ${pandas.version}, same data` });
    out.push({ name: 'formula: pandas concat+dropna+sum (tshistory)', ms: pandas.concat, note: `median of 5; ours (median) is ${(pandas.concat / addMedian).toFixed(1)}x faster` });
    out.push({ name: 'formula: add vs pandas', ms: addMs, figure: ratio, unit: 'x pandas time', target: '<= 1.0x', pass: ratio <= 1.0, note: `medians: ${(addMedian / pandas.addMedian).toFixed(2)}x` });
  }

  let n20 = 0;
  const twentyMs = await time(5, async () => {
    const r = await evaluate(TWENTY, resolver);
    if (r.kind === 'series') n20 = r.series.times.length;
  });
  out.push({ name: 'formula: 20-operator formula over 1M', ms: twentyMs, note: `${n20} points out` });
  return out;
}
