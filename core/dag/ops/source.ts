import { z } from 'zod';
import { StrataError } from '../../base/errors.js';
import { frameFromSeries } from '../../ops/frame.js';
import { formatTimestamp, parseInstant } from '../../series/time.js';
import { formulaInputs, formulaText, latestInsertionDate, readSeries } from '../../store/formulas.js';
import { sourceFor } from '../../store/sources.js';
import type { OpDef } from '../registry.js';

const seriesConfig = z.object({ name: z.string().min(1) }).strict();

/**
 * What a `series` node read: the series and its latest revision (ISO insertion date) at the time; for a
 * formula series, the newest insertion date of its inputs and its text (an edit of it changes the result).
 */
export interface SeriesExternal {
  series: string;
  revision: string | null;
  /** The texts of the formula and of every formula it reads, by name. */
  formulas?: Record<string, string>;
  /** For a remote series (`<connection>/<tag>`, unversioned): its source's version token (a data fingerprint). */
  remote?: string;
}

/**
 * A stored series as a one-channel time frame named after the series. Its latest insertion date is part
 * of the cache key, so a new revision reruns everything downstream and nothing else does.
 */
export const seriesOp: OpDef<z.output<typeof seriesConfig>> = {
  name: 'series',
  version: 1,
  doc: 'read a stored series (its latest revision) as a one-channel time frame',
  config: seriesConfig,
  inputs: { min: 0, max: 0 },
  accepts: 'any',
  output: 'time',
  placement: 'caller',
  external(config, env): SeriesExternal | Promise<SeriesExternal> {
    // A remote series has no revisions: its data fingerprint keys the node, so new data reruns it.
    const src = sourceFor(env.store, config.name);
    if (src) return src.version(config.name).then((remote) => ({ series: config.name, revision: null, remote }));
    // Throws unknown_series for a missing series: the node fails with that error, its descendants are skipped.
    const info = env.store.info(config.name);
    const text = info.kind === 'formula' ? formulaText(env.store, config.name) : undefined;
    const last = text === undefined ? info.lastInsertionDate : latestInsertionDate(env.store, config.name);
    const revision = last === null ? null : formatTimestamp(last, true);
    if (text === undefined) return { series: config.name, revision };
    const nested = [...formulaInputs(env.store, text).formulas].sort(([a], [b]) => (a < b ? -1 : 1));
    return { series: config.name, revision, formulas: Object.fromEntries([[config.name, text], ...nested]) };
  },
  async run(_inputs, config, ctx) {
    const ext = ctx.external as SeriesExternal;
    const store = ctx.env!.store;
    // Read the very revision the key was made from, even if someone writes in between.
    const s = await readSeries(store, config.name, ext.revision === null ? {} : { revisionDate: parseInstant(ext.revision) }, ctx.signal ? { signal: ctx.signal } : {});
    if (s.valueType !== 'float64') {
      throw new StrataError('value_type_mismatch', `${ctx.where}: series ${JSON.stringify(config.name)} holds strings; workflows process numbers`);
    }
    const unit = sourceFor(store, config.name) ? '' : store.info(config.name).unit;
    return frameFromSeries(s, config.name, unit || undefined);
  },
};
