import { describe, expect, it } from 'vitest';
import { canonicalJson, definitionHashes, frameFromIPC, frameToIPC, nodeKey } from '../../../core/dag/index.js';
import type { Frame } from '../../../core/ops/index.js';

describe('canonical config and cache keys', () => {
  it('canonical JSON sorts keys at every level and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: undefined, x: 2 }], c: 'é' } })).toBe('{"a":{"c":"é","d":[1,{"x":2,"z":1}]},"b":1}');
    expect(() => canonicalJson({ a: NaN })).toThrow(/non-finite/);
  });

  it('a key changes with op, op version, config, input keys and external state — not with key order', () => {
    const base = { op: 'filter', version: 1, config: { a: 1, b: 2 }, inputs: ['k1'], external: undefined };
    const k = nodeKey(base);
    expect(k).toMatch(/^[0-9a-f]{64}$/);
    expect(nodeKey({ ...base, config: { b: 2, a: 1 } })).toBe(k);
    for (const changed of [
      { ...base, op: 'fft' },
      { ...base, version: 2 },
      { ...base, config: { a: 1, b: 3 } },
      { ...base, inputs: ['k2'] },
      { ...base, inputs: ['k1', 'k1'] },
      { ...base, external: { revision: '2024-01-01T00:00:00Z' } },
    ]) {
      expect(nodeKey(changed)).not.toBe(k);
    }
  });

  it('definition hashes change for an edited node and everything downstream of it', () => {
    const nodes = [
      { id: 'a', op: 'series', config: { name: 'x' }, inputs: [] },
      { id: 'b', op: 'fft', config: {}, inputs: ['a'] },
      { id: 'c', op: 'series', config: { name: 'y' }, inputs: [] },
    ];
    const before = definitionHashes(nodes, ['a', 'c', 'b']);
    const after = definitionHashes([{ ...nodes[0]!, config: { name: 'z' } }, nodes[1]!, nodes[2]!], ['a', 'c', 'b']);
    expect(after.get('a')).not.toBe(before.get('a'));
    expect(after.get('b')).not.toBe(before.get('b'));
    expect(after.get('c')).toBe(before.get('c'));
  });
});

describe('frames as Arrow IPC', () => {
  it('round-trips index kind, tz-awareness, channels (NaN kept), units and odd channel names', () => {
    const frame: Frame = {
      indexKind: 'time',
      index: new Float64Array([1, 2, 3]),
      channels: { temp: new Float64Array([1.5, NaN, -0]), 'index': new Float64Array([7, 8, 9]), 'x "y" é': new Float64Array([0, 0, 1e300]) },
      tzaware: true,
      units: { temp: '°F' },
    };
    const back = frameFromIPC(frameToIPC(frame));
    expect(back).toEqual(frame);
    expect(Object.keys(back.channels)).toEqual(['temp', 'index', 'x "y" é']);
    expect(Object.is(back.channels['temp']![2], -0)).toBe(true);
  });

  it('round-trips a frequency frame and an empty frame', () => {
    const spec: Frame = { indexKind: 'frequency', index: new Float64Array([0, 0.5]), channels: { a: new Float64Array([1, 2]) } };
    expect(frameFromIPC(frameToIPC(spec))).toEqual(spec);
    const empty: Frame = { indexKind: 'time', index: new Float64Array(0), channels: { a: new Float64Array(0) }, tzaware: false };
    expect(frameFromIPC(frameToIPC(empty))).toEqual(empty);
  });

  it('rejects bytes that are not a Strata frame', () => {
    expect(() => frameFromIPC(new Uint8Array([1, 2, 3]))).toThrow();
  });
});
