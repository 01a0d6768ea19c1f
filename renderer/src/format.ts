import { formatTimestamp } from '../../core/series/time.js';

/** Microseconds → ISO text, as the CLI writes it. */
export function fmtTime(us: number | null, tzaware: boolean): string {
  return us === null ? '' : formatTimestamp(us, tzaware);
}

export function fmtValue(v: number | string | null): string {
  if (v === null) return '';
  if (typeof v === 'string') return v;
  return Math.abs(v) >= 1e6 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(4) : String(+v.toPrecision(7));
}
