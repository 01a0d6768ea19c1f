import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Store } from '../../../core/store/index.js';
import type { TimeSeries } from '../../../core/series/index.js';

// A model of tshistory semantics: each revision is a plain Map of value date -> value.
type State = Map<number, number>;
type Op = { kind: 'update' | 'replace'; points: [number, number | null][]; gap: number };

const H = 3_600_000_000;
const BASE = 1_700_000_000_000_000;

function toSeries(points: [number, number | null][]): TimeSeries {
  const sorted = [...points].sort((a, b) => a[0] - b[0]);
  return {
    tzaware: true,
    valueType: 'float64',
    times: Float64Array.from(sorted, (p) => p[0]),
    values: Float64Array.from(sorted, (p) => (p[1] === null ? NaN : p[1])),
  };
}

function apply(state: State, op: Op): State {
  const next: State = op.kind === 'replace' ? new Map() : new Map(state);
  for (const [t, v] of op.points) {
    if (v === null) next.delete(t);
    else next.set(t, v);
  }
  return next;
}

function sameState(a: State, b: State): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}

function asPairs(s: TimeSeries): [number, number][] {
  return Array.from(s.times, (t, i) => [t, (s.values as Float64Array)[i]!]);
}

function modelPairs(state: State | undefined, from = -Infinity, to = Infinity): [number, number][] {
  if (!state) return [];
  return [...state.entries()].filter(([t]) => t >= from && t <= to).sort((a, b) => a[0] - b[0]);
}

const pointArb = fc.tuple(
  fc.integer({ min: 0, max: 40 }).map((i) => BASE + i * H),
  fc.oneof({ weight: 4, arbitrary: fc.integer({ min: -3, max: 3 }) }, { weight: 1, arbitrary: fc.constant(null) }),
);
const opArb: fc.Arbitrary<Op> = fc.record({
  kind: fc.constantFrom<'update' | 'replace'>('update', 'update', 'update', 'replace'),
  points: fc.uniqueArray(pointArb, { selector: (p) => p[0], maxLength: 25 }),
  gap: fc.integer({ min: 1, max: 6 }).map((g) => g * H),
});

describe('store against an in-memory model (property)', () => {
  it('reads back every revision, window, history and staircase exactly as the model says', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 12 }), fc.integer({ min: 2, max: 6 }), (ops, chunkSize) => {
        const store = new Store(':memory:', { chunkSize });
        try {
          const versions: { idate: number; state: State }[] = [];
          let state: State = new Map();
          let idate = BASE;
          for (const op of ops) {
            idate += op.gap;
            const next = apply(state, op);
            const res = store[op.kind]('s', toSeries(op.points), { insertionDate: idate, author: 'prop' });
            const changed = !sameState(state, next) && !(versions.length === 0 && next.size === 0);
            expect(res.revision !== null).toBe(changed);
            if (res.revision) {
              versions.push({ idate, state: next });
              state = next;
            }
          }
          if (versions.length === 0) {
            expect(store.exists('s')).toBe(false);
            return;
          }
          // Latest and every revision date: at, just before, just after each insertion date.
          expect(asPairs(store.get('s'))).toEqual(modelPairs(state));
          const asOf = (d: number) => [...versions].reverse().find((v) => v.idate <= d)?.state;
          for (const v of versions) {
            for (const d of [v.idate - 1, v.idate, v.idate + 1]) {
              expect(asPairs(store.get('s', { revisionDate: d }))).toEqual(modelPairs(asOf(d)));
            }
          }
          // A value-date window on an old revision.
          const mid = versions[Math.floor(versions.length / 2)]!;
          const from = BASE + 10 * H;
          const to = BASE + 25 * H;
          expect(asPairs(store.get('s', { revisionDate: mid.idate, from, to }))).toEqual(modelPairs(mid.state, from, to));
          // History: one version per revision, each the whole state then.
          const hist = store.history('s');
          expect(hist.map((h) => h.revision.insertionDate)).toEqual(versions.map((v) => v.idate));
          hist.forEach((h, k) => expect(asPairs(h.series)).toEqual(modelPairs(versions[k]!.state)));
          expect(store.insertionDates('s')).toEqual(versions.map((v) => v.idate));
          expect(store.info('s').count).toBe(state.size);
          // Staircase: the value at t as known at t - delta.
          for (const delta of [0, H, 5 * H, -2 * H]) {
            const expected: [number, number][] = [];
            const all = new Set<number>();
            for (const v of versions) for (const t of v.state.keys()) all.add(t);
            for (const t of [...all].sort((x, y) => x - y)) {
              const known = asOf(t - delta);
              if (known?.has(t)) expected.push([t, known.get(t)!]);
            }
            expect(asPairs(store.staircase('s', delta))).toEqual(expected);
          }
        } finally {
          store.close();
        }
      }),
      { numRuns: 300 },
    );
  });
});
