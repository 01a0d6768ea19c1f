import { describe, expect, it } from 'vitest';
import { convertUnits, NAMED_CONVERSIONS, unitConversion } from '../../../core/ops/units.js';
import { expectClose, loadFixture } from './fixtures.js';

const fx = loadFixture('units.json');
const x = Float64Array.from(fx.x as number[]);

describe('named conversions', () => {
  const units: Record<string, [string, string]> = {
    celsius_to_fahrenheit: ['°C', '°F'],
    meters_to_feet: ['m', 'ft'],
    mps_to_mph: ['m/s', 'mph'],
    pa_to_psi: ['Pa', 'psi'],
    mv_to_v: ['mV', 'V'],
  };
  for (const [name, expected] of Object.entries(fx.named as Record<string, number[]>)) {
    it(`${name} converts the values and sets the unit`, () => {
      const out = convertUnits(x, { conversion: name as never }, units[name]![0]);
      expectClose(out.values, expected, 1e-12);
      expect(out.unit).toBe(units[name]![1]);
    });
  }

  it('celsius_to_fahrenheit is exact at the usual points', () => {
    expect(Array.from(convertUnits(Float64Array.of(0, 100, -40), { conversion: 'celsius_to_fahrenheit' }).values)).toEqual([32, 212, -40]);
  });

  it('rejects a series whose unit is not the conversion source', () => {
    expect(() => convertUnits(x, { conversion: 'mv_to_v' }, 'V')).toThrow(expect.objectContaining({ code: 'unit_mismatch' }));
    expect(() => convertUnits(x, { conversion: 'celsius_to_fahrenheit' }, 'm')).toThrow(/converts from tempC, but the series is in "m"/);
  });

  it('scale and offset keep the unit unless one is given', () => {
    expect(Array.from(convertUnits(Float64Array.of(1, 2), { conversion: 'scale', factor: 2.5 }, 'bar').values)).toEqual([2.5, 5]);
    expect(convertUnits(Float64Array.of(1), { conversion: 'scale', factor: 2 }, 'bar').unit).toBe('bar');
    expect(convertUnits(Float64Array.of(1), { conversion: 'offset', offset: -1, unit: 'barg' }, 'bar')).toEqual({ values: Float64Array.of(0), unit: 'barg' });
    expect(convertUnits(Float64Array.of(1), { conversion: 'scale', factor: 2 }).unit).toBeNull();
    expect(() => convertUnits(x, { conversion: 'scale' })).toThrow(/needs a finite number in "factor"/);
    expect(() => convertUnits(x, { conversion: 'offset', offset: NaN })).toThrow(/"offset"/);
  });

  it('lists the POC names and rejects others', () => {
    expect(NAMED_CONVERSIONS).toEqual(['celsius_to_fahrenheit', 'meters_to_feet', 'mps_to_mph', 'pa_to_psi', 'mv_to_v', 'scale', 'offset']);
    expect(() => convertUnits(x, { conversion: 'kelvin_to_rankine' as never })).toThrow(/unknown conversion "kelvin_to_rankine"/);
  });
});

describe('from/to conversions (js-quantities)', () => {
  for (const c of fx.units) {
    it(`${c.from} → ${c.to}`, () => {
      const out = convertUnits(x, { from: c.from, to: c.to });
      expectClose(out.values, c.y, 1e-12);
      expect(out.unit).toBe(c.to);
    });
  }

  it('takes the source unit from the series and checks an explicit one against it', () => {
    expectClose(convertUnits(x, { to: 'ft' }, 'm').values, fx.named.meters_to_feet, 1e-12);
    expect(() => convertUnits(x, { from: 'km', to: 'ft' }, 'm')).toThrow(expect.objectContaining({ code: 'unit_mismatch' }));
    expect(() => convertUnits(x, { to: 'ft' })).toThrow(/has no unit; give the source unit "from"/);
    expect(() => convertUnits(x, {})).toThrow(/give a "conversion" name or a target unit "to"/);
  });

  it('reads degree symbols as absolute temperatures and refuses mixing quantities', () => {
    expect(unitConversion('°C', '°F')).toEqual({ factor: 1.8, offset: 32 });
    expect(unitConversion('K', '°C')).toEqual({ factor: 1, offset: -273.15 });
    expect(() => unitConversion('m', 's')).toThrow(/different quantities \(length vs time\)/);
    expect(() => unitConversion('°C', 'm')).toThrow(expect.objectContaining({ code: 'unit_mismatch' }));
    expect(() => unitConversion('bogus', 'm')).toThrow(expect.objectContaining({ code: 'unknown_unit' }));
  });
});
