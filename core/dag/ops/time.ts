import { z } from 'zod';
import { cumulativeIntegral, integralUnit } from '../../ops/integral.js';
import { derivative, derivativeUnit } from '../../ops/derivative.js';
import { resample, RESAMPLE_METHODS, type ResampleMethod } from '../../ops/resample.js';
import { rolling } from '../../ops/rolling.js';
import { timeShift } from '../../ops/timeshift.js';
import type { OpDef } from '../registry.js';
import { duration, mapTimeChannels, onlyInput } from './common.js';

/** The time unit a rate or integral is per: `1min` → `min`, `1s` → `s`; other durations as written (`15min`). */
function perUnit(per: string): string {
  return /^1([a-zµ]+)$/i.exec(per.trim())?.[1] ?? per;
}

const shiftConfig = z.object({ delta: duration() }).strict();

export const timeShiftOp: OpDef<z.output<typeof shiftConfig>> = {
  name: 'time_shift',
  version: 1,
  doc: 'move every timestamp by a duration (`1h`, `-30min`, `PT15M`)',
  config: shiftConfig,
  inputs: { min: 1, max: 1 },
  accepts: 'time',
  output: 'time',
  placement: 'pool',
  run(inputs, config, ctx) {
    const frame = mapTimeChannels(onlyInput(inputs, ctx.where), ctx.where, (s) => s);
    // Channels share the index, so shifting it once shifts them all (timeShift reads only the times).
    const shifted = timeShift({ tzaware: frame.tzaware ?? false, valueType: 'float64', times: frame.index, values: frame.index }, config.delta, ctx.where);
    return { ...frame, index: shifted.times };
  },
};

const resampleConfig = z
  .object({
    bucket: duration({ positive: true }),
    method: z.enum(RESAMPLE_METHODS as [ResampleMethod, ...ResampleMethod[]]).default('mean'),
  })
  .strict();

export const resampleOp: OpDef<z.output<typeof resampleConfig>> = {
  name: 'resample',
  version: 1,
  doc: 'fixed buckets with pandas conventions (closed left, labelled by start); mean, sum, min, max, first, last, count, locf',
  config: resampleConfig,
  inputs: { min: 1, max: 1 },
  accepts: 'time',
  output: 'time',
  placement: 'pool',
  run(inputs, config, ctx) {
    return mapTimeChannels(onlyInput(inputs, ctx.where), ctx.where, (s) => resample(s, config.bucket, config.method, ctx.where), (u) =>
      config.method === 'count' ? undefined : u,
    );
  },
};

const rollingConfig = z
  .object({
    /** A number of points, or a duration (points in (t - d, t]). */
    window: z.union([z.number().int().min(1), duration({ positive: true })]),
    stat: z.enum(['mean', 'std']).default('mean'),
    min_periods: z.number().int().min(0).optional(),
    ddof: z.number().int().min(0).optional(),
  })
  .strict();

export const rollingOp: OpDef<z.output<typeof rollingConfig>> = {
  name: 'rolling',
  version: 1,
  doc: 'rolling mean or standard deviation over a number of points or a duration (pandas style)',
  config: rollingConfig,
  inputs: { min: 1, max: 1 },
  accepts: 'time',
  output: 'time',
  placement: 'pool',
  run(inputs, config, ctx) {
    const opts = {
      window: config.window,
      stat: config.stat,
      ...(config.min_periods !== undefined ? { minPeriods: config.min_periods } : {}),
      ...(config.ddof !== undefined ? { ddof: config.ddof } : {}),
    };
    return mapTimeChannels(onlyInput(inputs, ctx.where), ctx.where, (s) => rolling(s, opts, ctx.where));
  },
};

const derivativeConfig = z
  .object({
    method: z.enum(['gradient', 'difference']).default('gradient'),
    /** Rate per this duration (default `1s`). */
    per: duration({ positive: true }).default('1s'),
  })
  .strict();

export const derivativeOp: OpDef<z.output<typeof derivativeConfig>> = {
  name: 'derivative',
  version: 1,
  doc: 'rate of change per time unit (numpy.gradient, or first differences)',
  config: derivativeConfig,
  inputs: { min: 1, max: 1 },
  accepts: 'time',
  output: 'time',
  placement: 'pool',
  run(inputs, config, ctx) {
    return mapTimeChannels(
      onlyInput(inputs, ctx.where),
      ctx.where,
      (s) => derivative(s, { method: config.method, per: config.per }, ctx.where),
      (u) => derivativeUnit(u, perUnit(config.per)),
    );
  },
};

const integralConfig = z
  .object({
    /** The integral's time unit: value × per (default `1s`). */
    per: duration({ positive: true }).default('1s'),
  })
  .strict();

export const integralOp: OpDef<z.output<typeof integralConfig>> = {
  name: 'integral',
  version: 1,
  doc: 'cumulative trapezoid integral over time, 0 at the first point',
  config: integralConfig,
  inputs: { min: 1, max: 1 },
  accepts: 'time',
  output: 'time',
  placement: 'pool',
  run(inputs, config, ctx) {
    return mapTimeChannels(
      onlyInput(inputs, ctx.where),
      ctx.where,
      (s) => cumulativeIntegral(s, { per: config.per }, ctx.where),
      (u) => integralUnit(u, perUnit(config.per)),
    );
  },
};
