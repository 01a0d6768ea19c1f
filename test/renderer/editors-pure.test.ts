import { describe, expect, it } from 'vitest';
import { plotOption, visibleCsv, extentOf, type PlotSpec } from '../../renderer/src/plot/option.js';
import { seriesCsv } from '../../renderer/src/plot/csv.js';
import { rank, score } from '../../renderer/src/commands/match.js';
import { History } from '../../renderer/src/commands/undo.js';
import { Latest, STALE, debounce } from '../../renderer/src/ui/latest.js';
import { parseRevision, revisionText } from '../../renderer/src/ui/time.js';
import { frameSpec } from '../../renderer/src/workflow/outputs.js';

// The editors' pure parts (the e2e tests drive them in Chromium; these pin their rules).
const T = Date.UTC(2024, 0, 1);

describe('editor charts', () => {
  const spec: PlotSpec = {
    lines: [
      { name: 'a', unit: 'degC', points: [[T, 1], [T + 1000, 2], [T + 2000, null]] },
      { name: 'b', points: [[T + 1000, 5], [T + 3000, 6]] },
    ],
    xKind: 'time',
    bands: [
      { from: T + 500, to: T + 1500 },
      { from: T + 2500, to: null },
    ],
  };

  it('draws spans as markArea bands (an open span runs to the end of the data) and one y axis per unit', () => {
    const o = plotOption(spec, false);
    expect(o.yAxis.map((y) => y.name)).toEqual(['degC', '']);
    expect(o.series[1]!.yAxisIndex).toBe(1);
    const areas = (o.series[0] as unknown as { markArea: { data: [{ xAxis: number }, { xAxis: number }][] } }).markArea.data;
    expect(areas.map(([a, b]) => [a.xAxis - T, b.xAxis - T])).toEqual([
      [500, 1500],
      [2500, 3000],
    ]);
    expect('markArea' in o.series[1]!).toBe(false);
    expect(extentOf(spec)).toEqual([T, T + 3000]);
    // A view zooms inside the extent.
    expect(plotOption({ ...spec, view: [T + 750, T + 2250] }, true).dataZoom[0]).toMatchObject({ start: 25, end: 75 });
  });

  it('exports the visible range as CSV: a row per time, empty cells for no value', () => {
    expect(visibleCsv(spec, [T + 500, T + 3000])).toBe(
      ['time,a [degC],b', '2024-01-01T00:00:01Z,2,5', '2024-01-01T00:00:02Z,,', '2024-01-01T00:00:03Z,,6', ''].join('\n'),
    );
    expect(visibleCsv({ lines: [{ name: 'x,"y"', points: [[1.5, 2]] }], xKind: 'value', xName: 'frequency (Hz)' }, null)).toBe('frequency (Hz),"x,""y"""\n1.5,2\n');
  });

  it('writes stored series as CSV with exact microsecond timestamps', () => {
    const us = T * 1000;
    const csv = seriesCsv([
      { name: 'a', tzaware: true, times: [us, us + 1], values: [1.5, null] },
      { name: 'b', tzaware: true, times: [us + 1, us + 2], values: ['on', 3] },
    ]);
    expect(csv).toBe(['time,a,b', '2024-01-01T00:00:00Z,1.5,', '2024-01-01T00:00:00.000001Z,,on', '2024-01-01T00:00:00.000002Z,,3', ''].join('\n'));
  });

  it('charts a node output over time or frequency', () => {
    const s = frameSpec({ indexKind: 'frequency', tzaware: false, index: [0, 0.5], channels: { value: [1, null] }, units: { value: 'V' }, truncated: false });
    expect(s).toMatchObject({ xKind: 'value', xName: 'frequency (Hz)', lines: [{ name: 'value', unit: 'V', points: [[0, 1], [0.5, null]] }] });
    const t = frameSpec({ indexKind: 'time', tzaware: true, index: [T * 1000], channels: { v: [2] }, truncated: false });
    expect(t.lines[0]!.points).toEqual([[T, 2]]);
  });
});

describe('palette, undo, stale answers, revision dates', () => {
  it('ranks commands: substring first, then in-order letters; no match is left out', () => {
    const items = [{ title: 'Copy chart as PNG' }, { title: 'Copy chart as SVG' }, { title: 'Export visible range as CSV' }, { title: 'Undo' }];
    expect(rank('svg', items).map((x) => x.title)).toEqual(['Copy chart as SVG']);
    expect(rank('cpng', items).map((x) => x.title)).toEqual(['Copy chart as PNG']);
    expect(rank('', items)).toHaveLength(4);
    expect(score('zzz', 'Undo')).toBeNull();
  });

  it('undo / redo over states, bounded, with quiet replacements', () => {
    const h = new History(0, 3);
    for (const v of [1, 2, 3, 4]) h.push(v);
    expect([h.undo(), h.undo(), h.undo(), h.undo()]).toEqual([3, 2, 1, 1]);
    expect(h.canUndo).toBe(false);
    expect(h.redo()).toBe(2);
    h.push(9);
    expect(h.canRedo).toBe(false);
    h.replace(10);
    expect(h.undo()).toBe(2);
    expect(h.redo()).toBe(10);
  });

  it('drops the answer of a request overtaken by a newer one', async () => {
    const l = new Latest();
    let release!: () => void;
    const slow = l.run(() => new Promise<string>((r) => (release = () => r('old'))));
    const fast = l.run(async () => 'new');
    release();
    expect(await slow).toBe(STALE);
    expect(await fast).toBe('new');
    let calls = 0;
    const d = debounce(() => calls++, 20);
    d();
    d();
    d();
    await new Promise((r) => setTimeout(r, 60));
    expect(calls).toBe(1);
  });

  it('reads and writes revision dates exactly', () => {
    const us = T * 1000 + 123_456;
    expect(parseRevision(revisionText(us))).toEqual({ us });
    expect(parseRevision('')).toEqual({ us: null });
    expect(parseRevision('2024-01-01')).toEqual({ us: T * 1000 });
    expect(parseRevision('yesterday')).toHaveProperty('error');
  });
});
