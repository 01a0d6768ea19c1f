import { describe, expect, it } from 'vitest';
import { checkFrame, frameFromSeries, mapChannels, seriesFromFrame } from '../../../core/ops/frame.js';
import type { TimeSeries } from '../../../core/series/series.js';

const s: TimeSeries = { tzaware: true, valueType: 'float64', times: Float64Array.of(0, 1), values: Float64Array.of(5, 6) };

describe('frame', () => {
  it('wraps a series without copying and gives it back', () => {
    const f = frameFromSeries(s, 'temp', '°C');
    expect(f).toEqual({ indexKind: 'time', index: s.times, channels: { temp: s.values }, tzaware: true, units: { temp: '°C' } });
    expect(f.index).toBe(s.times);
    const back = seriesFromFrame(f);
    expect(back.values).toBe(s.values);
    expect(back.tzaware).toBe(true);
  });

  it('maps every channel', () => {
    const f = { indexKind: 'time' as const, index: s.times, channels: { a: Float64Array.of(1, 2), b: Float64Array.of(3, 4) } };
    const g = mapChannels(f, (v) => v.map((x) => x * 10));
    expect(Array.from(g.channels.b!)).toEqual([30, 40]);
    expect(g.index).toBe(f.index);
  });

  it('rejects string series, frequency frames as series, unknown channels and ragged frames', () => {
    expect(() => frameFromSeries({ ...s, valueType: 'string', values: ['a', 'b'] })).toThrow(/float64/);
    const spectrum = { indexKind: 'frequency' as const, index: s.times, channels: { a: s.values as Float64Array } };
    expect(() => seriesFromFrame(spectrum)).toThrow(/indexed by frequency/);
    expect(() => seriesFromFrame(frameFromSeries(s), 'nope')).toThrow(/no channel "nope" \(channels: value\)/);
    expect(() => checkFrame({ indexKind: 'time', index: s.times, channels: { a: Float64Array.of(1) } })).toThrow(/2 index entries/);
  });
});
