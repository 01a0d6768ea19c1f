import { describe, expect, it } from 'vitest';
import { ZoneLocalizer } from '../../../core/ingest/zone.js';
import { T } from './helpers.js';

describe('ZoneLocalizer', () => {
  it('localises ordinary, gap and overlap times in Europe/Paris', () => {
    const z = new ZoneLocalizer('Europe/Paris');
    expect(z.localize(T('2024-01-15T12:00:00'))).toBe(T('2024-01-15T11:00:00Z'));
    expect(z.localize(T('2024-07-15T12:00:00'))).toBe(T('2024-07-15T10:00:00Z'));
    expect(z.localize(T('2024-03-31T01:59:59.999999'))).toBe(T('2024-03-31T00:59:59.999999Z'));
    expect(z.localize(T('2024-03-31T02:00:00'))).toBeNaN();
    expect(z.problem).toBe('nonexistent');
    expect(z.localize(T('2024-03-31T03:00:00'))).toBe(T('2024-03-31T01:00:00Z'));
    expect(z.localize(T('2024-10-27T02:59:00'))).toBeNaN();
    expect(z.problem).toBe('ambiguous');
    expect(z.localize(T('2024-10-27T03:00:00'))).toBe(T('2024-10-27T02:00:00Z'));
  });

  it('handles half-hour zones and the southern hemisphere', () => {
    expect(new ZoneLocalizer('Asia/Kolkata').localize(T('2024-01-01T05:30:00'))).toBe(T('2024-01-01T00:00:00Z'));
    const syd = new ZoneLocalizer('Australia/Sydney');
    expect(syd.localize(T('2024-10-06T02:30:00'))).toBeNaN();
    expect(syd.localize(T('2024-01-01T11:00:00'))).toBe(T('2024-01-01T00:00:00Z'));
  });

  it('gives the same answers with and without its per-minute memo', () => {
    const z = new ZoneLocalizer('America/New_York');
    const start = T('2024-03-10T01:58:00');
    const fresh = (w: number): number => new ZoneLocalizer('America/New_York').localize(w);
    for (let k = 0; k < 240; k++) {
      const w = start + k * 30_000_000;
      expect(Object.is(z.localize(w), fresh(w))).toBe(true);
    }
  });

  it('rejects unknown zones', () => {
    expect(() => new ZoneLocalizer('Nowhere/Land')).toThrow(/unknown time zone/);
  });
});
