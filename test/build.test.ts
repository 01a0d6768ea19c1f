import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
// @ts-expect-error plain .mjs build script without types
import { distEnv } from '../build/dist-env.mjs';

const ROOT = join(import.meta.dirname, '..');

describe('packaging', () => {
  it('drops nodedir settings and the user npmrc so native modules rebuild for Electron', () => {
    const env = distEnv({ PATH: '/bin', npm_config_nodedir: '/usr', NPM_CONFIG_NODEDIR: '/usr', HOME: '/h' }, '/tmp/empty');
    expect(env).toEqual({ PATH: '/bin', HOME: '/h', NPM_CONFIG_USERCONFIG: '/tmp/empty' });
  });

  it('electron-builder targets NSIS, AppImage and deb, unpacks better-sqlite3 and rebuilds it', () => {
    const yml = readFileSync(join(ROOT, 'build', 'electron-builder.yml'), 'utf8');
    for (const needle of ['target: nsis', '- AppImage', '- deb', 'node_modules/better-sqlite3/**', 'npmRebuild: true', 'main: dist/electron/main.js', 'icon: build/resources/icon.png']) {
      expect(yml).toContain(needle);
    }
    const png = readFileSync(join(ROOT, 'build', 'resources', 'icon.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(256);
  });

  it('electron is pinned exactly (its binary is fetched on first start, never at npm ci)', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.devDependencies.electron).toMatch(/^\d+\.\d+\.\d+$/);
    expect(pkg.dependencies['better-sqlite3']).toMatch(/^12\./);
  });
});
