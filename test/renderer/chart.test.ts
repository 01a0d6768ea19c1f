import { describe, expect, it } from 'vitest';
import type { Envelope, SeriesSummary } from '../../core/protocol/index.js';
import { envelopeToXY, pointCount } from '../../renderer/src/chart/points.js';
import { valueAt, readings } from '../../renderer/src/chart/cursors.js';
import { MIN_SPAN_MS, panWindow, wheelScale, zoomWindow } from '../../renderer/src/chart/zoom.js';
import { paneOption, paneShape, paneUpdate, type Row } from '../../renderer/src/chart/options.js';

const pairs = (xy: Float64Array) => Array.from({ length: pointCount(xy) }, (_, i) => [xy[2 * i], xy[2 * i + 1]]);

describe('chart points', () => {
  it('raw points become [ms, value] pairs', () => {
    const env: Envelope = { mode: 'raw', name: 'x', tzaware: true, from: null, to: null, times: [1000, 2000, 3500], values: [1, -2, 3] };
    expect(pairs(envelopeToXY(env))).toEqual([
      [1, 1],
      [2, -2],
      [3.5, 3],
    ]);
  });

  it('each column becomes its first, min, max and last points in time order, without repeats', () => {
    const env: Envelope = {
      mode: 'columns',
      name: 'x',
      tzaware: true,
      from: null,
      to: null,
      count: 9,
      binSize: 1,
      // Column 1: max before min. Column 2: the first point is the min, the last the max. Column 3: one point.
      tFirst: [1000, 5000, 9000],
      tLast: [4000, 8000, 9000],
      tMin: [3000, 5000, 9000],
      tMax: [2000, 8000, 9000],
      min: [-5, 0, 7],
      max: [50, 9, 7],
      first: [1, 0, 7],
      last: [2, 9, 7],
    };
    expect(pairs(envelopeToXY(env))).toEqual([
      [1, 1],
      [2, 50],
      [3, -5],
      [4, 2],
      [5, 0],
      [8, 9],
      [9, 7],
    ]);
  });

  it('reads the value at a time: the last point at or before it, the first before them all', () => {
    const xy = Float64Array.of(10, 1, 20, 2, 30, 3);
    expect([5, 10, 15, 20, 29.9, 30, 99].map((t) => valueAt(xy, t))).toEqual([1, 1, 1, 2, 2, 3, 3]);
    expect(valueAt(new Float64Array(0), 5)).toBeNull();
    expect(readings([{ name: 'x', xy }], 10, 30)).toEqual([{ name: 'x', a: 1, b: 3, delta: 2 }]);
  });
});

describe('zoom and pan', () => {
  it('the wheel zooms in when scrolled up, out when down, bounded per event', () => {
    expect(wheelScale(-300, 0)).toBeCloseTo(Math.exp(0.6));
    expect(wheelScale(300, 0)).toBeCloseTo(Math.exp(-0.6));
    expect(wheelScale(-3, 1)).toBeGreaterThan(1);
    expect(wheelScale(-1e6, 0)).toBe(8);
    expect(wheelScale(1e6, 0)).toBe(1 / 8);
  });

  it('keeps the time under the mouse in place, and shows everything once the window holds all the data', () => {
    const w = zoomWindow([0, 100], 25, 2, [0, 100])!;
    expect(w).toEqual([12.5, 62.5]);
    // 25 was a quarter into the window, and still is.
    expect((25 - w[0]) / (w[1] - w[0])).toBeCloseTo(0.25);
    expect(zoomWindow(w, 25, 0.4, [0, 100])).toBeNull();
    // Past the data the window may still grow (zoom out from a window beside the data).
    expect(zoomWindow([200, 300], 250, 0.5, [0, 100])).toEqual([150, 350]);
    const tiny = zoomWindow([10, 10.001], 10, 8, null)!;
    expect(tiny[1] - tiny[0]).toBeCloseTo(MIN_SPAN_MS);
  });

  it('dragging right shows earlier times', () => {
    expect(panWindow([100, 200], 50, 0.5)).toEqual([75, 175]);
    expect(panWindow([100, 200], -10, 2)).toEqual([120, 220]);
  });
});

describe('pane options', () => {
  const s = (name: string, unit: string): SeriesSummary => ({ name, kind: 'primary', valueType: 'float64', tzaware: true, unit, count: 2, first: 0, last: 1000 });
  const rows: Row[] = [
    { s: s('a', 'V'), xy: Float64Array.of(0, 1, 1, 2) },
    { s: s('b', 'A'), xy: Float64Array.of(0, 3, 1, 4) },
  ];

  it('the full option has one y axis per unit, typed-array data and no sampling or progressive drawing', () => {
    const o = paneOption(rows, [0, 1], false, 400);
    expect(o.yAxis.map((a) => a.name)).toEqual(['V', 'A']);
    expect(o.series.map((x) => [x.id, x.yAxisIndex, x.data instanceof Float64Array, x.progressive, x.sampling])).toEqual([
      ['a', 0, true, 0, undefined],
      ['b', 1, true, 0, undefined],
    ]);
    expect(o.xAxis[0]).toMatchObject({ min: 0, max: 1 });
    expect('dataZoom' in o || 'tooltip' in o).toBe(false);
    expect(paneOption(rows, [0, 1], true, 400).grid).toHaveLength(2);
  });

  it('a zoom step updates only points and time range; the shape changes with series, lanes or height', () => {
    const u = paneUpdate(rows, [0.2, 0.8], true);
    expect(Object.keys(u).sort()).toEqual(['series', 'xAxis']);
    expect(u.xAxis).toEqual([
      { min: 0.2, max: 0.8 },
      { min: 0.2, max: 0.8 },
    ]);
    expect(u.series.map((x) => x.id)).toEqual(['a', 'b']);
    const shape = paneShape(rows, false, 400);
    expect(paneShape([...rows], false, 400.2)).toBe(shape);
    expect(paneShape(rows, true, 400)).not.toBe(shape);
    expect(paneShape(rows, false, 500)).not.toBe(shape);
    expect(paneShape(rows.slice(0, 1), false, 400)).not.toBe(shape);
  });
});
