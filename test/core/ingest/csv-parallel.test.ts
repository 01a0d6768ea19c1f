import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { closeCsvWorkers } from '../../../core/ingest/csv-parallel.js';
import { parseFile } from '../../../core/ingest/node-file.js';
import { sampleCsv } from '../../../core/ingest/sample.js';
import type { IngestOptions, ParallelReport } from '../../../core/ingest/types.js';
import { plain } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-csv-parallel-'));
afterAll(async () => {
  await closeCsvWorkers();
  rmSync(dir, { recursive: true, force: true });
});

const enc = new TextEncoder();
let fileNo = 0;
function file(bytes: Uint8Array | string): string {
  const path = join(dir, `f${fileNo++}.csv`);
  writeFileSync(path, typeof bytes === 'string' ? enc.encode(bytes) : bytes);
  return path;
}

/** The file read by two threads in ranges of `rangeBytes`, and by one thread; and how the first was read. */
async function both(path: string, rangeBytes: number, opts: IngestOptions = {}) {
  let how: ParallelReport | null = null;
  const par = await parseFile(path, { sampleBytes: 256, ...opts, parallel: { minBytes: 0, rangeBytes, threads: 2, report: (h) => (how = h) } }).then(plain, (e: Error) => ({ error: e.message }));
  const one = await parseFile(path, { sampleBytes: 256, ...opts, parallel: false }).then(plain, (e: Error) => ({ error: e.message }));
  return { par, one, how: how as ParallelReport | null };
}

// cells the fast paths take and cells they decline (rejects, quotes, text, odd line ends)
const timeCell = fc.oneof(
  { weight: 10, arbitrary: fc.integer({ min: 0, max: 400 }).map((s) => `2024-01-01T00:${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`) },
  fc.constantFrom('2024-02-30T00:00:00', '', 'x', '"2024-01-01T00:00:09"'),
);
const channelCell = fc.oneof({ weight: 10, arbitrary: fc.constantFrom('0', '1', '2', 'temp') }, fc.constantFrom('', 'late', 'text', '"q,r"'));
const valueCell = fc.oneof(
  { weight: 10, arbitrary: fc.oneof(fc.integer().map(String), fc.constantFrom('-5.0311', '0.1', '1e5')) },
  fc.constantFrom('', 'NA', 'abc', 'inf', '"3"'),
);
const lineEnd = fc.oneof({ weight: 10, arbitrary: fc.constant('\n') }, fc.constantFrom('\r\n', '\n\n', ',extra\n', '\n"open,\n', '"\n'));

describe('a CSV file read by several threads gives exactly what one thread gives', () => {
  it('long layout: rejects, duplicates in and out of order, late and text channels, quotes across splits (property)', async () => {
    const line = fc.tuple(timeCell, channelCell, valueCell, lineEnd).map(([t, c, v, e]) => `${t},${c},${v}${e}`);
    let joined = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(line, { minLength: 20, maxLength: 120 }),
        fc.integer({ min: 8, max: 600 }),
        fc.constantFrom('last', 'first') as fc.Arbitrary<'last' | 'first'>,
        fc.boolean(),
        async (lines, rangeBytes, onDuplicate, bom) => {
          const text = 'timestamp,channel_id,value\n' + '2024-01-01T00:00:00,0,1\n'.repeat(3) + lines.join('');
          const path = file(bom ? '\uFEFF' + text : text);
          const { par, one, how } = await both(path, rangeBytes, { onDuplicate, maxRejects: 7 });
          expect(par).toEqual(one);
          if (how?.joined) joined++;
        },
      ),
      { numRuns: 120 },
    );
    // most files were really read in ranges (else the comparison above proves nothing)
    expect(joined).toBeGreaterThan(60);
  });

  it('wide layout with empty cells', async () => {
    const line = fc.tuple(timeCell, valueCell, valueCell, lineEnd).map(([t, a, b, e]) => `${t},${a},${b}${e}`);
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 20, maxLength: 100 }), fc.integer({ min: 8, max: 500 }), async (lines, rangeBytes) => {
        const path = file('time,a,b\n' + '2024-01-01T00:00:00,1,2\n'.repeat(3) + lines.join(''));
        const { par, one } = await both(path, rangeBytes);
        expect(par).toEqual(one);
      }),
      { numRuns: 60 },
    );
  });

  it('joins the ranges of the default sample with absolute line numbers in the rejects', async () => {
    const chunks = [...sampleCsv({ seconds: 2 })];
    const text = Buffer.concat(chunks).toString('utf8').split('\n');
    // two bad rows, far apart: their line numbers must be those of the whole file
    text[1000] = '2024-01-01 00:00:00.000,3,oops';
    text[15000] = 'nonsense,1,2';
    const path = file(text.join('\n'));
    const { par, one, how } = await both(path, 64 * 1024);
    expect(how).toMatchObject({ joined: true });
    expect(how!.ranges).toBeGreaterThan(5);
    expect(par).toEqual(one);
    const rejects = (par as { summary: { rejects: { line: number; kind: string }[] } }).summary.rejects;
    expect(rejects.map((r) => [r.line, r.kind])).toEqual([
      [1001, 'bad_number'],
      [15001, 'bad_timestamp'],
    ]);
  });

  it('falls back to one thread when a quoted field holds the split, or a range guesses another type than the store has', async () => {
    const rows = Array.from({ length: 200 }, (_, i) => `2024-01-01T00:00:${String(i % 60).padStart(2, '0')}.${String(i).padStart(3, '0')},a,${i}`);
    rows[100] = '2024-01-01T00:09:00,a,"1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16\n17\n18\n19\n20"';
    const quoted = file('time,channel,value\n' + rows.join('\n') + '\n');
    let r = await both(quoted, 64);
    expect(r.par).toEqual(r.one);
    expect(r.how).toMatchObject({ joined: false, reason: 'range_not_at_record_start' });

    const plainRows = file('time,channel,value\n' + rows.filter((_, i) => i !== 100).join('\n') + '\n');
    r = await both(plainRows, 512, { valueTypeOf: (name) => (name === 'a' ? 'string' : undefined) });
    expect(r.how).toMatchObject({ joined: false, reason: 'value_type' });
    expect(r.par).toEqual(r.one);
    expect((r.one as { series: { type: string }[] }).series[0]!.type).toBe('string');

    r = await both(plainRows, 512, { onDuplicate: 'error' });
    expect(r.how).toMatchObject({ joined: false, reason: 'duplicate_error_policy' });
  });

  it('never keeps a process alive: it ends after a threaded parse and after a cancelled one', () => {
    const path = file(Buffer.concat([...sampleCsv({ seconds: 2 })]));
    const child = new URL('./parallel-child.ts', import.meta.url).pathname;
    const run = (mode: string) => execFileSync(process.execPath, ['--import', 'tsx', child, path, mode], { encoding: 'utf8', timeout: 30_000 });
    expect(run('full')).toMatch(/^rows 20000 .*"joined":true/);
    expect(run('cancel').trim()).toBe('cancelled');
  });

  it('reports progress over the whole file and stops on cancel with nothing returned', async () => {
    const path = file(Buffer.concat([...sampleCsv({ seconds: 3 })]));
    const seen: number[] = [];
    let how: ParallelReport | null = null;
    const res = await parseFile(path, { progressIntervalMs: 0, onProgress: (e) => seen.push(e.bytesRead), parallel: { minBytes: 0, rangeBytes: 128 * 1024, threads: 2, report: (h) => (how = h) } });
    expect(how).toMatchObject({ joined: true });
    expect(res.summary.rows).toBe(30_000);
    expect(seen.at(-1)).toBe(res.summary.bytes);
    expect(seen.every((b, i) => i === 0 || b >= seen[i - 1]!)).toBe(true);

    const ctl = new AbortController();
    const cancelled = parseFile(path, { progressIntervalMs: 0, signal: ctl.signal, onProgress: () => ctl.abort(), parallel: { minBytes: 0, rangeBytes: 128 * 1024, threads: 2 } });
    await expect(cancelled).rejects.toMatchObject({ code: 'cancelled' });
  });
});
