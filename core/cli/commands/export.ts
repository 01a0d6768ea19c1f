import { Option, type Command } from 'commander';
import { exportFile } from '../../ingest/export-file.js';
import { exportRowCount, type ExportFormat, type ExportLayout } from '../../ingest/export.js';
import { instantOption, timeOption } from '../args.js';
import type { CommandContext } from '../context.js';
import { DB_HELP } from './common.js';
import { readSeries } from '../../store/formulas.js';

interface ExportOpts {
  out: string;
  format: ExportFormat;
  layout?: ExportLayout;
  from?: string;
  to?: string;
  revisionDate?: string;
  json?: boolean;
  db?: string;
}

/** `strata export NAME... --out FILE`: series to a file that `strata import` reads back unchanged. */
export function registerExportCommand(program: Command, ctx: CommandContext): void {
  program
    .command('export')
    .description('write series to a CSV, Arrow IPC or Parquet file that `strata import` reads back unchanged')
    .argument('<names...>', 'series to export')
    .requiredOption('--out <file>', 'file to write (replaced if it exists)')
    .addOption(new Option('--format <format>', 'file format: csv, arrow (Arrow IPC file) or parquet; both keep value types and naive vs tz-aware timestamps').choices(['csv', 'arrow', 'parquet']).default('csv'))
    .addOption(new Option('--layout <layout>', 'long: timestamp,channel_id,value rows; wide: a time column then one column per series (default: long for csv, wide for arrow and parquet)').choices(['long', 'wide']))
    .option('--from <iso>', 'first value date to include (inclusive)')
    .option('--to <iso>', 'last value date to include (inclusive)')
    .option('--revision-date <iso>', 'export the series as known at this insertion date')
    .option('--json', 'print what was written as JSON')
    .option('--db <path>', DB_HELP)
    .action(async (names: string[], o: ExportOpts) => {
      const from = timeOption(o.from, '--from');
      const to = timeOption(o.to, '--to');
      const revisionDate = instantOption(o.revisionDate, '--revision-date') ?? null;
      const store = ctx.openStore(o.db);
      const list = [];
      for (const name of names) list.push({ name, series: await readSeries(store, name, { from, to, revisionDate }) });
      const res = await exportFile(o.out, list, { format: o.format, ...(o.layout ? { layout: o.layout } : {}) });
      const rows = exportRowCount(list, res.layout);
      const points = list.reduce((n, s) => n + s.series.times.length, 0);
      if (o.json) ctx.json({ path: res.path, format: res.format, layout: res.layout, series: names, rows, points, bytes: res.bytes });
      else ctx.out(`wrote ${res.path} (${res.format}, ${res.layout}): ${names.length} series, ${points} points in ${rows} rows, ${res.bytes} bytes`);
    });
}
