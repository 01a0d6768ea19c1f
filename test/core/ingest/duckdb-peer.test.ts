import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '../../..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? sources(p) : /\.(ts|tsx|js|mjs)$/.test(e.name) ? [p] : [];
  });
}

// DuckDB is the import benchmark's peer (bench/ingest.ts), never part of what ships
describe('the DuckDB peer stays a benchmark-only devDependency', () => {
  it('is a devDependency, not a dependency', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(pkg.dependencies['@duckdb/node-api']).toBeUndefined();
    expect(pkg.devDependencies['@duckdb/node-api']).toMatch(/^\d/);
  });

  it('no file of core/, electron/ or renderer/ mentions it', () => {
    const offenders = ['core', 'electron', 'renderer'].flatMap((d) => sources(join(root, d))).filter((f) => readFileSync(f, 'utf8').includes('@duckdb'));
    expect(offenders).toEqual([]);
  });

  it('the lockfile has every platform binding, each with its os and cpu', () => {
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')).packages as Record<string, { os?: string[]; cpu?: string[]; optional?: boolean }>;
    const bindings = lock['node_modules/@duckdb/node-bindings'] as { optionalDependencies?: Record<string, string> };
    const wanted = Object.keys(bindings.optionalDependencies ?? {});
    expect(wanted.length).toBeGreaterThanOrEqual(6);
    for (const name of wanted) {
      const entry = lock[`node_modules/${name}`];
      expect(entry, name).toBeDefined();
      expect(entry!.optional).toBe(true);
      expect(entry!.os?.length, name).toBeGreaterThan(0);
      expect(entry!.cpu?.length, name).toBeGreaterThan(0);
    }
  });
});
