import Qty from 'js-quantities';
import { StrataError } from '../base/errors.js';

/** The POC's named conversions. `scale` and `offset` take a number from the config. */
export type NamedConversion =
  | 'celsius_to_fahrenheit'
  | 'meters_to_feet'
  | 'mps_to_mph'
  | 'pa_to_psi'
  | 'mv_to_v'
  | 'scale'
  | 'offset';

/** A unit conversion request, in the vocabulary of workflow configs: a named conversion or from/to units. */
export interface UnitConversionConfig {
  conversion?: NamedConversion;
  /** Multiplier for `scale`. */
  factor?: number;
  /** Added amount for `offset`. */
  offset?: number;
  /** Source unit for a from/to conversion; defaults to the series' unit. */
  from?: string;
  /** Target unit for a from/to conversion. */
  to?: string;
  /** Output unit for `scale` / `offset` (default: the input's unit). */
  unit?: string;
}

export interface ConvertedValues {
  values: Float64Array;
  /** Unit of the output, or null when unknown (scale/offset of a series without unit). */
  unit: string | null;
}

interface Affine {
  /** Source unit expected (in js-quantities spelling), checked against the series' unit when it has one. */
  from: string | null;
  unit: string | null;
  factor: number;
  offset: number;
}

// Exact definitions: 1 ft = 0.3048 m, 1 mph = 0.44704 m/s, 1 psi = 0.45359237 kg × 9.80665 m/s² / (0.0254 m)².
const FOOT_M = 0.3048;
const MPH_MPS = 0.44704;
const PSI_PA = (0.45359237 * 9.80665) / (0.0254 * 0.0254);

const NAMED: Record<Exclude<NamedConversion, 'scale' | 'offset'>, Affine> = {
  celsius_to_fahrenheit: { from: 'tempC', unit: '°F', factor: 9 / 5, offset: 32 },
  meters_to_feet: { from: 'm', unit: 'ft', factor: 1 / FOOT_M, offset: 0 },
  mps_to_mph: { from: 'm/s', unit: 'mph', factor: 1 / MPH_MPS, offset: 0 },
  pa_to_psi: { from: 'Pa', unit: 'psi', factor: 1 / PSI_PA, offset: 0 },
  mv_to_v: { from: 'mV', unit: 'V', factor: 1 / 1000, offset: 0 },
};

export const NAMED_CONVERSIONS: readonly NamedConversion[] = [...(Object.keys(NAMED) as NamedConversion[]), 'scale', 'offset'];

// A series of temperatures holds absolute temperatures; js-quantities reads degC/degF as differences.
const ABSOLUTE_TEMPERATURE: Record<string, string> = {
  '°C': 'tempC',
  '℃': 'tempC',
  degC: 'tempC',
  celsius: 'tempC',
  tempC: 'tempC',
  '°F': 'tempF',
  '℉': 'tempF',
  degF: 'tempF',
  fahrenheit: 'tempF',
  tempF: 'tempF',
  K: 'tempK',
  kelvin: 'tempK',
  tempK: 'tempK',
  '°R': 'tempR',
  degR: 'tempR',
  tempR: 'tempR',
};

/** The js-quantities spelling of a series unit (absolute temperatures become tempC/tempF/tempK/tempR). */
export function quantityUnit(unit: string): string {
  const trimmed = unit.trim();
  return ABSOLUTE_TEMPERATURE[trimmed] ?? trimmed;
}

function parseUnit(unit: string, where: string): string {
  const q = quantityUnit(unit);
  try {
    Qty(1, q);
    return q;
  } catch {
    throw new StrataError('unknown_unit', `${where}: unknown unit ${JSON.stringify(unit)}`, { unit });
  }
}

// Temperature scales as celsius = (x - zero) · num/den, so conversions between them keep exact constants.
const TEMPERATURE_SCALES: Record<string, { zero: number; num: number; den: number }> = {
  tempC: { zero: 0, num: 1, den: 1 },
  tempF: { zero: 32, num: 5, den: 9 },
  tempK: { zero: 273.15, num: 1, den: 1 },
  tempR: { zero: 491.67, num: 5, den: 9 },
};

/** Slope and intercept of the conversion from one unit to another (all js-quantities conversions are affine). */
export function unitConversion(from: string, to: string, where = 'unit_conversion'): { factor: number; offset: number } {
  const src = parseUnit(from, where);
  const dst = parseUnit(to, where);
  if (src === dst) return { factor: 1, offset: 0 };
  const ts = TEMPERATURE_SCALES[src];
  const td = TEMPERATURE_SCALES[dst];
  if (ts && td) {
    const factor = (ts.num * td.den) / (ts.den * td.num);
    return { factor, offset: td.zero - ts.zero * factor };
  }
  const a = Qty(1, src);
  if (ts || td || !a.isCompatible(dst)) {
    throw new StrataError(
      'unit_mismatch',
      `${where}: cannot convert ${JSON.stringify(from)} to ${JSON.stringify(to)}: they measure different quantities (${a.kind()} vs ${Qty(1, dst).kind()})`,
      { from, to },
    );
  }
  return { factor: Qty.swiftConverter(src, dst)(1), offset: 0 };
}

function checkSourceUnit(expected: string, actual: string | null | undefined, what: string, where: string): void {
  if (actual == null || actual.trim() === '') return;
  const same = (() => {
    try {
      const { factor, offset } = unitConversion(actual, expected, where);
      return factor === 1 && offset === 0;
    } catch {
      return false;
    }
  })();
  if (!same) {
    throw new StrataError('unit_mismatch', `${where}: ${what} converts from ${expected}, but the series is in ${JSON.stringify(actual)}`, {
      expected,
      unit: actual,
    });
  }
}

function resolve(config: UnitConversionConfig, inputUnit: string | null | undefined, where: string): Affine {
  const name = config.conversion;
  if (name === 'scale' || name === 'offset') {
    const amount = name === 'scale' ? config.factor : config.offset;
    if (typeof amount !== 'number' || !Number.isFinite(amount)) {
      throw new StrataError('bad_config', `${where}: ${name} needs a finite number in "${name === 'scale' ? 'factor' : 'offset'}"`);
    }
    const unit = config.unit ?? inputUnit ?? null;
    return name === 'scale' ? { from: null, unit, factor: amount, offset: 0 } : { from: null, unit, factor: 1, offset: amount };
  }
  if (name !== undefined) {
    const named = (NAMED as Record<string, Affine | undefined>)[name];
    if (!named) {
      throw new StrataError('bad_config', `${where}: unknown conversion ${JSON.stringify(name)} (expected one of ${NAMED_CONVERSIONS.join(', ')})`);
    }
    checkSourceUnit(named.from!, inputUnit, name, where);
    return named;
  }
  if (typeof config.to !== 'string' || config.to.trim() === '') {
    throw new StrataError('bad_config', `${where}: give a "conversion" name or a target unit "to"`);
  }
  const from = config.from ?? inputUnit;
  if (from == null || from.trim() === '') {
    throw new StrataError('bad_config', `${where}: the series has no unit; give the source unit "from"`);
  }
  if (config.from !== undefined && inputUnit) checkSourceUnit(parseUnit(config.from, where), inputUnit, `from ${config.from}`, where);
  return { from: null, unit: config.to, ...unitConversion(from, config.to, where) };
}

/**
 * Converts values to another unit: a named conversion, `scale`, `offset`, or from/to units via js-quantities.
 * `inputUnit` (the series' unit) is checked against the conversion's source unit when known.
 */
export function convertUnits(
  values: Float64Array,
  config: UnitConversionConfig,
  inputUnit?: string | null,
  where = 'unit_conversion',
): ConvertedValues {
  const { factor, offset, unit } = resolve(config, inputUnit, where);
  const out = new Float64Array(values.length);
  if (offset === 0) for (let i = 0; i < values.length; i++) out[i] = values[i]! * factor;
  else for (let i = 0; i < values.length; i++) out[i] = values[i]! * factor + offset;
  return { values: out, unit };
}
