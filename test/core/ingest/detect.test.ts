import { describe, expect, it } from 'vitest';
import { detectCsv } from '../../../core/ingest/detect.js';
import { SeriesBuilder } from '../../../core/ingest/builder.js';
import { CsvRowSink } from '../../../core/ingest/csv-rows.js';
import { RejectLog } from '../../../core/ingest/rejects.js';

describe('detection sample density', () => {
  // 29 bytes per row: `2024-01-01T00:00:00,<c>,<vvvvvvv>`
  const header = 'timestamp,channel_id,value\n';
  const rows = Array.from({ length: 5000 }, (_, i) => `2024-01-01T${String(Math.floor(i / 3600) % 24).padStart(2, '0')}:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')},${i % 2},${String(i % 1e6).padStart(6, '0')}\n`);
  const sample = new TextEncoder().encode(header + rows.join('')).subarray(0, 64 * 1024);

  it('measures the bytes of the rows it sampled, from the sample start (not from the tokenizer buffer)', () => {
    const plan = detectCsv(sample, false, {});
    expect(rows[0]!.length).toBe(29);
    expect(plan.density.rows).toBe(999); // 1,000 records sampled, the header one of them
    // up to the last sampled record's end (its line break not counted)
    expect(plan.density.bytes).toBe(header.length + 999 * 29 - 1);
    expect(plan.density.counts.get('0')).toBe(500);
  });

  it('sizes a series builder near the points the file will hold, not a multiple of them', () => {
    const plan = detectCsv(sample, false, {});
    const totalBytes = header.length + 5000 * 29;
    const sink = new CsvRowSink(plan, {}, new RejectLog(), totalBytes);
    const b = (sink as unknown as { builder(name: string, raw: string): SeriesBuilder }).builder('0', '0');
    // 2,500 points of channel 0 in the file: the estimate (2 % margin) stays within a few percent
    expect(b.times.length).toBeGreaterThanOrEqual(2500);
    expect(b.times.length).toBeLessThan(2700);
  });
});
