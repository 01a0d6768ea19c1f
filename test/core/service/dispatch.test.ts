import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../core/service/dispatch.js';
import { StrataError } from '../../../core/base/errors.js';
import type { Handlers } from '../../../core/service/service.js';

// Handlers that record what they were given; only the ones a test calls matter.
function fake(over: Partial<Handlers>): Handlers {
  return over as Handlers;
}

describe('dispatch', () => {
  it('runs the handler with the validated arguments', async () => {
    let got: unknown;
    const h = fake({ 'series.info': (a) => ((got = a), { name: a.name } as never) });
    expect(await dispatch(h, 'series.info', { name: 'x' })).toEqual({ ok: true, value: { name: 'x' } });
    expect(got).toEqual({ name: 'x' });
  });

  it('awaits async handlers', async () => {
    const h = fake({ 'series.list': async () => [] });
    expect(await dispatch(h, 'series.list', {})).toEqual({ ok: true, value: [] });
  });

  it('never calls the handler with invalid arguments', async () => {
    let called = false;
    const h = fake({ 'series.info': () => ((called = true), {} as never) });
    const r = await dispatch(h, 'series.info', { name: 7 });
    expect(r).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(called).toBe(false);
    expect(await dispatch(h, 'no.such', {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
  });

  it('turns thrown errors into error Results with their code and details', async () => {
    const h = fake({
      'series.info': () => {
        throw new StrataError('unknown_series', 'no series x', { name: 'x' });
      },
      'series.list': () => {
        throw new TypeError('boom');
      },
      'app.info': async () => Promise.reject(new StrataError('io', 'disk')),
    });
    expect(await dispatch(h, 'series.info', { name: 'x' })).toEqual({ ok: false, error: { code: 'unknown_series', message: 'no series x', details: { name: 'x' } } });
    const r = await dispatch(h, 'series.list', {});
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('boom');
    expect(await dispatch(h, 'app.info', {})).toEqual({ ok: false, error: { code: 'io', message: 'disk' } });
  });
});
