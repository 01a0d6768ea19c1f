import { Option, type Command } from 'commander';
import { StrataError } from '../../base/errors.js';
import { importFile, type ImportSummary } from '../../ingest/import.js';
import type { IngestFormat, Reject } from '../../ingest/types.js';
import { formatTimestamp } from '../../series/time.js';
import { instantOption, UsageError } from '../args.js';
import { table, type CommandContext } from '../context.js';
import { ProgressBar } from '../progress.js';
import { DB_HELP } from './common.js';

interface ImportOpts {
  format: IngestFormat;
  tz?: string;
  prefix?: string;
  insertionDate?: string;
  onDuplicate: 'error' | 'first' | 'last';
  author?: string;
  replace?: boolean;
  json?: boolean;
  db?: string;
}

/** `strata import FILE`: one revision per series, all in one transaction (a crash or Ctrl-C writes nothing). */
export function registerImportCommand(program: Command, ctx: CommandContext): void {
  program
    .command('import')
    .description('import a CSV (long or wide), Arrow IPC or Parquet file: one revision per series, all or nothing; bad rows are listed as rejects and the good rows imported')
    .argument('<file>', 'the file to import')
    .addOption(new Option('--format <format>', 'file layout; auto sniffs the format, delimiter, header and time columns').choices(['auto', 'long', 'wide', 'arrow', 'parquet']).default('auto'))
    .option('--tz <zone>', 'IANA zone (e.g. Europe/Paris) that localises naive timestamps; without it naive stays naive')
    .option('--prefix <p>', 'prefix of every series name (long: <prefix><channel_id>, wide: <prefix><column>)')
    .option('--insertion-date <iso>', 'insertion date of the revisions written (default: now)')
    .addOption(new Option('--on-duplicate <policy>', 'a second value at the same timestamp of a series: keep the last, the first, or fail').choices(['error', 'first', 'last']).default('last'))
    .option('--author <name>', 'author recorded on the revisions')
    .option('--replace', 'make the file the complete new state of each series it holds (default: update)')
    .option('--json', 'print the summary as JSON')
    .option('--db <path>', DB_HELP)
    .action(async (file: string, o: ImportOpts) => {
      const insertionDate = instantOption(o.insertionDate, '--insertion-date');
      if (o.tz !== undefined) checkZone(o.tz);
      const store = ctx.openStore(o.db);
      const bar = ctx.io.isTTY && !o.json ? new ProgressBar((t) => ctx.io.stdout(t)) : null;
      // Ctrl-C aborts the import (nothing is written); a second Ctrl-C gets the default: exit at once
      const abort = new AbortController();
      const onInterrupt = () => abort.abort('interrupted');
      process.once('SIGINT', onInterrupt);
      let summary: ImportSummary;
      try {
        summary = await importFile(store, file, {
          format: o.format,
          onDuplicate: o.onDuplicate,
          mode: o.replace ? 'replace' : 'update',
          signal: abort.signal,
          ...(o.tz !== undefined ? { tz: o.tz } : {}),
          ...(o.prefix !== undefined ? { prefix: o.prefix } : {}),
          ...(insertionDate !== undefined ? { insertionDate } : {}),
          ...(o.author !== undefined ? { author: o.author } : {}),
          ...(bar ? { onProgress: (e) => bar.update(e) } : {}),
        });
      } catch (e) {
        if (e instanceof StrataError && e.code !== 'cancelled' && e.code !== 'io') {
          throw new StrataError(e.code, `${file}: ${e.message}`, e.details);
        }
        throw e;
      } finally {
        process.off('SIGINT', onInterrupt);
        bar?.clear();
      }
      if (o.json) ctx.json(summaryJson(summary));
      else ctx.out(summaryText(file, summary));
      if (summary.rejected > 0) {
        ctx.failAfterReport('rejected_rows', `${file}: ${summary.rejected} of ${summary.rows} rows rejected (see the rejects in the summary); the other ${summary.accepted} rows were imported`);
      }
    });
}

function checkZone(zone: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    throw new UsageError('bad_zone', `--tz: unknown time zone ${JSON.stringify(zone)} (expected an IANA name like Europe/Paris)`);
  }
}

function rejectJson(r: Reject): Record<string, unknown> {
  return { line: r.line, column: r.column, ...(r.columnName !== undefined ? { column_name: r.columnName } : {}), kind: r.kind, reason: r.reason };
}

/** The `--json` document: the contract's keys (series, accepted, rejected, rejects) plus details. */
export function summaryJson(s: ImportSummary): Record<string, unknown> {
  const written = new Map(s.written.map((w) => [w.name, w]));
  return {
    source: s.source,
    format: s.format,
    series: s.series.map((x) => {
      const w = written.get(x.name);
      return {
        name: x.name,
        value_type: x.valueType,
        tzaware: x.tzaware,
        count: x.count,
        duplicates: x.duplicates,
        first: x.first === null ? null : formatTimestamp(x.first, x.tzaware),
        last: x.last === null ? null : formatTimestamp(x.last, x.tzaware),
        revision: w?.revision ?? false,
        added: w?.added ?? 0,
        changed: w?.changed ?? 0,
        deleted: w?.deleted ?? 0,
      };
    }),
    rows: s.rows,
    accepted: s.accepted,
    rejected: s.rejected,
    duplicates: s.duplicates,
    rejects: s.rejects.map(rejectJson),
    rejects_truncated: s.rejectsTruncated,
  };
}

const FORMAT_NAME = { long: 'long CSV', wide: 'wide CSV', arrow: 'Arrow IPC', parquet: 'Parquet' } as const;

function rejectLine(r: Reject): string {
  const col = r.columnName !== undefined ? `column ${r.column} (${r.columnName})` : `column ${r.column}`;
  return `  line ${r.line}, ${col}: ${r.kind}: ${r.reason}`;
}

/** The summary for people: what was read, the series written, then every listed reject with its position. */
export function summaryText(file: string, s: ImportSummary): string {
  const written = new Map(s.written.map((w) => [w.name, w]));
  const lines = [
    `${file} (${FORMAT_NAME[s.format]}): ${s.rows} rows, ${s.accepted} accepted, ${s.rejected} rejected` + (s.duplicates ? `, ${s.duplicates} duplicate timestamps resolved` : ''),
    `${s.written.filter((w) => w.revision).length} of ${s.series.length} series written (a series the file does not change gets no revision)`,
  ];
  let out = lines.join('\n') + '\n';
  if (s.series.length > 0) {
    out += table(
      ['series', 'points', 'added', 'changed', 'deleted', 'first', 'last'],
      s.series.map((x) => {
        const w = written.get(x.name);
        return [x.name, x.count, w?.added ?? 0, w?.changed ?? 0, w?.deleted ?? 0, x.first === null ? null : formatTimestamp(x.first, x.tzaware), x.last === null ? null : formatTimestamp(x.last, x.tzaware)];
      }),
    );
  }
  if (s.rejects.length > 0) {
    out += 'rejects:\n' + s.rejects.map(rejectLine).join('\n') + '\n';
    if (s.rejectsTruncated) out += `  ... and ${s.rejected - s.rejects.length} more (only the first ${s.rejects.length} are listed)\n`;
  }
  return out;
}
