import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { PluginHost } from '../../../core/plugins/index.js';
import { childProcessLauncher } from '../../../core/plugins/node/index.js';

const TEMPLATE = join(import.meta.dirname, '..', '..', '..', 'plugins', 'templates', 'python', 'strata_plugin.py');
let host: PluginHost | null = null;
afterEach(() => host?.dispose());

describe('Python template (standard library, wire protocol v1)', () => {
  it('answers calls with JSON data, binary payloads and errors, in a python3 process', async () => {
    host = new PluginHost('py', { program: 'python3', args: [TEMPLATE] }, childProcessLauncher);
    const r = await host.call('mean', { data: { ts: [1, 2, 3], value: [1, null, 5] } });
    expect(r.value).toEqual({ statistics: [{ name: 'Mean', dataType: 'float', result: 3 }] });
    expect((await host.call('count', { data: { value: [1, 2] } })).value).toMatchObject({ statistics: [{ result: 2 }] });
    const echo = await host.call('echo', { a: [1] }, new Uint8Array([0, 255, 7]));
    expect([echo.value, Array.from(echo.payload)]).toEqual([{ a: [1] }, [0, 255, 7]]);
    await expect(host.call('fail')).rejects.toMatchObject({ code: 'plugin_error', message: 'py: bad parameters' });
    expect(host.methods).toEqual(['count', 'mean', 'echo', 'fail']);
    expect(host.failures).toEqual([]);
  });
});
