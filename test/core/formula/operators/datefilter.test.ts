import { describe, expect, it } from 'vitest';
import { parseCronField } from '../../../../core/formula/operators/datefilter.js';
import { covered, failure, points, resolver, ts } from '../helpers.js';

const hours = (start: string, n: number, suffix = 'Z') =>
  ts(Array.from({ length: n }, (_, h) => [new Date(Date.parse(start + 'Z') + h * 3600e3).toISOString().slice(0, 19) + suffix, h] as [string, number]));

describe('date-filter', () => {
  // 2024-01-01 is a Monday; two weeks of hourly points, UTC and naive.
  const r = resolver({ h: hours('2024-01-01T00:00:00', 14 * 24), n: hours('2024-01-01T00:00:00', 48, ''), s: ts([['2024-01-06T10:00:00Z', 'a'], ['2024-01-08T10:00:00Z', 'b']]) });
  const stamps = async (f: string) => (await points(f, r)).map((p) => p[0]);
  it('keeps the points matching every given field', async () => {
    const p = await stamps('(date-filter (series "h") #:weekday "sat,sun" #:hour 12)');
    expect(p).toEqual(['2024-01-06T12:00:00Z', '2024-01-07T12:00:00Z', '2024-01-13T12:00:00Z', '2024-01-14T12:00:00Z']);
    expect(await stamps('(date-filter (series "h") #:day "1,8" #:hour "0-1")')).toEqual(['2024-01-01T00:00:00Z', '2024-01-01T01:00:00Z', '2024-01-08T00:00:00Z', '2024-01-08T01:00:00Z']);
    expect(await stamps('(date-filter (series "h") #:month "feb")')).toEqual([]);
    expect(await stamps('(date-filter (series "h") #:hour "*/6" #:day 2)')).toEqual(['2024-01-02T00:00:00Z', '2024-01-02T06:00:00Z', '2024-01-02T12:00:00Z', '2024-01-02T18:00:00Z']);
  });
  it('a whole cronrule, combined with keyword fields; weekdays count as in cron (0 and 7 are Sunday)', async () => {
    const work = await stamps('(date-filter (series "h") #:cronrule "0 8-9 * * mon-fri")');
    expect(work).toHaveLength(2 * 10);
    expect(work.slice(0, 3)).toEqual(['2024-01-01T08:00:00Z', '2024-01-01T09:00:00Z', '2024-01-02T08:00:00Z']);
    expect(await stamps('(date-filter (series "h") #:cronrule "* 8 * * 1-5" #:day "1-2")')).toEqual(['2024-01-01T08:00:00Z', '2024-01-02T08:00:00Z']);
    expect(await stamps('(date-filter (series "h") #:weekday 7 #:hour 0)')).toEqual(await stamps('(date-filter (series "h") #:weekday "0" #:hour 0)'));
  });
  it('reads a tz-aware series on the wall clock of #:tz; naive series as they are; strings too', async () => {
    expect(await stamps('(date-filter (series "h") #:hour 0 #:day 2 #:tz "Europe/Paris")')).toEqual(['2024-01-01T23:00:00Z']);
    expect(await stamps('(date-filter (series "n") #:hour 23)')).toEqual(['2024-01-01T23:00:00', '2024-01-02T23:00:00']);
    expect(await points('(date-filter (series "s") #:weekday "mon")', r)).toEqual([['2024-01-08T10:00:00Z', 'b']]);
    expect((await failure('(date-filter (series "n") #:tz "Europe/Paris")', r)).code).toBe('bad_value');
  });
  it('bad fields are positioned errors', async () => {
    for (const [f, at] of [
      ['(date-filter (series "h") #:hour 24)', '24'],
      ['(date-filter (series "h") #:weekday "funday")', '"funday"'],
      ['(date-filter (series "h") #:cronrule "* * *")', '"* * *"'],
      ['(date-filter (series "h") #:month "5-2")', '"5-2"'],
    ]) {
      const e = await failure(f!, r);
      expect(e.code, f).toBe('bad_value');
      expect(covered(f!, e), f).toBe(at);
    }
  });
  it('parses cron fields', () => {
    const on = (m: Uint8Array) => [...m].flatMap((x, i) => (x ? [i] : []));
    expect(on(parseCronField('1-10/3,20', 'day'))).toEqual([1, 4, 7, 10, 20]);
    expect(on(parseCronField('5/20', 'minute'))).toEqual([5, 25, 45]);
    expect(on(parseCronField('sat-sun', 'weekday'))).toEqual([0, 6]);
    expect(on(parseCronField('7', 'weekday'))).toEqual([0]);
    expect(() => parseCronField('sun-sat', 'weekday')).not.toThrow();
    expect(() => parseCronField('fri-mon', 'weekday')).toThrow(/backwards/);
    expect(on(parseCronField('sun,sat', 'weekday'))).toEqual([0, 6]);
    expect(on(parseCronField('oct-dec', 'month'))).toEqual([10, 11, 12]);
  });
});
