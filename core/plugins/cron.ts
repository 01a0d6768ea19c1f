import { Cron } from 'croner';

/**
 * Syntax check of a cron expression (5 fields, or 6 with seconds first), so `plugins check` can reject a
 * bad schedule without starting anything. The scheduler (scheduler.ts) computes fire times with croner.
 */
const FIELDS5: ReadonlyArray<[number, number]> = [
  [0, 59], // minute
  [0, 23], // hour
  [1, 31], // day of month
  [1, 12], // month
  [0, 7], // day of week (0 and 7 are Sunday)
];
const NAMES: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
  sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6,
};
const MACROS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);

/** Null when `expr` is a valid cron expression, else what is wrong with it. */
export function cronError(expr: string): string | null {
  const e = expr.trim().toLowerCase();
  if (MACROS.has(e)) return null;
  const parts = e.split(/\s+/);
  if (parts.length !== 5 && parts.length !== 6) return `expected 5 or 6 fields, got ${parts.length}`;
  const ranges = parts.length === 6 ? [[0, 59] as [number, number], ...FIELDS5] : FIELDS5;
  for (let k = 0; k < parts.length; k++) {
    const bad = fieldError(parts[k]!, ranges[k]!);
    if (bad) return `field ${k + 1} (${JSON.stringify(parts[k])}): ${bad}`;
  }
  // The scheduler runs it with croner: whatever croner refuses is refused here too.
  try {
    new Cron(expr, { paused: true }).stop();
  } catch (e) {
    return (e as Error).message;
  }
  return null;
}

/** The first time after `after` (ms since the epoch) that `expr` fires, or null when it never does again. */
export function nextCronTime(expr: string, after: number, timezone?: string): number | null {
  const c = new Cron(expr, { paused: true, ...(timezone ? { timezone } : {}) });
  const next = c.nextRun(new Date(after));
  c.stop();
  return next ? next.getTime() : null;
}

function fieldError(field: string, [lo, hi]: [number, number]): string | null {
  for (const item of field.split(',')) {
    const [range, step, extra] = item.split('/');
    if (extra !== undefined) return 'more than one step';
    if (step !== undefined && !(/^\d+$/.test(step) && Number(step) > 0)) return `bad step ${JSON.stringify(step)}`;
    if (range === '*' || range === '?') continue;
    const ends = range!.split('-');
    if (ends.length > 2) return `bad range ${JSON.stringify(range)}`;
    const nums = ends.map((x) => (x in NAMES ? NAMES[x]! : /^\d+$/.test(x) ? Number(x) : NaN));
    for (const n of nums) if (!(n >= lo && n <= hi)) return `value out of ${lo}-${hi}`;
    if (nums.length === 2 && nums[0]! > nums[1]!) return `range ${JSON.stringify(range)} runs backwards`;
  }
  return null;
}
