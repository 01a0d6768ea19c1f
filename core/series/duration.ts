import { StrataError } from '../base/errors.js';
import { US_PER_DAY, US_PER_HOUR, US_PER_MINUTE, US_PER_MS, US_PER_SECOND } from './time.js';

const UNIT_US: Record<string, number> = {
  us: 1,
  µs: 1,
  ms: US_PER_MS,
  s: US_PER_SECOND,
  sec: US_PER_SECOND,
  min: US_PER_MINUTE,
  m: US_PER_MINUTE,
  h: US_PER_HOUR,
  d: US_PER_DAY,
  w: 7 * US_PER_DAY,
};

const SHORT_RE = /^(-)?(\d+(?:\.\d+)?)\s*(us|µs|ms|sec|s|min|m|h|d|w)$/;
// ISO 8601 durations with fixed-length parts only (days, hours, minutes, seconds; weeks).
const ISO_RE = /^(-)?P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;

/**
 * Parses a duration into microseconds: `500ms`, `30s`, `5min`, `2h`, `1d`, `1w`, or ISO 8601 (`PT1H`,
 * `P1DT12H`). Months and years are rejected: their length is not fixed.
 */
export function parseDuration(text: string, where = 'duration'): number {
  const t = String(text).trim();
  let m = SHORT_RE.exec(t);
  if (m) {
    const us = Math.round(parseFloat(m[2]!) * UNIT_US[m[3]!]!);
    return m[1] ? -us : us;
  }
  m = ISO_RE.exec(t);
  if (m && t.replace(/^-/, '').toUpperCase() !== 'P' && !/T$/i.test(t)) {
    const [, neg, w, d, h, mi, s] = m;
    const us = Math.round(
      (w ? +w * 7 * US_PER_DAY : 0) +
        (d ? +d * US_PER_DAY : 0) +
        (h ? +h * US_PER_HOUR : 0) +
        (mi ? +mi * US_PER_MINUTE : 0) +
        (s ? +s * US_PER_SECOND : 0),
    );
    return neg ? -us : us;
  }
  throw new StrataError(
    'bad_duration',
    `${where}: invalid duration ${JSON.stringify(text)} (expected e.g. 500ms, 30s, 5min, 2h, 1d or ISO 8601 like PT1H)`,
    { text },
  );
}
