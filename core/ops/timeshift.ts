import { StrataError } from '../base/errors.js';
import { parseDuration } from '../series/duration.js';
import type { TimeSeries } from '../series/series.js';
import { daysFromCivil, MAX_YEAR, MIN_YEAR, US_PER_DAY } from '../series/time.js';

const MIN_US = daysFromCivil(MIN_YEAR, 1, 1) * US_PER_DAY;
const MAX_US = daysFromCivil(MAX_YEAR + 1, 1, 1) * US_PER_DAY - 1;

/**
 * Moves every timestamp by `delta` (a duration such as `1h`, `-30min`, `PT15M`, or microseconds); values are
 * unchanged and shared with the input. Shifting outside the supported years is an error.
 */
export function timeShift(series: TimeSeries, delta: string | number, where = 'time_shift'): TimeSeries {
  const us = typeof delta === 'number' ? delta : parseDuration(delta, `${where}: delta`);
  if (!Number.isInteger(us)) throw new StrataError('bad_config', `${where}: delta must be a whole number of microseconds, got ${delta}`);
  const n = series.times.length;
  const times = new Float64Array(n);
  for (let i = 0; i < n; i++) times[i] = series.times[i]! + us;
  if (n > 0 && (times[0]! < MIN_US || times[n - 1]! > MAX_US)) {
    throw new StrataError('bad_timestamp', `${where}: shifting by ${delta} moves timestamps outside the years ${MIN_YEAR}..${MAX_YEAR}`, {
      delta,
    });
  }
  return { ...series, times };
}
