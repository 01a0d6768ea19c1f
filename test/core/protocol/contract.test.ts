import { describe, expect, it } from 'vitest';
import { API_METHODS, CONTRACT, createClient, isApiEvent, isApiMethod, validateCall, type Transport } from '../../../core/protocol/index.js';

describe('service contract', () => {
  it('lists every method once, each with a schema and a positive timeout', () => {
    expect(new Set(API_METHODS).size).toBe(API_METHODS.length);
    for (const m of API_METHODS) {
      expect(CONTRACT[m].timeoutMs).toBeGreaterThan(0);
      expect(typeof CONTRACT[m].args.safeParse).toBe('function');
    }
    expect(API_METHODS).toEqual(expect.arrayContaining(['chart.envelope', 'import.start', 'import.status', 'import.cancel']));
  });

  it('every method refuses unknown argument keys and non-object arguments', () => {
    for (const m of API_METHODS) {
      expect(validateCall(m, { __unexpected: 1 }), m).toMatchObject({ ok: false, error: { code: 'bad_request' } });
      for (const bad of [42, 'text', [1]]) expect(validateCall(m, bad), m).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    }
  });

  it('knows its own methods only (no prototype names)', () => {
    expect(isApiMethod('series.list')).toBe(true);
    expect(isApiMethod('toString')).toBe(false);
    expect(isApiMethod('__proto__')).toBe(false);
    expect(isApiMethod(42)).toBe(false);
  });
});

describe('validateCall', () => {
  it('accepts valid arguments and treats missing ones as {}', () => {
    expect(validateCall('series.list', undefined)).toEqual({ ok: true, value: { method: 'series.list', args: {} } });
    const r = validateCall('chart.envelope', { name: 'a', width: 800, from: null });
    expect(r.ok).toBe(true);
  });

  it('refuses unknown methods', () => {
    const r = validateCall('fs.readFile', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
  });

  it('refuses bad arguments with the path of the first problem', () => {
    const r = validateCall('chart.envelope', { name: 'a', width: 0 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('bad_request');
    expect(r.error.message).toContain('width');
    expect(validateCall('series.info', { name: '' }).ok).toBe(false);
    // Strict objects: an extra key is an error, not silently dropped.
    expect(validateCall('series.list', { evil: 1 }).ok).toBe(false);
    // Timestamps are integer microseconds.
    expect(validateCall('series.get', { name: 'a', from: 1.5 }).ok).toBe(false);
    expect(validateCall('import.start', { path: '/tmp/x.csv', format: 'xml' }).ok).toBe(false);
    expect(validateCall('import.cancel', {}).ok).toBe(false);
  });
});

describe('createClient', () => {
  it('sends method and arguments through the transport and returns its Result', async () => {
    const seen: unknown[] = [];
    const transport: Transport = async (m, a, t) => {
      seen.push([m, a, t]);
      return { ok: true, value: [] };
    };
    const c = createClient(transport);
    expect(await c.call('series.list', {})).toEqual({ ok: true, value: [] });
    expect(seen).toEqual([['series.list', {}, CONTRACT['series.list'].timeoutMs]]);
  });

  it('turns a thrown transport error into a Result', async () => {
    const c = createClient(async () => {
      throw new Error('socket closed');
    });
    expect(await c.call('app.info', {})).toEqual({ ok: false, error: { code: 'transport', message: 'socket closed' } });
  });

  it('times out a call that never answers', async () => {
    const { vi } = await import('vitest');
    vi.useFakeTimers();
    try {
      const c = createClient(() => new Promise(() => {}));
      const p = c.call('app.info', {});
      await vi.advanceTimersByTimeAsync(CONTRACT['app.info'].timeoutMs + 1);
      expect(await p).toMatchObject({ ok: false, error: { code: 'timeout' } });
    } finally {
      vi.useRealTimers();
    }
  });

  it('refuses an unknown method without calling the transport', async () => {
    let called = false;
    const c = createClient(async () => ((called = true), { ok: true, value: 1 }));
    expect(await c.call('nope' as never, {} as never)).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(called).toBe(false);
  });
});

describe('events', () => {
  it('recognises well-formed events only', () => {
    expect(isApiEvent({ topic: 'store.changed', payload: { series: [] } })).toBe(true);
    expect(isApiEvent({ topic: 'shell', payload: {} })).toBe(false);
    expect(isApiEvent({ topic: 'import' })).toBe(false);
    expect(isApiEvent(null)).toBe(false);
  });
});
