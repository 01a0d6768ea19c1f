#!/usr/bin/env node
// `npm run dist`: builds the installers (NSIS on Windows; AppImage + deb on Linux) with electron-builder.
// Needs a machine that can download Electron and its headers (hosted CI runners); see docs/packaging.md.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { distEnv } from './dist-env.mjs';

const npmrc = join(mkdtempSync(join(tmpdir(), 'strata-dist-')), 'npmrc');
writeFileSync(npmrc, '');
const env = distEnv(process.env, npmrc);
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env, shell: process.platform === 'win32' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
run('npm', ['run', 'build']);
run('npx', ['electron-builder', '--config', 'build/electron-builder.yml', '--publish', 'never', ...process.argv.slice(2)]);
