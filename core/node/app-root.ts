// Node-only: where the installed app's files are (the folder holding Strata's package.json).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | null = null;

/** Walks up from this module (in core/ or dist/core/) to the package root. */
export function appRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).name === 'strata') return (cached = dir);
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the Strata package root');
    dir = up;
  }
}

/** The built renderer (vite build output). */
export function rendererDir(): string {
  return join(appRoot(), 'renderer-dist');
}
