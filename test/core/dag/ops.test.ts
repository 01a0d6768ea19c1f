import { describe, expect, it } from 'vitest';
import { builtinRegistry, type OpContext } from '../../../core/dag/index.js';
import {
  cumulativeIntegral,
  derivative,
  filterSeries,
  frameFromSeries,
  frameSpectrum,
  resample,
  rolling,
  type Frame,
} from '../../../core/ops/index.js';
import { sine, T0 } from './helpers.js';

const registry = builtinRegistry();
const ctx: OpContext = { workflow: 'w', node: 'n', where: 'node "n"' };

async function run(op: string, config: unknown, input: Frame): Promise<Frame> {
  const def = registry.get(op)!;
  return def.run([input], def.config.parse(config), ctx);
}

describe('built-in ops wrap core/ops over every channel', () => {
  const s = sine(200, 100, 3, 1);
  const two: Frame = { ...frameFromSeries(s, 'a', 'mV'), channels: { a: s.values as Float64Array, b: (s.values as Float64Array).map((v) => 2 * v) }, units: { a: 'mV', b: 'mV' } };

  it('filter', async () => {
    const out = await run('filter', { filter_type: 'lowpass', cutoff: 10, zero_phase: true }, two);
    expect(out.channels['a']).toEqual(filterSeries(s, { filter_type: 'lowpass', cutoff: 10, order: 4, zero_phase: true }).values);
    expect(out.index).toBe(two.index);
    expect(out.units).toEqual({ a: 'mV', b: 'mV' });
  });

  it('fft', async () => {
    const out = await run('fft', { window: 'hann', normalize: true }, two);
    expect(out).toEqual(frameSpectrum(two, { window: 'hann', normalize: true }));
    expect(out.indexKind).toBe('frequency');
  });

  it('unit_conversion sets the unit, and checks the source unit', async () => {
    const out = await run('unit_conversion', { conversion: 'mv_to_v' }, two);
    expect(out.channels['b']![5]).toBeCloseTo((2 * (s.values as Float64Array)[5]!) / 1000, 15);
    expect(out.units).toEqual({ a: 'V', b: 'V' });
    await expect(run('unit_conversion', { conversion: 'celsius_to_fahrenheit' }, two)).rejects.toMatchObject({ code: 'unit_mismatch' });
    const ft = await run('unit_conversion', { from: 'm', to: 'ft' }, frameFromSeries(s, 'x'));
    expect(ft.channels['x']![1]).toBeCloseTo((s.values as Float64Array)[1]! / 0.3048, 12);
    expect(ft.units).toEqual({ x: 'ft' });
  });

  it('time_shift moves the shared index once', async () => {
    const out = await run('time_shift', { delta: '-1h' }, two);
    expect(out.index[0]).toBe(T0 - 3600e6);
    expect(out.channels['a']).toBe(two.channels['a']);
  });

  it('resample, rolling, derivative, integral', async () => {
    const r = await run('resample', { bucket: '100ms', method: 'max' }, two);
    expect(r.index).toEqual(resample(s, '100ms', 'max').times);
    expect(r.channels['a']).toEqual(resample(s, '100ms', 'max').values);
    const c = await run('resample', { bucket: '1s', method: 'count' }, two);
    expect(c.units).toBeUndefined();
    expect((await run('rolling', { window: 5, stat: 'std' }, two)).channels['a']).toEqual(rolling(s, { window: 5, stat: 'std' }).values);
    const d = await run('derivative', { per: '1min' }, two);
    expect(d.channels['a']).toEqual(derivative(s, { per: '1min' }).values);
    expect(d.units).toEqual({ a: 'mV/min', b: 'mV/min' });
    const i = await run('integral', {}, two);
    expect(i.channels['b']).toEqual(cumulativeIntegral({ ...s, values: two.channels['b']! }).values);
    expect(i.units!['a']).toBe('mV·s');
  });

  it('time ops refuse a frequency-indexed input with a clear error', async () => {
    const spec = await run('fft', {}, two);
    await expect(run('rolling', { window: 2 }, spec)).rejects.toThrow(/node "n": needs a time-indexed input/);
  });
});
