import type { Command } from 'commander';
import { formatTimestamp, nowUs, pointsToWire, type TimeSeries } from '../../series/index.js';
import type { RevisionInfo, SeriesInfo } from '../../store/types.js';
import { durationOption, instantOption, timeOption } from '../args.js';
import { table, type CommandContext } from '../context.js';
import { readPointsFile } from '../points-file.js';
import { formulaText, listAllSeries, readSeries, seriesHistory, seriesInfo, seriesInsertionDates, seriesStaircase } from '../../store/formulas.js';
import { readWith, withLibrary, type LibraryOpts } from './library.js';
import { DB_HELP } from './common.js';
import { withPositions } from './formula.js';

interface DbOpts {
  db?: string;
}
interface WindowOpts extends DbOpts {
  from?: string;
  to?: string;
  json?: boolean;
  csv?: boolean;
}


/** `strata series ...`: the versioned store, tshistory semantics (see docs/cli.md). */
export function registerSeriesCommands(program: Command, ctx: CommandContext): void {
  const series = program.command('series').description('write, read and manage versioned series');

  series
    .command('put')
    .description('write points to a series: an update stores only what changed; --replace sets the whole state')
    .argument('<name>', 'series name')
    .argument('<file>', 'points file: JSON [[timestamp, value], ...] or CSV timestamp,value; - for stdin')
    .option('--insertion-date <iso>', 'insertion date of the new revision (default: now)')
    .option('--replace', 'make FILE the complete new state of the series')
    .option('--author <name>', 'author recorded on the revision (default: $STRATA_AUTHOR or the user name)')
    .option('--unit <unit>', 'unit of the series (set when it is created; a different unit is an error)')
    .option('--json', 'print the result as JSON')
    .option('--db <path>', DB_HELP)
    .action(async (name: string, file: string, o: DbOpts & { insertionDate?: string; replace?: boolean; author?: string; unit?: string; json?: boolean }) => {
      const insertionDate = instantOption(o.insertionDate, '--insertion-date');
      const store = ctx.openStore(o.db);
      const existing = store.exists(name) ? store.info(name) : null;
      const points = await readPointsFile(file, ctx.io, existing?.valueType);
      const res = store[o.replace ? 'replace' : 'update'](name, points, {
        ...(insertionDate !== undefined ? { insertionDate } : {}),
        ...(o.author !== undefined ? { author: o.author } : {}),
        ...(o.unit !== undefined ? { unit: o.unit } : {}),
        source: file === '-' ? 'cli:stdin' : `file:${file}`,
      });
      if (o.json) {
        ctx.json({ name, revision: res.revision ? revisionJson(res.revision) : null, added: res.added, changed: res.changed, deleted: res.deleted });
      } else if (res.revision) {
        ctx.out(
          `${formatTimestamp(res.revision.insertionDate, true)}\n` +
            `revision of ${name}: ${res.added} added, ${res.changed} changed, ${res.deleted} deleted (${res.revision.count} points)`,
        );
      } else {
        ctx.out(`no change to ${name}: no revision created`);
      }
    });

  withLibrary(withWindow(
    series
      .command('get')
      .description('read a series (as of --revision-date, within --from/--to, both inclusive)')
      .argument('<name>', 'series name')
      .option('--revision-date <iso>', 'read the series as it was known at this insertion date'),
  ))
    .option('--csv', 'print CSV (timestamp,value)')
    .action(
      withPositions(async (name: string, o: WindowOpts & LibraryOpts & { revisionDate?: string }) => {
        const revisionDate = instantOption(o.revisionDate, '--revision-date');
        const store = ctx.openStore(o.db);
        const s = await readWith(ctx, store, name, o.library, (f) => readSeries(store, name, { revisionDate: revisionDate ?? null, from: timeOption(o.from, '--from'), to: timeOption(o.to, '--to') }, f));
        printSeries(ctx, name, s, o);
      }),
    );

  withLibrary(withWindow(
    series
      .command('history')
      .description('every version of a series: for each revision, the series as known at its insertion date')
      .argument('<name>', 'series name')
      .option('--from-insertion-date <iso>', 'first insertion date to include')
      .option('--to-insertion-date <iso>', 'last insertion date to include'),
  )).action(withPositions(async (name: string, o: WindowOpts & LibraryOpts & { fromInsertionDate?: string; toInsertionDate?: string }) => {
    const store = ctx.openStore(o.db);
    const versions = await readWith(ctx, store, name, o.library, (f) => seriesHistory(store, name, {
      from: timeOption(o.from, '--from'),
      to: timeOption(o.to, '--to'),
      fromInsertionDate: instantOption(o.fromInsertionDate, '--from-insertion-date') ?? null,
      toInsertionDate: instantOption(o.toInsertionDate, '--to-insertion-date') ?? null,
    }, f));
    if (o.json) {
      ctx.json({
        name,
        versions: versions.map((v) => ({
          insertion_date: formatTimestamp(v.insertionDate, true),
          ...(v.revision ? { author: v.revision.author, source: v.revision.source } : {}),
          points: pointsToWire(v.series),
        })),
      });
      return;
    }
    for (const v of versions) {
      ctx.out(`# ${formatTimestamp(v.insertionDate, true)}${v.revision ? `  ${v.revision.author}  ${v.revision.source}` : ''}`);
      ctx.io.stdout(pointsTable(v.series));
    }
  }));

  withLibrary(withWindow(
    series
      .command('staircase')
      .description('for each value date, the value as known DURATION before it (e.g. day-ahead forecasts)')
      .argument('<name>', 'series name')
      .requiredOption('--delta <duration>', 'how long before each value date: 500ms, 30s, 5min, 2h, 1d or ISO 8601 (PT1H)'),
  ))
    .option('--csv', 'print CSV (timestamp,value)')
    .action(
      withPositions(async (name: string, o: WindowOpts & LibraryOpts & { delta: string }) => {
        const delta = durationOption(o.delta, '--delta');
        const store = ctx.openStore(o.db);
        const s = await readWith(ctx, store, name, o.library, (f) => seriesStaircase(store, name, delta, { from: timeOption(o.from, '--from'), to: timeOption(o.to, '--to') }, f));
        printSeries(ctx, name, s, o);
      }),
    );

  const datesCmd = series
    .command('insertion-dates')
    .description('the insertion dates of the revisions of a series')
    .argument('<name>', 'series name')
    .option('--from-insertion-date <iso>', 'first insertion date to include')
    .option('--to-insertion-date <iso>', 'last insertion date to include')
    .option('--json', 'print JSON')
    .option('--db <path>', DB_HELP);
  withLibrary(datesCmd).action(async (name: string, o: DbOpts & LibraryOpts & { json?: boolean; fromInsertionDate?: string; toInsertionDate?: string }) => {
    const store = ctx.openStore(o.db);
    const window = {
      fromInsertionDate: instantOption(o.fromInsertionDate, '--from-insertion-date') ?? null,
      toInsertionDate: instantOption(o.toInsertionDate, '--to-insertion-date') ?? null,
    };
    const dates = (await readWith(ctx, store, name, o.library, async (f) => seriesInsertionDates(store, name, window, f.registry))).map((d) => formatTimestamp(d, true));
    if (o.json) ctx.json(dates);
    else ctx.io.stdout(dates.map((d) => d + '\n').join(''));
  });

  series
    .command('list')
    .description('all series with kind, value type, unit, point count and first/last timestamps')
    .option('--json', 'print JSON')
    .option('--db <path>', DB_HELP)
    .action(async (o: DbOpts & { json?: boolean }) => {
      // Stored and formula series, then every connection's tags (`<connection>/<tag>`).
      const all = await listAllSeries(ctx.openStore(o.db));
      if (o.json) {
        ctx.json(all.map(listJson));
        return;
      }
      ctx.io.stdout(
        table(
          ['name', 'kind', 'type', 'tz', 'unit', 'count', 'first', 'last'],
          all.map((i) => {
            const j = listJson(i);
            return [j.name, j.kind, j.value_type, j.tzaware ? 'aware' : 'naive', j.unit, j.count, j.first, j.last];
          }),
        ),
      );
    });

  const infoCmd = series
    .command('info')
    .description('what a series is: kind, value type, time zone awareness, unit, metadata, revisions')
    .argument('<name>', 'series name')
    .option('--json', 'print JSON')
    .option('--db <path>', DB_HELP);
  withLibrary(infoCmd).action(async (name: string, o: DbOpts & LibraryOpts & { json?: boolean }) => {
    const store = ctx.openStore(o.db);
    const info = await readWith(ctx, store, name, o.library, (f) => seriesInfo(store, name, f));
    const text = info.kind === 'formula' ? formulaText(store, name) : undefined;
    const j = {
      ...listJson(info),
      metadata: info.metadata,
      created_at: formatTimestamp(info.createdAt, true),
      death_at: info.deathAt === null ? null : formatTimestamp(info.deathAt, true),
      last_insertion_date: info.lastInsertionDate === null ? null : formatTimestamp(info.lastInsertionDate, true),
      revisions: info.revisions,
      ...(text !== undefined ? { formula: text } : {}),
    };
    if (o.json) ctx.json(j);
    else ctx.io.stdout(table(['field', 'value'], Object.entries(j).map(([k, v]) => [k, typeof v === 'object' && v !== null ? JSON.stringify(v) : (v as string)])));
  });

  series
    .command('rename')
    .description('rename a series (its revisions and points keep their history)')
    .argument('<old>', 'current name')
    .argument('<new>', 'new name')
    .option('--json', 'print JSON')
    .option('--db <path>', DB_HELP)
    .action((oldName: string, newName: string, o: DbOpts & { json?: boolean }) => {
      ctx.openStore(o.db).rename(oldName, newName);
      if (o.json) ctx.json({ renamed: oldName, to: newName });
      else ctx.out(`renamed ${oldName} to ${newName}`);
    });

  series
    .command('retire')
    .description('mark a series retired (its death_at, as tags report it); its data stays readable')
    .argument('<name>', 'series name')
    .option('--at <iso>', 'retirement date (default: now)')
    .option('--undo', 'mark the series alive again')
    .option('--json', 'print JSON')
    .option('--db <path>', DB_HELP)
    .action((name: string, o: DbOpts & { at?: string; undo?: boolean; json?: boolean }) => {
      const at = o.undo ? null : (instantOption(o.at, '--at') ?? nowUs());
      ctx.openStore(o.db).retire(name, at);
      const death = at === null ? null : formatTimestamp(at, true);
      if (o.json) ctx.json({ name, death_at: death });
      else ctx.out(death ? `retired ${name} at ${death}` : `${name} is alive again`);
    });

  series
    .command('delete')
    .description('delete a series with all its revisions')
    .argument('<name>', 'series name')
    .option('--json', 'print JSON')
    .option('--db <path>', DB_HELP)
    .action((name: string, o: DbOpts & { json?: boolean }) => {
      ctx.openStore(o.db).delete(name);
      if (o.json) ctx.json({ deleted: name });
      else ctx.out(`deleted ${name}`);
    });
}

function withWindow(cmd: Command): Command {
  return cmd
    .option('--from <iso>', 'first value date (inclusive)')
    .option('--to <iso>', 'last value date (inclusive)')
    .option('--json', 'print JSON')
    .option('--db <path>', DB_HELP);
}


function printSeries(ctx: CommandContext, name: string, s: TimeSeries, o: { json?: boolean; csv?: boolean }): void {
  if (o.json) ctx.json({ name, points: pointsToWire(s) });
  else if (o.csv) ctx.io.stdout(toCsv(s));
  else ctx.io.stdout(pointsTable(s));
}

function pointsTable(s: TimeSeries): string {
  return table(['timestamp', 'value'], pointsToWire(s).map(([t, v]) => [t, v === null ? '' : v]));
}

function toCsv(s: TimeSeries): string {
  const lines = ['timestamp,value'];
  for (const [t, v] of pointsToWire(s)) lines.push(`${t},${typeof v === 'string' ? csvQuote(v) : (v ?? '')}`);
  return lines.join('\n') + '\n';
}

function csvQuote(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

function listJson(i: SeriesInfo) {
  return {
    name: i.name,
    kind: i.kind,
    value_type: i.valueType,
    tzaware: i.tzaware,
    unit: i.unit,
    count: i.count,
    first: i.first === null ? null : formatTimestamp(i.first, i.tzaware),
    last: i.last === null ? null : formatTimestamp(i.last, i.tzaware),
  };
}

function revisionJson(r: RevisionInfo) {
  return {
    insertion_date: formatTimestamp(r.insertionDate, true),
    author: r.author,
    source: r.source,
    count: r.count,
  };
}
