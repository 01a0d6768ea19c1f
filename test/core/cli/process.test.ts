import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { tempDir } from '../../helpers/cli.js';

// The real executable path: a separate Node process, real stdin/stdout/stderr and exit codes.
const ROOT = join(import.meta.dirname, '..', '..', '..');
function strata(args: string[], input?: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'core/cli/bin.ts'), ...args], { input, encoding: 'utf8', cwd: ROOT });
}

describe('strata as a process', () => {
  it('pipes points through stdin and exits 0, 1 and 2 as documented', () => {
    const t = tempDir();
    try {
      const db = join(t.dir, 's.db');
      const put = strata(['series', 'put', 'x', '-', '--db', db], '[["2024-01-01T00:00:00Z", 3]]');
      expect(put.status).toBe(0);
      const get = strata(['series', 'get', 'x', '--db', db, '--json']);
      expect(JSON.parse(get.stdout)).toEqual({ name: 'x', points: [['2024-01-01T00:00:00Z', 3]] });
      const missing = strata(['series', 'get', 'y', '--db', db, '--json']);
      expect(missing.status).toBe(1);
      expect(missing.stderr).toBe('error[unknown_series]: no series named "y"\n');
      const usage = strata(['series', 'get']);
      expect(usage.status).toBe(2);
      expect(usage.stderr).toMatch(/^error\[usage\]: missing required argument 'name'/);
    } finally {
      t.cleanup();
    }
  });
});
