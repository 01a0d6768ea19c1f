import { z } from 'zod';
import { StrataError } from '../../base/errors.js';
import { checkFrame, type Frame } from '../../ops/frame.js';
import { parseDuration } from '../../series/duration.js';
import type { TimeSeries } from '../../series/series.js';

/** A duration as workflow files write it (`30s`, `5min`, `PT1H`), checked when the workflow is saved. */
export function duration(opts: { positive?: boolean } = {}) {
  return z.string().superRefine((text, ctx) => {
    try {
      const us = parseDuration(text);
      if (opts.positive && !(us > 0)) ctx.addIssue({ code: 'custom', message: `must be a positive duration, got ${JSON.stringify(text)}` });
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: e instanceof Error ? e.message : String(e) });
    }
  });
}

/** Optional settings every op reading a sampling rate shares (see core/ops/sampling.ts). */
export const samplingFields = {
  /** Sampling rate in Hz; read from the timestamps when absent. */
  sampling_rate: z.number().positive().optional(),
  /** Allowed relative jitter of the sampling interval when the rate is read from timestamps. */
  tolerance: z.number().min(0).optional(),
};

export function onlyInput(inputs: Frame[], where: string): Frame {
  const f = inputs[0];
  if (!f) throw new StrataError('internal', `${where}: no input`);
  return checkFrame(f, where);
}

/**
 * Applies a series operation to every channel of a time frame. Channels share one index, so results must
 * too (resampling gives every channel the same labels).
 */
export function mapTimeChannels(frame: Frame, where: string, fn: (s: TimeSeries, channel: string) => TimeSeries, unit?: (u: string | undefined) => string | null | undefined): Frame {
  if (frame.indexKind !== 'time') throw new StrataError('bad_input', `${where}: needs a time-indexed input, got a frequency-indexed one`);
  const channels: Record<string, Float64Array> = {};
  let index: Float64Array | null = null;
  const tzaware = frame.tzaware ?? false;
  for (const [name, values] of Object.entries(frame.channels)) {
    const out = fn({ tzaware, valueType: 'float64', times: frame.index, values }, name);
    if (index && (out.times.length !== index.length || out.times[0] !== index[0])) {
      throw new StrataError('internal', `${where}: channel ${JSON.stringify(name)} came out on another index`);
    }
    index ??= out.times;
    channels[name] = out.values as Float64Array;
  }
  const result: Frame = { indexKind: 'time', index: index ?? frame.index, channels, tzaware };
  const units: Record<string, string> = {};
  for (const name of Object.keys(channels)) {
    const u = unit ? unit(frame.units?.[name]) : frame.units?.[name];
    if (u) units[name] = u;
  }
  if (Object.keys(units).length) result.units = units;
  return result;
}
