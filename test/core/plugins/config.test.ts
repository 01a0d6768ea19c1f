import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Disposable } from '../../../core/base/index.js';
import { parseManifest, type Manifest } from '../../../core/plugins/index.js';
import { loadPluginConfig, scanLibraries, watchLibraries, watchPluginConfig, type ConfigResult } from '../../../core/plugins/node/index.js';
import { tempDir } from '../../helpers/cli.js';

const dispose: Disposable[] = [];
const temps: Array<{ cleanup(): void }> = [];
afterEach(() => {
  for (const d of dispose.splice(0)) d.dispose();
  for (const t of temps.splice(0)) t.cleanup();
});

const MANIFEST = {
  name: 'despike',
  version: '1',
  kind: 'hooks',
  entry: 'main.mjs',
  capabilities: ['hook'],
  config_schema: { type: 'object', properties: { threshold: { type: 'number', minimum: 0 } }, required: ['threshold'], additionalProperties: false },
};

function pluginDir(config?: unknown): { lib: string; dir: string; manifest: Manifest } {
  const t = tempDir();
  temps.push(t);
  const dir = join(t.dir, 'hooks', 'clean', 'despike');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'plugin.json'), JSON.stringify(MANIFEST));
  writeFileSync(join(dir, 'main.mjs'), '');
  if (config !== undefined) writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
  const m = parseManifest(JSON.stringify(MANIFEST));
  if (!m.ok) throw new Error(m.error);
  return { lib: t.dir, dir, manifest: m.manifest };
}

const next = <T>(fn: (cb: (x: T) => void) => Disposable): Promise<T> =>
  new Promise((resolve) => {
    const d = fn((x) => {
      d.dispose();
      resolve(x);
    });
    dispose.push(d);
  });

describe('plugin configuration', () => {
  it('loads config.json validated against the declared schema', () => {
    expect(loadPluginConfig(pluginDir({ threshold: 3 }).dir, pluginDir().manifest)).toEqual({ ok: true, config: { threshold: 3 } });
    const p = pluginDir({ threshold: -1 });
    expect(loadPluginConfig(p.dir, p.manifest)).toMatchObject({ ok: false, error: expect.stringMatching(/^config\.json: threshold: /) });
    const missing = pluginDir();
    expect(loadPluginConfig(missing.dir, missing.manifest)).toMatchObject({ ok: false });
  });

  it('reads config.yaml / config.yml the same way, and refuses two config files', () => {
    const p = pluginDir();
    writeFileSync(join(p.dir, 'config.yaml'), '# tuned by hand\nthreshold: 4.5\n');
    expect(loadPluginConfig(p.dir, p.manifest)).toEqual({ ok: true, config: { threshold: 4.5 } });
    writeFileSync(join(p.dir, 'config.yaml'), 'threshold: [1, 2\n');
    expect(loadPluginConfig(p.dir, p.manifest)).toMatchObject({ ok: false, error: expect.stringMatching(/^config\.yaml is not YAML: /) });
    writeFileSync(join(p.dir, 'config.yaml'), 'threshold: high\n');
    expect(loadPluginConfig(p.dir, p.manifest)).toMatchObject({ ok: false, error: expect.stringMatching(/^config\.yaml: threshold: /) });
    writeFileSync(join(p.dir, 'config.yaml'), '- 1\n- 2\n');
    expect(loadPluginConfig(p.dir, p.manifest)).toEqual({ ok: false, error: 'config.yaml must hold a mapping' });
    const y = pluginDir();
    writeFileSync(join(y.dir, 'config.yml'), 'threshold: 2');
    expect(loadPluginConfig(y.dir, y.manifest)).toEqual({ ok: true, config: { threshold: 2 } });
    writeFileSync(join(y.dir, 'config.json'), '{"threshold": 3}');
    expect(loadPluginConfig(y.dir, y.manifest)).toEqual({ ok: false, error: 'both config.json and config.yml exist: keep one' });
  });

  it('reloads a YAML configuration when it changes', async () => {
    const p = pluginDir();
    writeFileSync(join(p.dir, 'config.yaml'), 'threshold: 1');
    const reloaded = next<ConfigResult>((cb) => watchPluginConfig(p.dir, p.manifest, cb, 20));
    await new Promise((r) => setTimeout(r, 50));
    writeFileSync(join(p.dir, 'config.yaml'), 'threshold: 7');
    expect(await reloaded).toEqual({ ok: true, config: { threshold: 7 } });
  });

  it('reports an invalid config as a plugin error in the scan', async () => {
    const p = pluginDir({ threshold: 'high' });
    const [e] = await scanLibraries([p.lib], { probe: false });
    expect(e).toMatchObject({ name: 'despike', status: 'error', error: expect.stringMatching(/config\.json: threshold/) });
  });

  it('reloads the configuration when the file changes', async () => {
    const p = pluginDir({ threshold: 1 });
    const reloaded = next<ConfigResult>((cb) => watchPluginConfig(p.dir, p.manifest, cb, 20));
    await new Promise((r) => setTimeout(r, 50));
    writeFileSync(join(p.dir, 'config.json'), JSON.stringify({ threshold: 5 }));
    expect(await reloaded).toEqual({ ok: true, config: { threshold: 5 } });
    const bad = next<ConfigResult>((cb) => watchPluginConfig(p.dir, p.manifest, cb, 20));
    await new Promise((r) => setTimeout(r, 50));
    writeFileSync(join(p.dir, 'config.json'), '{"threshold": ');
    expect(await bad).toMatchObject({ ok: false, error: expect.stringMatching(/not JSON/) });
  });

  it('signals a change anywhere below a library folder, so the app re-scans', async () => {
    const p = pluginDir({ threshold: 1 });
    const changed = next<void>((cb) => watchLibraries([p.lib, join(p.lib, 'missing')], () => cb(undefined), 20));
    await new Promise((r) => setTimeout(r, 50));
    mkdirSync(join(p.lib, 'analysis', 'new_group', 'new_plugin'), { recursive: true });
    await expect(changed).resolves.toBeUndefined();
  });
});
