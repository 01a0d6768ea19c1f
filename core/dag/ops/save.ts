import { z } from 'zod';
import { StrataError } from '../../base/errors.js';
import type { Frame } from '../../ops/frame.js';
import { formatTimestamp } from '../../series/time.js';
import type { OpDef } from '../registry.js';
import type { SeriesExternal } from './source.js';

const saveConfig = z
  .object({
    /** The series to write. */
    name: z.string().min(1),
    /** Which channel of the input to write (default: the first). */
    channel: z.string().optional(),
    /** `replace` (default): the output becomes the series' whole state; `update`: only changed points are written. */
    mode: z.enum(['replace', 'update']).default('replace'),
  })
  .strict();

/** The source recorded on revisions a save node writes. */
export function dagSource(workflow: string, node: string): string {
  return `dag:${workflow}/${node}`;
}

/**
 * Writes one channel of its input as a series, with source `dag:<workflow>/<node>` and the lineage of
 * every step before it on the revision. Its output is the channel it wrote. Its cache key includes the
 * target's latest insertion date as it was right after the write, so a rerun with nothing changed does
 * not write again, while an edit of the target by anyone else makes it write again.
 */
export const saveOp: OpDef<z.output<typeof saveConfig>> = {
  name: 'save',
  version: 1,
  doc: 'write a channel of the input as a stored series (with lineage)',
  config: saveConfig,
  inputs: { min: 1, max: 1 },
  accepts: 'time',
  output: 'time',
  placement: 'caller',
  writes: true,
  external(config, env): SeriesExternal {
    const store = env.store;
    const last = store.exists(config.name) ? store.info(config.name).lastInsertionDate : null;
    return { series: config.name, revision: last === null ? null : formatTimestamp(last, true) };
  },
  run(inputs, config, ctx) {
    const frame = inputs[0]!;
    const names = Object.keys(frame.channels);
    const channel = config.channel ?? names[0];
    const values = channel === undefined ? undefined : frame.channels[channel];
    if (channel === undefined || !values) {
      throw new StrataError('bad_input', `${ctx.where}: the input has no channel ${JSON.stringify(config.channel ?? '')} (channels: ${names.join(', ') || 'none'})`);
    }
    // A missing value (NaN: an empty resample bucket) is no point at all in a stored series.
    let n = 0;
    for (let i = 0; i < values.length; i++) if (values[i] === values[i]) n++;
    const times = new Float64Array(n);
    const kept = new Float64Array(n);
    for (let i = 0, k = 0; i < values.length; i++) {
      if (values[i] !== values[i]) continue;
      times[k] = frame.index[i]!;
      kept[k++] = values[i]!;
    }
    const env = ctx.env!;
    const unit = frame.units?.[channel];
    env.store[config.mode](
      config.name,
      { tzaware: frame.tzaware ?? false, valueType: 'float64', times, values: kept },
      {
        source: dagSource(ctx.workflow, ctx.node),
        ...(env.author !== undefined ? { author: env.author } : {}),
        ...(unit ? { unit } : {}),
        revisionMetadata: { lineage: { workflow: ctx.workflow, node: ctx.node, op: 'save', config, steps: ctx.lineage ?? [] } },
      },
    );
    const out: Frame = { indexKind: 'time', index: frame.index, channels: { [channel]: values }, tzaware: frame.tzaware ?? false };
    if (unit) out.units = { [channel]: unit };
    return out;
  },
};
