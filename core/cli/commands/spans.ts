import type { Command } from 'commander';
import { formatTimestamp } from '../../series/index.js';
import { allMetricRows, listAllTags, sampleAllMetrics } from '../../metrics/index.js';
import { durationOption, timeOption, UsageError } from '../args.js';
import { table, type CommandContext } from '../context.js';
import { readSpans } from '../../store/reads.js';
import { readWith, withLibrary, type LibraryOpts } from './library.js';
import { DB_HELP } from './common.js';

interface WindowOpts {
  from?: string;
  to?: string;
  json?: boolean;
  db?: string;
}

/** `strata spans`, `strata tags`, `strata metrics`: CVec's questions, windows half-open [from, to). */
export function registerSpanCommands(program: Command, ctx: CommandContext): void {
  withLibrary(window(
    program
      .command('spans')
      .description('periods where a series held a constant value, newest first; the newest span has no end')
      .argument('<name>', 'series name')
      .option('--limit <n>', 'at most this many spans (the newest)'),
  )).action(async (name: string, o: WindowOpts & LibraryOpts & { limit?: string }) => {
    const limit = o.limit === undefined ? null : count(o.limit, '--limit');
    const from = timeOption(o.from, '--from');
    const to = timeOption(o.to, '--to');
    // Stored points, the formula computed (with the libraries' operators), or (a connection's tag) window
    // functions on its server.
    const store = ctx.openStore(o.db);
    const { spans, tzaware } = await readWith(ctx, store, name, o.library, (f) => readSpans(store, name, from, to, limit, f));
    const s = { tzaware };
    const rows = spans.map((sp) => ({
      name,
      value: sp.value,
      begin: formatTimestamp(sp.begin, s.tzaware),
      end: sp.end === null ? null : formatTimestamp(sp.end, s.tzaware),
    }));
    if (o.json) ctx.json(rows);
    else ctx.io.stdout(table(['value', 'begin', 'end'], rows.map((r) => [r.value === null ? '(no value)' : r.value, r.begin, r.end ?? '(open)'])));
  });

  window(program.command('tags').description('series (tags) with at least one point in [from, to), with birth and death')).action(async (o: WindowOpts) => {
    const tags = (await listAllTags(ctx.openStore(o.db), timeOption(o.from, '--from'), timeOption(o.to, '--to'))).map((t) => ({
      name: t.name,
      birth_at: t.birthAt === null ? null : formatTimestamp(t.birthAt, t.tzaware),
      death_at: t.deathAt === null ? null : formatTimestamp(t.deathAt, true),
    }));
    if (o.json) ctx.json(tags);
    else ctx.io.stdout(table(['name', 'birth_at', 'death_at'], tags.map((t) => [t.name, t.birth_at, t.death_at])));
  });

  const metrics = window(
    program
      .command('metrics')
      .enablePositionalOptions()
      .description('long-format data (tag_name, time, value): one row per stored point in [from, to)')
      .option('--tags <a,b>', 'comma-separated tag names (default: all)'),
  ).action(async (o: WindowOpts & { tags?: string }) => {
    const rows = (await allMetricRows(ctx.openStore(o.db), tagList(o.tags), timeOption(o.from, '--from'), timeOption(o.to, '--to'))).map((r) => ({
      tag_name: r.tagName,
      time: formatTimestamp(r.time, r.tzaware),
      value: r.value,
    }));
    if (o.json) ctx.json(rows);
    else ctx.io.stdout(table(['tag_name', 'time', 'value'], rows.map((r) => [r.tag_name, r.time, r.value])));
  });

  window(
    metrics
      .command('sample')
      .description('resample tags onto regular buckets: last observation carried forward, time-weighted average per bucket')
      .requiredOption('--bucket <duration>', 'bucket width: 30s, 5min, 1h, 1d or ISO 8601 (PT15M)')
      .option('--tags <a,b>', 'comma-separated tag names (default: all)'),
  ).action(async (o: WindowOpts & { tags?: string; bucket: string }) => {
    const bucket = durationOption(o.bucket, '--bucket');
    if (bucket <= 0) throw new UsageError('bad_duration', `--bucket must be positive, got ${JSON.stringify(o.bucket)}`);
    const r = await sampleAllMetrics(ctx.openStore(o.db), tagList(o.tags), bucket, timeOption(o.from, '--from'), timeOption(o.to, '--to'));
    const times = Array.from(r.times, (t) => formatTimestamp(t, r.tzaware));
    const cols = Object.fromEntries(
      Object.entries(r.columns).map(([k, v]) => [k, Array.from(v as ArrayLike<number | string | null>, (x) => (typeof x === 'number' && Number.isNaN(x) ? null : x))]),
    );
    if (o.json) ctx.json({ bucket: o.bucket, time: times, tags: cols });
    else ctx.io.stdout(table(['time', ...Object.keys(cols)], times.map((t, i) => [t, ...Object.values(cols).map((c) => c[i] ?? null)])));
  });
}

function window(cmd: Command): Command {
  return cmd
    .option('--from <iso>', 'start of the window (inclusive)')
    .option('--to <iso>', 'end of the window (exclusive)')
    .option('--json', 'print JSON')
    .option('--db <path>', DB_HELP);
}

function tagList(s: string | undefined): string[] | null {
  if (s === undefined) return null;
  return s.split(',').map((x) => x.trim()).filter(Boolean);
}

function count(s: string, flag: string): number {
  if (!/^\d+$/.test(s)) throw new UsageError('usage', `${flag} must be a whole number, got ${JSON.stringify(s)}`);
  return Number(s);
}
