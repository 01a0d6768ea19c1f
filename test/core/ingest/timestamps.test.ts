import { describe, expect, it } from 'vitest';
import { epochUnitOf, parseClockBytes, parseDateBytes, parseEpochBytes, parseIsoBytes, parsed } from '../../../core/ingest/timestamps.js';
import { T } from './helpers.js';

const b = (s: string): Uint8Array => new TextEncoder().encode(s);
const iso = (s: string): [number, boolean] => [parseIsoBytes(b(s), 0, s.length), parsed.tzaware];

describe('byte-level timestamps', () => {
  it('parses ISO 8601 with and without zone, as parseTimestamp does', () => {
    expect(iso('2024-01-01')).toEqual([T('2024-01-01'), false]);
    expect(iso('2024-01-01 12:30')).toEqual([T('2024-01-01T12:30'), false]);
    expect(iso('2024-02-29T23:59:59.123456')).toEqual([T('2024-02-29T23:59:59.123456'), false]);
    expect(iso('2024-01-01T00:00:00.5Z')).toEqual([T('2024-01-01T00:00:00.5Z'), true]);
    expect(iso('2024-01-01T01:00:00+01:00')).toEqual([T('2024-01-01T00:00:00Z'), true]);
    expect(iso('2024-01-01T00:00:00-0230')).toEqual([T('2024-01-01T02:30:00Z'), true]);
    expect(iso('2024-01-01T00:00:00.123456000')).toEqual([T('2024-01-01T00:00:00.123456'), false]);
  });

  it('returns NaN for invalid or unusual text (the caller falls back to parseTimestamp)', () => {
    for (const s of ['2023-02-29', '2024-13-01', '2024-01-01T24:00', '2024-01-01T00:60', '2024-01-01X00:00', '1600-01-01', '2024-01-01T00:00:00.1234567', 'x']) {
      expect(parseIsoBytes(b(s), 0, s.length)).toBeNaN();
    }
  });

  it('parses split date and clock fields', () => {
    expect(parseDateBytes(b('2024-03-01'), 0, 10)).toBe(T('2024-03-01'));
    expect(parseDateBytes(b('2024-3-1'), 0, 8)).toBeNaN();
    expect(parseClockBytes(b('12:34:56.789'), 0, 12)).toBe(T('1970-01-01T12:34:56.789'));
    expect(parseClockBytes(b('12:34'), 0, 5)).toBe(T('1970-01-01T12:34'));
    expect(parseClockBytes(b('12:34:5'), 0, 7)).toBeNaN();
  });

  it('parses epoch numbers in each unit exactly, flooring below the microsecond', () => {
    const e = (s: string, u: Parameters<typeof parseEpochBytes>[3]): number => parseEpochBytes(b(s), 0, s.length, u);
    expect(e('1704067200', 'epoch_s')).toBe(T('2024-01-01T00:00:00Z'));
    expect(e('1704067200.123456', 'epoch_s')).toBe(T('2024-01-01T00:00:00.123456Z'));
    expect(e('1704067200123', 'epoch_ms')).toBe(T('2024-01-01T00:00:00.123Z'));
    expect(e('1704067200123456', 'epoch_us')).toBe(T('2024-01-01T00:00:00.123456Z'));
    expect(e('1704067200123456789', 'epoch_ns')).toBe(T('2024-01-01T00:00:00.123456Z'));
    expect(e('-1500', 'epoch_ns')).toBe(-2);
    expect(e('99999999999999', 'epoch_s')).toBeNaN();
    expect(e('12a', 'epoch_s')).toBeNaN();
    expect([1.7e9, 1.7e12, 1.7e15, 1.7e18].map(epochUnitOf)).toEqual(['epoch_s', 'epoch_ms', 'epoch_us', 'epoch_ns']);
  });
});
