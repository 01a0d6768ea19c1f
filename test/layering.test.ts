import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const DEPCRUISE = join(ROOT, 'node_modules', '.bin', 'depcruise');
const CONFIG = join(ROOT, 'build', 'dependency-cruiser.cjs');

function cruise(cwd: string, dirs: string[]) {
  return spawnSync(DEPCRUISE, [...dirs, '--config', CONFIG, '--output-type', 'err'], { cwd, encoding: 'utf8' });
}

describe('layering (DESIGN.md import direction)', () => {
  it('the source tree has no wrong-way imports', () => {
    const r = cruise(ROOT, ['core', 'electron', 'renderer', 'plugins']);
    expect(r.stdout + r.stderr).toMatch(/no dependency violations/);
    expect(r.status).toBe(0);
  });

  it('the check catches core importing electron/ and the renderer importing Node or electron/', () => {
    const r = cruise(join(ROOT, 'test', 'fixtures', 'layering'), ['core', 'renderer']);
    expect(r.status).not.toBe(0);
    const out = r.stdout + r.stderr;
    expect(out).toMatch(/core-is-pure: core\/wrong-way\.ts → electron\/main\.ts/);
    expect(out).toMatch(/renderer-no-node: renderer\/uses-node\.ts → (node:)?fs/);
    expect(out).toMatch(/renderer-no-electron: renderer\/uses-node\.ts → electron\/main\.ts/);
  });
});
