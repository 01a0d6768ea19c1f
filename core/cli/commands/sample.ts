import type { Command } from 'commander';
import { writeSampleFile } from '../../ingest/node-file.js';
import { StrataError } from '../../base/errors.js';
import { sampleCsv, type SampleOptions } from '../../ingest/sample.js';
import { UsageError } from '../args.js';
import type { CommandContext } from '../context.js';

interface SampleOpts {
  out: string;
  channels: string;
  seconds: string;
  rate: string;
  seed?: string;
  start?: string;
  json?: boolean;
}

function num(value: string, flag: string, integer: boolean): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    throw new UsageError('usage', `${flag} must be a positive ${integer ? 'integer' : 'number'}, got ${JSON.stringify(value)}`);
  }
  return n;
}

/** `strata sample --out FILE`: the deterministic demo data (the POC generator's sines, noise, transients). */
export function registerSampleCommand(program: Command, ctx: CommandContext): void {
  program
    .command('sample')
    .description('write a deterministic long CSV (timestamp,channel_id,value) of sine waves, noise and transient events')
    .requiredOption('--out <file>', 'file to write (replaced if it exists)')
    .option('--channels <n>', 'number of channels', '10')
    .option('--seconds <s>', 'duration in seconds', '100')
    .option('--rate <hz>', 'samples per second per channel', '1000')
    .option('--seed <n>', 'random seed (same seed, same bytes)')
    .option('--start <iso>', 'first timestamp, naive ISO 8601 (default 2024-01-01T00:00:00)')
    .option('--json', 'print what was written as JSON')
    .action(async (o: SampleOpts) => {
      const opts: SampleOptions = {
        channels: num(o.channels, '--channels', true),
        seconds: num(o.seconds, '--seconds', false),
        rate: num(o.rate, '--rate', false),
      };
      if (o.seed !== undefined) {
        const seed = Number(o.seed);
        if (o.seed.trim() === '' || !Number.isInteger(seed)) throw new UsageError('usage', `--seed must be an integer, got ${JSON.stringify(o.seed)}`);
        opts.seed = seed;
      }
      if (o.start !== undefined) opts.start = o.start;
      try {
        // the generator checks its ranges and --start on its first chunk: run them before creating the file
        sampleCsv(opts).next();
      } catch (e) {
        throw new UsageError(e instanceof StrataError && e.code !== 'usage' ? e.code : 'usage', (e as Error).message);
      }
      const res = await writeSampleFile(o.out, opts);
      if (o.json) ctx.json({ path: res.path, rows: res.rows, bytes: res.bytes, channels: opts.channels, seconds: opts.seconds, rate: opts.rate });
      else ctx.out(`wrote ${res.path}: ${res.rows} rows, ${res.bytes} bytes`);
    });
}
