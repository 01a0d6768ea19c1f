import { describe, expect, it } from 'vitest';
import { checkLibrary, hookOrder, parseManifest, type Manifest, type PluginEntry } from '../../../core/plugins/index.js';

function plugin(name: string, hooks: Array<Partial<Manifest['hooks'][number]> & { id: string }>): { name: string; manifest: Manifest } {
  const m = parseManifest(JSON.stringify({ name, version: '1', kind: 'hooks', entry: 'main.mjs', capabilities: ['hook'], hooks: hooks.map((h) => ({ on: 'correlation', ...h })) }));
  if (!m.ok) throw new Error(m.error);
  return { name, manifest: m.manifest };
}

describe('hookOrder', () => {
  it('runs a hook that may change a series before every hook that depends on it', () => {
    const ps = [
      plugin('report', [{ id: 'r', depends_on: ['ratio'] }]),
      plugin('derive', [{ id: 'd', depends_on: ['clean'], may_change: ['ratio'] }]),
      plugin('clean', [{ id: 'c', depends_on: ['raw'], may_change: ['clean'] }]),
    ];
    expect(hookOrder(ps)).toEqual({ order: ['clean/c', 'derive/d', 'report/r'], issues: [] });
  });

  it('ignores schedule and new-revision hooks, and a hook writing what it reads', () => {
    const ps = [
      plugin('a', [{ id: 'self', depends_on: ['x'], may_change: ['x'] }]),
      plugin('b', [{ id: 'cron', on: 'schedule', cron: '*/5 * * * *', may_change: ['x'] }]),
    ];
    expect(hookOrder(ps)).toEqual({ order: ['a/self'], issues: [] });
  });

  it('reports each cycle with the hooks on it, and orders the rest', () => {
    const ps = [
      plugin('p', [
        { id: 'a', depends_on: ['s3'], may_change: ['s1'] },
        { id: 'b', depends_on: ['s1'], may_change: ['s2'] },
        { id: 'c', depends_on: ['s2'], may_change: ['s3'] },
        { id: 'free', depends_on: ['raw'], may_change: ['t'] },
        { id: 'x', depends_on: ['y'], may_change: ['x'] },
        { id: 'y', depends_on: ['x'], may_change: ['y'] },
      ]),
    ];
    const r = hookOrder(ps);
    expect(r.order).toEqual(['p/free']);
    expect(r.issues.map((i) => i.cycle)).toEqual([
      ['p/a', 'p/b', 'p/c', 'p/a'],
      ['p/x', 'p/y', 'p/x'],
    ]);
    expect(r.issues[0]).toMatchObject({ code: 'cycle', message: 'correlation hooks form a cycle: p/a → p/b → p/c → p/a' });
  });
});

describe('parseManifest', () => {
  const base = { name: 'p', version: '1', kind: 'hooks', entry: 'main.mjs', capabilities: ['hook'] };
  const err = (m: unknown) => {
    const r = parseManifest(JSON.stringify(m));
    return r.ok ? null : r.error;
  };
  it('accepts a full manifest and fills hook defaults', () => {
    const r = parseManifest(JSON.stringify({ ...base, hooks: [{ id: 'h', on: 'new-revision', series: ['raw'] }] }));
    expect(r.ok && r.manifest.hooks[0]).toEqual({ id: 'h', on: 'new-revision', series: ['raw'], depends_on: [], may_change: [] });
  });
  it('names what is wrong', () => {
    expect(err({ ...base, entry: undefined })).toMatch(/exactly one of "entry" or "command"/);
    expect(err({ ...base, capabilities: ['fly'] })).toMatch(/capabilities\.0/);
    expect(err({ ...base, extra: 1 })).toMatch(/extra/);
    expect(err({ ...base, hooks: [{ id: 'h', on: 'schedule' }] })).toMatch(/needs "cron"/);
    expect(err({ ...base, hooks: [{ id: 'h', on: 'schedule', cron: '* * *' }] })).toMatch(/expected 5 or 6 fields/);
    expect(err({ ...base, hooks: [{ id: 'h', on: 'new-revision' }] })).toMatch(/needs "series"/);
    expect(err({ ...base, hooks: [{ id: 'h', on: 'correlation', depends_on: [' raw'] }] })).toMatch(/hooks\.0\.depends_on\.0: a series path has leading or trailing blanks/);
    expect(err({ ...base, hooks: [{ id: 'h', on: 'correlation' }, { id: 'h', on: 'correlation' }] })).toMatch(/duplicate hook id "h"/);
    expect(err({ ...base, capabilities: ['analyze'], hooks: [{ id: 'h', on: 'correlation' }] })).toMatch(/declares the "hook" capability/);
    expect(parseManifest('{').ok).toBe(false);
  });
});

describe('checkLibrary', () => {
  it('lists plugins with errors, reports duplicate names and hook cycles', () => {
    const ok = (name: string, hooks: Parameters<typeof plugin>[1]): PluginEntry => ({ ...plugin(name, hooks), kind: 'hooks', group: 'g', capabilities: ['hook'], path: `/lib/${name}`, status: 'ok', runtime: 'manifest' });
    const entries: PluginEntry[] = [
      ok('a', [{ id: 'h', depends_on: ['y'], may_change: ['x'] }]),
      ok('b', [{ id: 'h', depends_on: ['x'], may_change: ['y'] }]),
      { ...ok('a', []), path: '/lib2/a' },
      { name: 'bad', kind: 'hooks', group: 'g', capabilities: [], path: '/lib/bad', status: 'error', error: 'plugin.json is not JSON', runtime: 'manifest' },
    ];
    const r = checkLibrary(entries);
    expect(r.plugins).toEqual([
      { name: 'a', status: 'ok' },
      { name: 'b', status: 'ok' },
      { name: 'a', status: 'ok' },
      { name: 'bad', status: 'error', error: 'plugin.json is not JSON' },
    ]);
    expect(r.errors.map((e) => e.code)).toEqual(['duplicate_plugin', 'cycle']);
    expect(r.errors[1]!.cycle).toEqual(['a/h', 'b/h', 'a/h']);
    expect(r.hook_order).toEqual([]);
  });
});
