import { z } from 'zod';
import { FILTER_TYPES, MAX_ORDER, MIN_ORDER, type FilterType } from '../../ops/butterworth.js';
import { frameSpectrum } from '../../ops/fft.js';
import { filterSeries } from '../../ops/filter.js';
import { mapChannels, type Frame } from '../../ops/frame.js';
import { convertUnits, NAMED_CONVERSIONS, type NamedConversion } from '../../ops/units.js';
import { WINDOW_NAMES, type WindowName } from '../../ops/windows.js';
import type { OpDef } from '../registry.js';
import { mapTimeChannels, onlyInput, samplingFields } from './common.js';

const hz = z.number().positive();

const filterConfig = z
  .object({
    filter_type: z.enum(FILTER_TYPES as [FilterType, ...FilterType[]]),
    /** Hz; [low, high] for bandpass and bandstop. */
    cutoff: z.union([hz, z.tuple([hz, hz])]),
    order: z.number().int().min(MIN_ORDER).max(MAX_ORDER).default(4),
    zero_phase: z.boolean().default(false),
    ...samplingFields,
  })
  .strict()
  .superRefine((c, ctx) => {
    const band = c.filter_type === 'bandpass' || c.filter_type === 'bandstop';
    if (band !== Array.isArray(c.cutoff)) {
      ctx.addIssue({ code: 'custom', path: ['cutoff'], message: `a ${c.filter_type} filter needs ${band ? 'two cutoffs [low, high]' : 'one cutoff'} in Hz` });
    } else if (Array.isArray(c.cutoff) && !(c.cutoff[0] < c.cutoff[1])) {
      ctx.addIssue({ code: 'custom', path: ['cutoff'], message: 'the low cutoff must be below the high one' });
    }
  });

/** Butterworth filter of every channel (core/ops/filter.ts). */
export const filterOp: OpDef<z.output<typeof filterConfig>> = {
  name: 'filter',
  version: 1,
  doc: 'Butterworth lowpass/highpass/bandpass/bandstop filter, causal or zero-phase',
  config: filterConfig,
  inputs: { min: 1, max: 1 },
  accepts: 'time',
  output: 'time',
  placement: 'pool',
  run(inputs, config, ctx) {
    return mapTimeChannels(onlyInput(inputs, ctx.where), ctx.where, (s, ch) => filterSeries(s, config, `${ctx.where}: channel ${JSON.stringify(ch)}`));
  },
};

const fftConfig = z
  .object({
    window: z.enum(WINDOW_NAMES as [WindowName, ...WindowName[]]).default('none'),
    normalize: z.boolean().default(false),
    ...samplingFields,
  })
  .strict();

/** One-sided magnitude (or amplitude) spectrum of every channel; the output is indexed by frequency. */
export const fftOp: OpDef<z.output<typeof fftConfig>> = {
  name: 'fft',
  // 2: the faster transform (fused window and scaling) rounds differently in the last bits.
  version: 2,
  doc: 'one-sided spectrum |X_k| (normalize: amplitude) at frequencies k·fs/N',
  config: fftConfig,
  inputs: { min: 1, max: 1 },
  accepts: 'time',
  output: 'frequency',
  placement: 'pool',
  run(inputs, config, ctx) {
    const opts = {
      window: config.window,
      normalize: config.normalize,
      ...(config.sampling_rate !== undefined ? { samplingRate: config.sampling_rate } : {}),
      ...(config.tolerance !== undefined ? { tolerance: config.tolerance } : {}),
    };
    return frameSpectrum(onlyInput(inputs, ctx.where), opts, ctx.where);
  },
};

const unitConfig = z
  .object({
    conversion: z.enum(NAMED_CONVERSIONS as [NamedConversion, ...NamedConversion[]]).optional(),
    /** Multiplier for `scale`. */
    factor: z.number().finite().optional(),
    /** Added amount for `offset`. */
    offset: z.number().finite().optional(),
    from: z.string().min(1).optional(),
    to: z.string().min(1).optional(),
    /** Output unit for `scale` / `offset`. */
    unit: z.string().optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.conversion === undefined && c.to === undefined) ctx.addIssue({ code: 'custom', message: 'give a "conversion" name or a target unit "to"' });
    if (c.conversion !== undefined && c.to !== undefined) ctx.addIssue({ code: 'custom', message: 'give either "conversion" or "to", not both' });
    if (c.conversion === 'scale' && c.factor === undefined) ctx.addIssue({ code: 'custom', path: ['factor'], message: 'scale needs a "factor"' });
    if (c.conversion === 'offset' && c.offset === undefined) ctx.addIssue({ code: 'custom', path: ['offset'], message: 'offset needs an "offset"' });
  });

/** Unit conversion of every channel (named POC conversions or from/to units); the output's unit is set. */
export const unitConversionOp: OpDef<z.output<typeof unitConfig>> = {
  name: 'unit_conversion',
  version: 1,
  doc: 'convert values to another unit: a named conversion (celsius_to_fahrenheit, ...) or {from, to}',
  config: unitConfig,
  inputs: { min: 1, max: 1 },
  accepts: 'any',
  output: 'input',
  placement: 'pool',
  run(inputs, config, ctx) {
    const frame = onlyInput(inputs, ctx.where);
    const units: Record<string, string> = {};
    const out: Frame = mapChannels(frame, (values, name) => {
      const r = convertUnits(values, config, frame.units?.[name] ?? null, `${ctx.where}: channel ${JSON.stringify(name)}`);
      if (r.unit) units[name] = r.unit;
      return r.values;
    });
    if (Object.keys(units).length) out.units = units;
    else delete out.units;
    return out;
  },
};
