import type { FrameDto } from '../../../core/protocol/index.js';
import type { PlotSpec } from '../plot/option.js';

/** A node's output frame as a chart: one line per channel over time (ms) or frequency (Hz). */
export function frameSpec(f: FrameDto): PlotSpec {
  const time = f.indexKind === 'time';
  const lines = Object.entries(f.channels).map(([name, values]) => ({
    name,
    ...(f.units?.[name] ? { unit: f.units[name] } : {}),
    points: f.index.map((x, i): [number, number | null] => [time ? x / 1000 : x, values[i] ?? null]),
  }));
  return { lines, xKind: time ? 'time' : 'value', xName: time ? 'time (UTC)' : 'frequency (Hz)' };
}
