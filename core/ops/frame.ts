import { StrataError } from '../base/errors.js';
import type { TimeSeries } from '../series/series.js';

/**
 * Multi-channel data passed between operations: one index shared by every channel. A time index holds
 * microseconds since the epoch (as TimeSeries.times); a frequency index holds Hz. NaN = no value.
 */
export interface Frame {
  indexKind: 'time' | 'frequency';
  index: Float64Array;
  channels: Record<string, Float64Array>;
  /** For a time index: whether timestamps are UTC instants. */
  tzaware?: boolean;
  /** Unit of each channel's values, when known. */
  units?: Record<string, string>;
}

/** Checks that every channel has one value per index entry. */
export function checkFrame(frame: Frame, where = 'frame'): Frame {
  const n = frame.index.length;
  for (const [name, values] of Object.entries(frame.channels)) {
    if (values.length !== n) {
      throw new StrataError('bad_points', `${where}: channel ${JSON.stringify(name)} has ${values.length} values for ${n} index entries`, {
        channel: name,
      });
    }
  }
  return frame;
}

/** A one-channel time frame over a numeric series (shares its buffers, no copy). */
export function frameFromSeries(series: TimeSeries, channel = 'value', unit?: string): Frame {
  if (!(series.values instanceof Float64Array)) {
    throw new StrataError('value_type_mismatch', `${channel}: signal operations need a float64 series, got ${series.valueType}`);
  }
  const frame: Frame = { indexKind: 'time', index: series.times, channels: { [channel]: series.values }, tzaware: series.tzaware };
  if (unit !== undefined) frame.units = { [channel]: unit };
  return frame;
}

/** One channel of a time frame as a TimeSeries (shares its buffers, no copy). */
export function seriesFromFrame(frame: Frame, channel?: string): TimeSeries {
  if (frame.indexKind !== 'time') throw new StrataError('bad_input', 'only a time-indexed frame converts to a series (this one is indexed by frequency)');
  const names = Object.keys(frame.channels);
  const name = channel ?? names[0];
  const values = name === undefined ? undefined : frame.channels[name];
  if (!values) throw new StrataError('bad_input', `frame has no channel ${JSON.stringify(channel ?? '')} (channels: ${names.join(', ') || 'none'})`);
  return { tzaware: frame.tzaware ?? false, valueType: 'float64', times: frame.index, values };
}

/** Applies the same per-channel transform to every channel of a frame that keeps its index. */
export function mapChannels(frame: Frame, fn: (values: Float64Array, name: string) => Float64Array): Frame {
  const channels: Record<string, Float64Array> = {};
  for (const [name, values] of Object.entries(frame.channels)) channels[name] = fn(values, name);
  return { ...frame, channels };
}
