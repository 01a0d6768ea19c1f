import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { civilFromDays, daysFromCivil, formatTimestamp, parseTimestamp, parseDuration } from '../../../core/series/index.js';

describe('parseTimestamp', () => {
  it('reads instants and naive timestamps to exact microseconds', () => {
    expect(parseTimestamp('1970-01-01T00:00:00Z')).toEqual({ us: 0, tzaware: true });
    expect(parseTimestamp('1970-01-01T00:00:00.000001Z').us).toBe(1);
    expect(parseTimestamp('2024-03-01T12:00:00+01:00').us).toBe(parseTimestamp('2024-03-01T11:00:00Z').us);
    expect(parseTimestamp('2024-03-01T12:00:00-0230').us).toBe(parseTimestamp('2024-03-01T14:30:00Z').us);
    expect(parseTimestamp('2024-03-01 12:00')).toEqual({ us: parseTimestamp('2024-03-01T12:00:00Z').us, tzaware: false });
    expect(parseTimestamp('2024-03-01').tzaware).toBe(false);
    expect(parseTimestamp('2024-03-01T00:00:00.123456000Z').us % 1_000_000).toBe(123456);
  });

  it('says what is wrong and where', () => {
    expect(() => parseTimestamp('2024-02-30', 'points[2]')).toThrow('points[2]: invalid timestamp "2024-02-30": day out of range');
    expect(() => parseTimestamp('2023-02-29')).toThrow(/day out of range/);
    expect(() => parseTimestamp('2024-13-01')).toThrow(/month/);
    expect(() => parseTimestamp('2024-01-01T24:00')).toThrow(/hour/);
    expect(() => parseTimestamp('2024-01-01T00:00:60')).toThrow(/leap/);
    expect(() => parseTimestamp('2024-01-01T00:00:00.0000001')).toThrow(/sub-microsecond/);
    expect(() => parseTimestamp('yesterday')).toThrow(/ISO 8601/);
    expect(() => parseTimestamp('1500-01-01')).toThrow(/year/);
    expect(() => parseTimestamp('2024-01-01T00:00+25:00')).toThrow(/offset/);
  });

  it('formats as ISO with Z for instants, fraction only when non-zero', () => {
    expect(formatTimestamp(0, true)).toBe('1970-01-01T00:00:00Z');
    expect(formatTimestamp(1, false)).toBe('1970-01-01T00:00:00.000001');
    expect(formatTimestamp(-1, true)).toBe('1969-12-31T23:59:59.999999Z');
  });

  it('round-trips every microsecond in range (property)', () => {
    const lo = parseTimestamp('1700-01-01T00:00:00Z').us;
    const hi = parseTimestamp('2200-12-31T23:59:59.999999Z').us;
    fc.assert(
      fc.property(fc.integer({ min: lo, max: hi }), fc.boolean(), (us, tz) => {
        expect(parseTimestamp(formatTimestamp(us, tz))).toEqual({ us, tzaware: tz });
      }),
      { numRuns: 2000 },
    );
  });

  it('civil/day conversions agree with Date', () => {
    for (const [y, m, d] of [[1970, 1, 1], [2000, 2, 29], [1900, 3, 1], [2024, 12, 31], [1701, 6, 15]] as const) {
      expect(daysFromCivil(y, m, d)).toBe(Date.UTC(y, m - 1, d) / 86_400_000);
      expect(civilFromDays(daysFromCivil(y, m, d))).toEqual([y, m, d]);
    }
  });
});

describe('parseDuration', () => {
  it('reads short forms and ISO 8601 durations', () => {
    expect(parseDuration('500ms')).toBe(500_000);
    expect(parseDuration('30s')).toBe(30_000_000);
    expect(parseDuration('5min')).toBe(300_000_000);
    expect(parseDuration('2h')).toBe(7_200_000_000);
    expect(parseDuration('1d')).toBe(86_400_000_000);
    expect(parseDuration('PT1H')).toBe(3_600_000_000);
    expect(parseDuration('P1DT12H')).toBe(129_600_000_000);
    expect(parseDuration('PT0.5S')).toBe(500_000);
    expect(parseDuration('-1h')).toBe(-3_600_000_000);
  });
  it('rejects what it cannot read, naming it', () => {
    for (const t of ['', '5', 'P', 'PT', 'P1M', 'P1Y', 'five minutes', '1 fortnight']) {
      expect(() => parseDuration(t, '--delta')).toThrow(/--delta: invalid duration/);
    }
  });
});
