import { describe, expect, it } from 'vitest';
import { Field, Int32, makeData, RecordBatch, Schema, Struct, Table, TimestampMillisecond, TimestampNanosecond, tableToIPC, Utf8, vectorFromArray, Float64 } from 'apache-arrow';
import { frameFromTable, frameToTable, seriesFromIPC, seriesToIPC } from '../../../core/plugins/index.js';
import { fromInt64, toInt64 } from '../../../core/plugins/series-arrow.js';

describe('int64 timestamps without BigInt', () => {
  it('round-trips µs values exactly, negative and beyond 2^32, as BigInt would', () => {
    const xs = Float64Array.from([0, 1, -1, 2 ** 32, 2 ** 32 + 5, -(2 ** 32) - 7, 1_700_000_000_123_456, -86_400_000_000, 2 ** 53 - 1]);
    const i64 = toInt64(xs);
    expect(Array.from(i64)).toEqual(Array.from(xs, (x) => BigInt(x)));
    const back = new Float64Array(xs.length + 1);
    fromInt64(i64, 1, xs.length - 1, back, 1);
    expect(Array.from(back.subarray(1, xs.length))).toEqual(Array.from(xs.subarray(1)));
  });
});

function table(fields: Field[], data: ReturnType<typeof makeData>[], n: number): Uint8Array {
  return tableToIPC(new Table([new RecordBatch(new Schema(fields), makeData({ type: new Struct(fields), length: n, nullCount: 0, children: data }))]), 'stream');
}

describe('series and frames as plugin tables', () => {
  it('series round trip keeps times, values, tz-awareness; reads ms and ns timestamps and drops missing values', () => {
    const s = { tzaware: false, valueType: 'float64' as const, times: Float64Array.from([1, 2, 3]), values: Float64Array.from([1.5, NaN, 3]) };
    const back = seriesFromIPC(seriesToIPC(s), true);
    expect(back).toEqual({ tzaware: false, valueType: 'float64', times: Float64Array.from([1, 3]), values: Float64Array.from([1.5, 3]) });
    const ms = table([new Field('ts', new TimestampMillisecond('UTC')), new Field('value', new Int32())], [makeData({ type: new TimestampMillisecond('UTC'), data: BigInt64Array.from([1n, 2n]), length: 2 }), makeData({ type: new Int32(), data: Int32Array.from([4, 5]), length: 2 })], 2);
    expect(seriesFromIPC(ms, false)).toEqual({ tzaware: true, valueType: 'float64', times: Float64Array.from([1000, 2000]), values: Float64Array.from([4, 5]) });
    const ns = table([new Field('ts', new TimestampNanosecond(null)), new Field('value', new Utf8())], [makeData({ type: new TimestampNanosecond(null), data: BigInt64Array.from([1500n, 2500n]), length: 2 }), vectorFromArray(['a', 'b'], new Utf8()).data[0]!], 2);
    expect(seriesFromIPC(ns, true)).toEqual({ tzaware: false, valueType: 'string', times: Float64Array.from([1, 2]), values: ['a', 'b'] });
  });

  it('says what is wrong with a bad series table', () => {
    const noValue = table([new Field('ts', new Float64())], [makeData({ type: new Float64(), data: Float64Array.from([1]), length: 1 })], 1);
    expect(() => seriesFromIPC(noValue, true)).toThrow(/needs columns ts and value \(got ts\)/);
    const unordered = seriesToIPC({ tzaware: true, valueType: 'float64', times: Float64Array.from([2, 1]), values: Float64Array.from([1, 2]) });
    expect(() => seriesFromIPC(unordered, true)).toThrow(/not strictly increasing at row 1/);
    expect(() => seriesFromIPC(new Uint8Array([1, 2, 3]), true)).toThrow(/Arrow/);
  });

  it('frames: time and frequency index, units, through the table a plugin sees', () => {
    const f = { indexKind: 'time' as const, index: Float64Array.from([10, 20]), channels: { a: Float64Array.from([1, NaN]), b: Float64Array.from([3, 4]) }, tzaware: true, units: { a: 'degC' } };
    expect(frameFromTable(frameToTable(f), false)).toEqual(f);
    const spec = { indexKind: 'frequency' as const, index: Float64Array.from([0, 0.5]), channels: { p: Float64Array.from([1, 2]) } };
    expect(frameFromTable(frameToTable(spec), true)).toEqual(spec);
  });
});

describe('frames as JSON (standard-library plugins)', () => {
  it('round-trips and says what is wrong', async () => {
    const { frameToJson, frameFromJson } = await import('../../../core/plugins/frame-table.js');
    const f = { indexKind: 'time' as const, index: Float64Array.from([1, 2]), channels: { a: Float64Array.from([1, NaN]) }, tzaware: true };
    const j = frameToJson(f);
    expect(j).toEqual({ index_kind: 'time', index: [1, 2], channels: { a: [1, null] }, tzaware: true });
    expect(frameFromJson(j, false, 'frequency')).toEqual(f);
    expect(() => frameFromJson({ index: [2, 1], channels: {} }, true, 'time')).toThrow(/not strictly increasing at row 1/);
    expect(() => frameFromJson({ index: [1, 2], channels: { a: [1] } }, true, 'time')).toThrow(/channel "a" that is not 2 numbers or nulls/);
    expect(() => frameFromJson({ index: 'x', channels: {} }, true, 'time')).toThrow(/"index" is not a list of numbers/);
    expect(() => frameFromJson({ index: [], channels: {}, index_kind: 'space' }, true, 'time')).toThrow(/index_kind "space"/);
  });
});
