import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { runCli, type CliIO } from '../../../core/cli/index.js';
import { formatBytes, formatEta, renderProgress } from '../../../core/cli/progress.js';
import { Store } from '../../../core/store/store.js';
import { cli, tempDir, writeInput } from '../../helpers/cli.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
let t: ReturnType<typeof tempDir>;
let db: string;
beforeEach(() => {
  t = tempDir();
  db = join(t.dir, 's.db');
});
afterEach(() => t.cleanup());

function file(name: string, text: unknown): string {
  return writeInput(t.dir, name, text);
}

const BAD = [
  'timestamp,channel_id,value',
  '2024-01-01T00:00:00,a,1',
  '2024-01-01T00:00:01,a,abc',
  '2024-01-01T00:00:02,b,2',
  'not-a-time,b,3',
  '2024-01-01T00:00:03,b',
  '2024-01-01T00:00:03,a,4',
  '2024-01-01T00:00:03,a,5',
  '2024-01-01T00:00:04,b,"open quote',
].join('\n');

describe('strata import', () => {
  it('imports a long CSV: one series per channel, the summary as JSON', async () => {
    const f = file('ok.csv', 'timestamp,channel_id,value\n2024-01-01T00:00:00Z,7,1.5\n2024-01-01T00:00:01Z,7,2\n2024-01-01T00:00:00Z,8,-3\n');
    const r = await cli(['import', f, '--prefix', 'ch', '--insertion-date', '2024-02-01T00:00:00Z', '--db', db, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toEqual({
      source: f, format: 'long', rows: 3, accepted: 3, rejected: 0, duplicates: 0, rejects: [], rejects_truncated: false,
      series: [
        { name: 'ch7', value_type: 'float64', tzaware: true, count: 2, duplicates: 0, first: '2024-01-01T00:00:00Z', last: '2024-01-01T00:00:01Z', revision: true, added: 2, changed: 0, deleted: 0 },
        { name: 'ch8', value_type: 'float64', tzaware: true, count: 1, duplicates: 0, first: '2024-01-01T00:00:00Z', last: '2024-01-01T00:00:00Z', revision: true, added: 1, changed: 0, deleted: 0 },
      ],
    });
    expect((await cli(['series', 'get', 'ch7', '--db', db, '--json'])).json().points).toEqual([['2024-01-01T00:00:00Z', 1.5], ['2024-01-01T00:00:01Z', 2]]);
    const hist = (await cli(['series', 'history', 'ch7', '--db', db, '--json'])).json().versions;
    expect(hist.map((v: { insertion_date: string; source: string }) => [v.insertion_date, v.source])).toEqual([['2024-02-01T00:00:00Z', f]]);
    // the same file again changes nothing: no new revision, said so
    const again = await cli(['import', f, '--prefix', 'ch', '--db', db]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('0 of 2 series written');
  });

  it('bad rows: each reject with line, column and reason; the good rows imported; exit 1 after the report', async () => {
    const f = file('bad.csv', BAD);
    const r = await cli(['import', f, '--db', db, '--json']);
    expect(r.code).toBe(1);
    const s = r.json();
    expect(s.rows).toBe(8);
    expect(s.accepted + s.rejected).toBe(s.rows);
    expect(s.rejects.map((x: { line: number; column: number; kind: string }) => [x.line, x.column, x.kind])).toEqual([
      [3, 3, 'bad_number'],
      [5, 1, 'bad_timestamp'],
      [6, 3, 'column_count'],
      [9, 3, 'unterminated_quote'],
    ]);
    expect(s.rejects[0]).toEqual({ line: 3, column: 3, column_name: 'value', kind: 'bad_number', reason: 'invalid number "abc" for series "a"' });
    expect(s.duplicates).toBe(1);
    expect(r.stderr).toBe(`error[rejected_rows]: ${f}: 4 of 8 rows rejected (see the rejects in the summary); the other 4 rows were imported\n`);
    // last wins by default
    expect((await cli(['series', 'get', 'a', '--db', db, '--json'])).json().points).toEqual([['2024-01-01T00:00:00', 1], ['2024-01-01T00:00:03', 5]]);
    expect((await cli(['series', 'get', 'b', '--db', db, '--json'])).json().points).toEqual([['2024-01-01T00:00:02', 2]]);
  });

  it('prints the rejects for people with their positions', async () => {
    const r = await cli(['import', file('bad.csv', BAD), '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/bad\.csv \(long CSV\): 8 rows, 4 accepted, 4 rejected, 1 duplicate timestamps resolved\n2 of 2 series written/);
    expect(r.stdout).toMatch(/^a +2 +2 +0 +0 +2024-01-01T00:00:00 +2024-01-01T00:00:03$/m);
    expect(r.stdout).toContain('rejects:\n  line 3, column 3 (value): bad_number: invalid number "abc" for series "a"\n  line 5, column 1 (timestamp): bad_timestamp:');
    expect(r.stdout).toContain('  line 6, column 3 (value): column_count: expected 3 columns, found 2\n');
  });

  it('--on-duplicate first keeps the first value; error fails and writes nothing', async () => {
    const f = file('dup.csv', 'timestamp,channel_id,value\n2024-01-01T00:00:03,a,4\n2024-01-01T00:00:03,a,5\n');
    expect((await cli(['import', f, '--on-duplicate', 'first', '--db', db])).code).toBe(0);
    expect((await cli(['series', 'get', 'a', '--db', db, '--json'])).json().points).toEqual([['2024-01-01T00:00:03', 4]]);
    const db2 = join(t.dir, 'two.db');
    const r = await cli(['import', f, '--on-duplicate', 'error', '--db', db2]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`error[duplicate_timestamp]: ${f}: line 3: series "a" has two values at 2024-01-01T00:00:03\n`);
    expect((await cli(['series', 'list', '--db', db2, '--json'])).json()).toEqual([]);
  });

  it('--tz localises naive times; a DST gap is a reject with its reason', async () => {
    const f = file('tz.csv', 'time,x\n2024-03-31 01:30:00,1\n2024-03-31 02:30:00,2\n2024-03-31 03:30:00,3\n');
    const r = await cli(['import', f, '--format', 'wide', '--tz', 'Europe/Paris', '--db', db, '--json']);
    expect(r.code).toBe(1);
    expect(r.json().rejects).toMatchObject([{ line: 3, column: 1, column_name: 'time', kind: 'tz_nonexistent', reason: expect.stringContaining('local time 2024-03-31T02:30:00 does not exist in Europe/Paris') }]);
    expect((await cli(['series', 'get', 'x', '--db', db, '--json'])).json().points).toEqual([['2024-03-31T00:30:00Z', 1], ['2024-03-31T01:30:00Z', 3]]);
  });

  it('usage errors exit 2; unreadable files exit 1 naming the file', async () => {
    const f = file('ok.csv', 'timestamp,channel_id,value\n2024-01-01T00:00:00Z,7,1.5\n');
    const fmt = await cli(['import', f, '--format', 'xlsx', '--db', db]);
    expect([fmt.code, fmt.stderr]).toEqual([2, "error[usage]: option '--format <format>' argument 'xlsx' is invalid. Allowed choices are auto, long, wide, arrow, parquet.\n"]);
    const tz = await cli(['import', f, '--tz', 'Mars/Olympus', '--db', db]);
    expect([tz.code, tz.stderr]).toEqual([2, 'error[bad_zone]: --tz: unknown time zone "Mars/Olympus" (expected an IANA name like Europe/Paris)\n']);
    expect((await cli(['import', f, '--on-duplicate', 'random', '--db', db])).code).toBe(2);
    expect((await cli(['import', f, '--insertion-date', 'soon', '--db', db])).code).toBe(2);
    const missing = await cli(['import', join(t.dir, 'nope.csv'), '--db', db, '--json']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^error\[io\]: cannot read .*nope\.csv: ENOENT\n$/);
    expect(missing.json().error.code).toBe('io');
  });

  it('--help lists the flags', async () => {
    const r = await cli(['import', '--help']);
    expect(r.code).toBe(0);
    for (const flag of ['<file>', '--format <format>', '--tz <zone>', '--prefix <p>', '--insertion-date <iso>', '--on-duplicate <policy>', '--json', '--db <path>']) expect(r.stdout).toContain(flag);
  });
});

describe('progress bar', () => {
  async function ttyRun(args: string[]): Promise<{ code: number; stdout: string }> {
    let stdout = '';
    const io: CliIO = { stdout: (s) => void (stdout += s), stderr: () => {}, readStdin: async () => '', env: {}, isTTY: true, platform: 'linux', homedir: '/nonexistent-home' };
    return { code: await runCli(args, io), stdout };
  }

  it('is drawn on a terminal, cleared before the summary, and never with --json', async () => {
    const f = join(t.dir, 's.csv');
    expect((await cli(['sample', '--out', f, '--seconds', '1'])).code).toBe(0);
    const tty = await ttyRun(['import', f, '--db', db]);
    expect(tty.code).toBe(0);
    expect(tty.stdout).toMatch(/^\r\[#+-*\] +\d+%  .* rows\/s  ETA /);
    expect(tty.stdout).toContain('\r\x1b[K' + f + ' (long CSV): 10000 rows');
    const json = await ttyRun(['import', f, '--db', join(t.dir, 'j.db'), '--json']);
    expect(json.stdout.startsWith('{')).toBe(true);
    expect(JSON.parse(json.stdout).accepted).toBe(10000);
    expect((await cli(['import', f, '--db', join(t.dir, 'p.db')])).stdout).not.toContain('\r');
  });

  it('shows bytes, rows/s and ETA', () => {
    expect(renderProgress({ bytesRead: 25_000_000, totalBytes: 100_000_000, rows: 1_000_000, elapsedMs: 2000, rowsPerSecond: 500_000 }, 8)).toBe(
      '[##------]  25%  25.0 MB / 100.0 MB  500.0k rows/s  ETA 6s',
    );
    expect(renderProgress({ bytesRead: 1500, totalBytes: null, rows: 10, elapsedMs: 5, rowsPerSecond: 2000 })).toBe('1.5 kB  10 rows  2.0k rows/s');
    expect([formatBytes(999), formatBytes(2_500_000_000)]).toEqual(['999 B', '2.5 GB']);
    expect([formatEta(59.4), formatEta(185), formatEta(3720)]).toEqual(['59s', '3m05s', '1h02m']);
  });
});

describe('strata sample', () => {
  it('is deterministic: same seed, same bytes; another seed, other values', async () => {
    const a = join(t.dir, 'a.csv');
    const b = join(t.dir, 'b.csv');
    const c = join(t.dir, 'c.csv');
    const r = await cli(['sample', '--out', a, '--channels', '3', '--seconds', '2', '--rate', '10', '--seed', '7', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toMatchObject({ path: a, rows: 60, channels: 3, seconds: 2, rate: 10 });
    await cli(['sample', '--out', b, '--channels', '3', '--seconds', '2', '--rate', '10', '--seed', '7']);
    await cli(['sample', '--out', c, '--channels', '3', '--seconds', '2', '--rate', '10', '--seed', '8']);
    expect(readFileSync(b)).toEqual(readFileSync(a));
    expect(readFileSync(c)).not.toEqual(readFileSync(a));
    const text = readFileSync(a, 'utf8').split('\n');
    expect(text[0]).toBe('timestamp,channel_id,value');
    expect(text.length - 2).toBe(60);
  });

  it('rejects bad counts with exit 2 and writes nothing', async () => {
    const out = join(t.dir, 'x.csv');
    for (const args of [['--channels', '0'], ['--channels', '1.5'], ['--rate', 'fast'], ['--seed', 'x'], ['--channels', '1000000']]) {
      const r = await cli(['sample', '--out', out, ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^error\[usage\]: --(channels|rate|seed) must be/);
    }
    expect((await cli(['sample', '--out', out, '--start', 'dawn'])).code).toBe(2);
    expect(() => readFileSync(out)).toThrow();
  });

  it('--help lists the flags', async () => {
    const r = await cli(['sample', '--help']);
    expect(r.code).toBe(0);
    for (const flag of ['--out <file>', '--channels <n>', '--seconds <s>', '--rate <hz>', '--seed <n>']) expect(r.stdout).toContain(flag);
  });
});

// --- the real process: Ctrl-C and kill -9 leave the store as it was ---

function snapshot(path: string): string {
  const s = new Store(path);
  try {
    expect(s.db.pragma('integrity_check', { simple: true })).toBe('ok');
    return JSON.stringify(s.list().map((i) => [i.name, i.count, i.revisions, [...s.get(i.name).values]]));
  } finally {
    s.close();
  }
}

function spawnImport(args: string[]) {
  const proc = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'core/cli/bin.ts'), 'import', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (d: Buffer) => void (stdout += d.toString()));
  proc.stderr.on('data', (d: Buffer) => void (stderr += d.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((done) =>
    proc.on('exit', (code, signal) => done({ code, signal, stdout, stderr })),
  );
  return { proc, exit };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const rows = (from: number, n: number) => Array.from({ length: n }, (_, i) => `2024-01-01T00:00:${String((from + i) % 60).padStart(2, '0')}.${String(from + i).padStart(6, '0')},c${i % 5},${i}.5\n`).join('');

describe.skipIf(process.platform === 'win32')('strata import as a process', () => {
  /** A store holding one earlier import, and a FIFO: the child reads what we write, when we write it. */
  async function setup() {
    expect((await cli(['import', file('first.csv', 'timestamp,channel_id,value\n2024-01-01T00:00:00,c0,42\n'), '--db', db])).code).toBe(0);
    const fifo = join(t.dir, 'feed.csv');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    return { before: snapshot(db), fifo };
  }

  it('Ctrl-C (SIGINT) mid-import: error[cancelled], exit 1, the store as before', async () => {
    const { before, fifo } = await setup();
    const { proc, exit } = spawnImport([fifo, '--format', 'long', '--db', db]);
    // opening the FIFO for writing waits for the child to open it (its SIGINT handler is set by then)
    const fh = await open(fifo, 'w');
    await fh.write('timestamp,channel_id,value\n' + rows(0, 20_000));
    await sleep(300);
    proc.kill('SIGINT');
    await sleep(300);
    await fh.write(rows(20_000, 20_000)).catch(() => undefined);
    await fh.close();
    const r = await exit;
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('error[cancelled]: import cancelled: nothing was written\n');
    expect(snapshot(db)).toBe(before);
  }, 60_000);

  it('kill -9 while reading: the store is exactly as before', async () => {
    const { before, fifo } = await setup();
    const { proc, exit } = spawnImport([fifo, '--format', 'long', '--db', db]);
    const fh = await open(fifo, 'w');
    await fh.write('timestamp,channel_id,value\n' + rows(0, 20_000));
    await sleep(200);
    proc.kill('SIGKILL');
    await fh.close().catch(() => undefined);
    expect((await exit).signal).toBe('SIGKILL');
    expect(snapshot(db)).toBe(before);
  }, 60_000);

  it('kill -9 as the write starts: the store holds all of the import or none of it, never a part', async () => {
    const { before } = await setup();
    const big = join(t.dir, 'big.csv');
    expect((await cli(['sample', '--out', big, '--seconds', '30'])).code).toBe(0);
    // the complete result, from a copy of the store that is allowed to finish
    const done = join(t.dir, 'done.db');
    writeFileSync(done, readFileSync(db));
    expect((await cli(['import', big, '--db', done, '--insertion-date', '2030-01-01T00:00:00Z'])).code).toBe(0);
    const after = snapshot(done);
    const { proc, exit } = spawnImport([big, '--db', db, '--insertion-date', '2030-01-01T00:00:00Z']);
    // the write-ahead log grows only when the import's transaction writes: kill at the first growth seen
    const wal = `${db}-wal`;
    const size = async () => (await open(wal, 'r').then(async (h) => ((await h.stat()).size + (await h.close(), 0))).catch(() => 0));
    const start = await size();
    let exited = false;
    void exit.then(() => (exited = true));
    while (!exited && (await size()) === start) await sleep(1);
    proc.kill('SIGKILL');
    const r = await exit;
    const state = snapshot(db);
    expect(r.signal).toBe('SIGKILL');
    expect([before, after]).toContain(state);
  }, 120_000);
});
