import { StrataError } from '../base/errors.js';
import type { SeriesBuilder } from './builder.js';
import { lineHandlerFor } from './csv-fast.js';
import { CsvRowSink } from './csv-rows.js';
import { type CsvPlan, detectCsv } from './detect.js';
import { sniffBom, type TextEncoding, Utf16ToUtf8 } from './encoding.js';
import { ProgressMeter } from './progress.js';
import { RejectLog } from './rejects.js';
import { CsvTokenizer } from './tokenizer.js';
import type { IngestOptions, IngestResult, ParsedSeries, Reject, SeriesSummary } from './types.js';

/** Copies chunks into one array (only ever used for the small head and sample). */
function concat(parts: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Finishes the builders into series (empty ones dropped) and their summaries. */
export function finishBuilders(builders: Iterable<SeriesBuilder>): { series: ParsedSeries[]; summaries: SeriesSummary[]; duplicates: number } {
  const series: ParsedSeries[] = [];
  const summaries: SeriesSummary[] = [];
  let duplicates = 0;
  for (const b of builders) {
    const s = b.finish();
    duplicates += b.duplicates;
    if (s.times.length === 0) continue;
    series.push({ name: b.name, series: s });
    summaries.push({
      name: b.name, valueType: s.valueType, tzaware: s.tzaware, count: s.times.length, duplicates: b.duplicates,
      first: s.times[0]!, last: s.times[s.times.length - 1]!,
    });
  }
  return { series, summaries, duplicates };
}

/** The row sink and tokenizer reading CSV text of `plan` (`totalBytes`, when known, sizes the builders). */
export function csvReader(plan: CsvPlan, opts: IngestOptions, rejects: RejectLog, totalBytes: number): { sink: CsvRowSink; tok: CsvTokenizer } {
  const sink = new CsvRowSink(plan, opts, rejects, totalBytes);
  const fast = opts.fastPath ?? true;
  const tok = new CsvTokenizer({ delimiter: plan.delimiter.charCodeAt(0), maxFieldBytes: opts.maxFieldBytes, fastPath: fast, lines: fast ? lineHandlerFor(sink) : null }, sink.onRecord);
  return { sink, tok };
}

/**
 * Parses a long or wide CSV from a stream of byte chunks (any chunking gives the same result). Reads the
 * first `sampleBytes` to detect the dialect, then streams; the memory held is the series' columns only.
 * A chunk is used before the next is asked for and never kept, so the source may reuse its buffers.
 */
export async function parseCsv(source: AsyncIterable<Uint8Array>, opts: IngestOptions = {}): Promise<IngestResult> {
  const sampleBytes = opts.sampleBytes ?? 64 * 1024;
  const meter = new ProgressMeter(opts.onProgress, opts.signal, opts.totalBytes ?? null, opts.progressIntervalMs);
  const rejects = new RejectLog(opts.maxRejects);
  const st = {
    encoding: null as TextEncoding | null,
    head: [] as Uint8Array[],
    headLen: 0,
    utf16: null as Utf16ToUtf8 | null,
    sample: [] as Uint8Array[],
    sampleLen: 0,
    sink: null as CsvRowSink | null,
    tok: null as CsvTokenizer | null,
  };

  const start = (complete: boolean): CsvTokenizer => {
    const all = concat(st.sample, st.sampleLen);
    st.sample = [];
    const plan = detectCsv(all.subarray(0, Math.min(sampleBytes, all.length)), complete && all.length <= sampleBytes, opts);
    // UTF-16 bytes do not tell the size of the UTF-8 text the sample measured
    const { sink, tok } = csvReader(plan, opts, rejects, st.utf16 ? 0 : opts.totalBytes ?? 0);
    st.sink = sink;
    st.tok = tok;
    tok.push(all);
    return tok;
  };
  const feed = (utf8: Uint8Array): void => {
    if (utf8.length === 0) return;
    if (st.tok) return st.tok.push(utf8);
    st.sample.push(utf8.slice());
    st.sampleLen += utf8.length;
    if (st.sampleLen > sampleBytes) start(false);
  };
  const decode = (raw: Uint8Array): void => feed(st.utf16 ? st.utf16.push(raw) : raw);
  const sniff = (): void => {
    const all = concat(st.head, st.headLen);
    st.head = [];
    const bom = sniffBom(all);
    st.encoding = bom.encoding;
    if (bom.encoding !== 'utf-8') st.utf16 = new Utf16ToUtf8(bom.encoding === 'utf-16be');
    decode(all.subarray(bom.bomLength));
  };

  let bytes = 0;
  for await (const chunk of source) {
    bytes += chunk.length;
    if (st.encoding === null) {
      st.head.push(chunk.slice());
      st.headLen += chunk.length;
      if (st.headLen >= 3) sniff();
    } else decode(chunk);
    meter.tick(bytes, st.sink?.rows ?? 0);
  }
  if (st.encoding === null) sniff();
  if (st.utf16) feed(st.utf16.end());
  if (!st.tok && st.sampleLen === 0) throw new StrataError('bad_input', 'the file is empty');
  const tok = st.tok ?? start(true);
  tok.end();
  const sink = st.sink!;
  meter.tick(bytes, sink.rows, true);
  return csvResult(sink.plan, sink.builders.values(), { rows: sink.rows, accepted: sink.accepted, rejected: rejects.count, rejects: rejects.list, bytes });
}

/** A CSV parse's result: the builders finished into series, with the summary of the rows read. */
export function csvResult(plan: CsvPlan, builders: Iterable<SeriesBuilder>, read: { rows: number; accepted: number; rejected: number; rejects: Reject[]; bytes: number }): IngestResult {
  const { series, summaries, duplicates } = finishBuilders(builders);
  const { types: _types, tzaware: _tz, density: _density, ...dialect } = plan;
  return {
    series,
    summary: {
      format: dialect.layout, series: summaries, rows: read.rows, accepted: read.accepted, rejected: read.rejected,
      rejects: read.rejects, rejectsTruncated: read.rejected > read.rejects.length, duplicates, bytes: read.bytes, dialect,
    },
  };
}
