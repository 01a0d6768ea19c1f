import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRegistry, defaultRegistry, renderOperatorsDoc } from '../../../core/formula/index.js';

describe('docs/operators.md', () => {
  it('is generated from the registry and up to date (regenerate: npx tsx core/formula/gen-docs.ts > docs/operators.md)', () => {
    const onDisk = readFileSync(join(import.meta.dirname, '../../../docs/operators.md'), 'utf8');
    expect(onDisk).toBe(renderOperatorsDoc());
  });

  it('documents every operator with its signature, parameters and examples', () => {
    const doc = renderOperatorsDoc();
    for (const op of defaultRegistry().list()) {
      expect(doc).toContain(`### \`${op.name}\``);
      for (const ex of op.examples) expect(doc).toContain(ex);
    }
    expect(doc).toContain('`(resample series freq [method] [origin_freq])`');
    expect(doc).toContain('#:`fill` (string \\| number \\| nil = nil)');
    expect(doc).toContain('aliases: `shifted`');
  });

  it('includes plugin operators of the registry it is given', () => {
    const reg = createRegistry();
    reg.register({ name: 'my-op', family: 'plugin', params: [], returns: 'number', doc: 'Mine.', examples: ['(my-op)'], impl: () => 1 }, { owner: 'p' });
    expect(renderOperatorsDoc(reg)).toContain('## plugin');
  });
});
