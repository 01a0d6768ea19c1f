import { describe, expect, it } from 'vitest';
import { covered, daily, failure, points, resolver, scalar, ts } from '../helpers.js';

const us = (iso: string) => Date.parse(iso) * 1000;

describe('date, now, today, timedelta', () => {
  it('date is tz-aware UTC by default, reads wall time in #:tz, naive with #:naive', async () => {
    expect(await scalar('(date "2020-1-1")')).toEqual({ type: 'timestamp', us: us('2020-01-01T00:00:00Z'), tzaware: true, tz: null });
    expect(await scalar('(date "2024-07-01 12:00" #:tz "Europe/Paris")')).toMatchObject({ us: us('2024-07-01T10:00:00Z'), tz: 'Europe/Paris' });
    expect(await scalar('(date "2024-01-01T12:00+02:00")')).toMatchObject({ us: us('2024-01-01T10:00:00Z'), tzaware: true });
    expect(await scalar('(date "2024-01-01" #:naive #t)')).toMatchObject({ us: us('2024-01-01T00:00:00Z'), tzaware: false });
    expect(await scalar('(date "2024-01-01" #t)')).toMatchObject({ tzaware: false });
    expect(await scalar('(date "2024-01-01" #:tz nil)')).toMatchObject({ us: us('2024-01-01T00:00:00Z'), tzaware: false });
    expect(await scalar('(date "2024-01-01" #:tz "UTC")')).toEqual({ type: 'timestamp', us: us('2024-01-01T00:00:00Z'), tzaware: true, tz: null });
    expect((await failure('(date "2024-01-01" #:naive #t #:tz "Europe/Paris")')).code).toBe('bad_value');
  });
  it('date reads times skipped by DST forward, and repeated ones as the first instant', async () => {
    expect(await scalar('(date "2024-03-31 02:30" #:tz "Europe/Paris")')).toMatchObject({ us: us('2024-03-31T01:30:00Z') });
    expect(await scalar('(date "2024-10-27 02:30" #:tz "Europe/Paris")')).toMatchObject({ us: us('2024-10-27T00:30:00Z') });
  });
  it('now is the revision date when reading as of one, else the clock', async () => {
    expect(await scalar('(now)', undefined, { revisionDate: us('2023-05-05T10:00:00Z') })).toMatchObject({ us: us('2023-05-05T10:00:00Z'), tzaware: true });
    expect(await scalar('(now)', undefined, { now: 42 })).toMatchObject({ us: 42 });
    expect(await scalar('(now #:naive #t)', undefined, { now: 42 })).toMatchObject({ us: 42, tzaware: false });
    expect(await scalar('(now #:tz "Europe/Paris")', undefined, { now: 42 })).toMatchObject({ us: 42, tz: 'Europe/Paris' });
    expect((await failure('(now #:naive #t #:tz "UTC")')).code).toBe('bad_value');
    const before = Date.now() * 1000;
    const v = (await scalar('(now)')) as { us: number };
    expect(v.us).toBeGreaterThanOrEqual(before);
  });
  it('today is midnight of the current day, in #:tz or UTC, of the revision date when reading as of one', async () => {
    expect(await scalar('(today)', undefined, { revisionDate: us('2023-05-05T10:00:00Z') })).toMatchObject({ us: us('2023-05-05T00:00:00Z'), tzaware: true });
    expect(await scalar('(today)', undefined, { now: us('2024-02-29T23:59:59Z') })).toMatchObject({ us: us('2024-02-29T00:00:00Z') });
    expect(await scalar('(today #:naive #t)', undefined, { now: us('2024-02-29T23:59:59Z') })).toMatchObject({ us: us('2024-02-29T00:00:00Z'), tzaware: false });
    // 23:30 UTC on Mar 30 is already Mar 31 in Paris, a DST day: midnight there is 22:00 UTC the day before.
    expect(await scalar('(today #:tz "Europe/Paris")', undefined, { now: us('2024-03-30T23:30:00Z') })).toMatchObject({ us: us('2024-03-30T23:00:00Z'), tz: 'Europe/Paris' });
    expect(await scalar('(today #:tz "America/New_York")', undefined, { now: us('2024-07-01T02:00:00Z') })).toMatchObject({ us: us('2024-06-30T04:00:00Z') });
  });
  it('timedelta / shifted move by calendar amounts, clamping month ends', async () => {
    expect(await scalar('(timedelta (date "2020-1-1") #:weeks 1 #:hours 2)')).toMatchObject({ us: us('2020-01-08T02:00:00Z') });
    expect(await scalar('(timedelta (date "2020-01-31") #:months 1)')).toMatchObject({ us: us('2020-02-29T00:00:00Z') });
    expect(await scalar('(shifted (date "2021-03-15") #:years -1 #:days -15 #:minutes 30)')).toMatchObject({ us: us('2020-02-29T00:30:00Z') });
    expect(await scalar('(timedelta (date "2020-01-01") 1)')).toMatchObject({ us: us('2021-01-01T00:00:00Z') });
  });
  it('timedelta keeps the wall clock across DST in the date\'s zone', async () => {
    // 2024-03-30 12:00 Paris (+1) plus one day = 2024-03-31 12:00 Paris (+2).
    expect(await scalar('(timedelta (date "2024-03-30 12:00" #:tz "Europe/Paris") #:days 1)')).toMatchObject({ us: us('2024-03-31T10:00:00Z') });
  });
  it('start-of-month is midnight of the first day; end-of-month keeps the time of day', async () => {
    expect(await scalar('(start-of-month (date "1973-05-20 09:00"))')).toMatchObject({ us: us('1973-05-01T00:00:00Z') });
    expect(await scalar('(start-of-month (date "2024-04-20 09:00" #:tz "Europe/Paris"))')).toMatchObject({ us: us('2024-03-31T22:00:00Z'), tz: 'Europe/Paris' });
    expect(await scalar('(start-of-month (date "2024-04-20 09:00" #:naive #t))')).toMatchObject({ us: us('2024-04-01T00:00:00Z'), tzaware: false });
    expect(await scalar('(end-of-month (date "2024-02-10 09:00"))')).toMatchObject({ us: us('2024-02-29T09:00:00Z') });
    expect(await scalar('(end-of-month (date "2024-04-10" #:naive #t))')).toMatchObject({ us: us('2024-04-30T00:00:00Z'), tzaware: false });
  });
});

describe('time-shifted, slice', () => {
  const r = resolver({ a: daily('2024-01-01', [1, 2, 3, 4, 5]), n: daily('2024-01-01', [1, 2, 3], false) });
  it('time-shifted moves timestamps and reads the shifted window', async () => {
    expect(await points('(time-shifted (series "a") #:days 2 #:hours 1)', r, { from: us('2024-01-04T00:00:00Z'), to: us('2024-01-05T12:00:00Z') })).toEqual([
      ['2024-01-04T01:00:00Z', 2],
      ['2024-01-05T01:00:00Z', 3],
    ]);
    expect(await points('(time-shifted (series "n") #:weeks -1)', r)).toEqual([
      ['2023-12-25T00:00:00', 1],
      ['2023-12-26T00:00:00', 2],
      ['2023-12-27T00:00:00', 3],
    ]);
    expect(await points('(time-shifted (series "a"))', r)).toHaveLength(5);
  });
  it('slice keeps [fromdate, todate] with ISO text or dates, on naive and aware series', async () => {
    expect(await points('(slice (series "a") #:fromdate "2024-01-02" #:todate (date "2024-01-03"))', r)).toEqual([
      ['2024-01-02T00:00:00Z', 2],
      ['2024-01-03T00:00:00Z', 3],
    ]);
    expect(await points('(slice (series "a") #:todate "2024-01-01")', r)).toEqual([['2024-01-01T00:00:00Z', 1]]);
    expect(await points('(slice (series "n") "2024-01-03")', r)).toEqual([['2024-01-03T00:00:00', 3]]);
  });
  it('slice narrows the window its inputs are read over', async () => {
    expect(await points('(slice (series "a") #:fromdate "2024-01-02")', r, { from: us('2024-01-04T00:00:00Z') })).toEqual([
      ['2024-01-04T00:00:00Z', 4],
      ['2024-01-05T00:00:00Z', 5],
    ]);
    // cumsum starts where slice lets the read start.
    expect(await points('(cumsum (slice (series "a") #:fromdate "2024-01-04"))', r)).toEqual([
      ['2024-01-04T00:00:00Z', 4],
      ['2024-01-05T00:00:00Z', 9],
    ]);
  });
  it('slice reports a bad date at the argument', async () => {
    const f = '(slice (series "a") #:fromdate (timedelta (today) #:months 1) #:todate "2024-99-01")';
    const e = await failure(f, r);
    expect(e.code).toBe('bad_value');
    expect(covered(f, e)).toBe('"2024-99-01"');
  });
});

describe('naive, tzaware', () => {
  const r = resolver({
    utc: ts([
      ['2024-10-26T22:00:00Z', 1],
      ['2024-10-27T00:00:00Z', 2], // 02:00 CEST
      ['2024-10-27T01:00:00Z', 4], // 02:00 CET: the same wall time again
      ['2024-10-27T02:00:00Z', 5],
    ]),
    wall: ts([
      ['2024-03-31T01:00:00', 1],
      ['2024-03-31T02:30:00', 2], // skipped by DST
      ['2024-03-31T03:00:00', 3],
    ]),
    s: ts([['2024-01-01T00:00:00Z', 'x']]),
  });
  it('naive shows wall-clock time in the zone and averages repeated readings', async () => {
    expect(await points('(naive (series "utc") "Europe/Paris")', r)).toEqual([
      ['2024-10-27T00:00:00', 1],
      ['2024-10-27T02:00:00', 3],
      ['2024-10-27T03:00:00', 5],
    ]);
    expect(await points('(naive (series "wall") "Europe/Paris")', r)).toHaveLength(3);
    expect(await points('(naive (series "s") "Asia/Tokyo")', r)).toEqual([['2024-01-01T09:00:00', 'x']]);
  });
  it('naive reads its input over the window localised in the zone', async () => {
    const from = us('2024-10-27T02:30:00Z'); // a wall-clock bound in the naive result
    expect(await points('(naive (series "utc") "Europe/Paris")', r, { from })).toEqual([['2024-10-27T03:00:00', 5]]);
  });
  it('tzaware localises wall-clock readings (DST gap moves forward)', async () => {
    expect(await points('(tzaware (series "wall") "Europe/Paris")', r)).toEqual([
      ['2024-03-31T00:00:00Z', 1],
      ['2024-03-31T01:00:00Z', 3],
      ['2024-03-31T01:30:00Z', 2],
    ].sort());
    expect(await points('(tzaware (naive (series "utc") "UTC") "UTC")', r)).toEqual(await points('(series "utc")', r));
  });
});
