// Plugins: round trip of a 1M-row Arrow table (ts, value) to a JS plugin process and back, through the
// supervised host and the wire protocol; the plugin (examples/nodes/transforms/scale) decodes, computes
// and re-encodes. Target (issue 7): < 150 ms.
import { join } from 'node:path';
import { Field, Float64, makeData, RecordBatch, Schema, Struct, Table, TimestampMicrosecond } from 'apache-arrow';
import { tableFromIPC, tableToIPC } from 'apache-arrow';
import { parseManifest, pluginNodeOps, PluginHost, seriesToFeather } from '../core/plugins/index.js';
import { childProcessLauncher, nodeLaunchSpec } from '../core/plugins/node/index.js';
import { existsSync, readFileSync } from 'node:fs';
import { median } from './harness.js';

const N = 1_000_000;
const ENTRY = join(import.meta.dirname, '..', 'plugins', 'examples', 'nodes', 'transforms', 'scale', 'main.ts');

/** user + system CPU time of a process so far, ms (Linux /proc; null elsewhere). */
function processCpuMs(pid: number | undefined): number | null {
  if (!pid || !existsSync(`/proc/${pid}/stat`)) return null;
  // Fields after the command name: state is field 3, utime 14, stime 15 (clock ticks, 100 per second).
  const rest = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(rest[11]) + Number(rest[12])) * 1000) / 100;
}

function table(n: number): Table {
  const ts = new BigInt64Array(n);
  const value = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    ts[i] = BigInt(1_700_000_000_000_000 + i * 1_000_000);
    value[i] = Math.sin(i / 100);
  }
  const fields = [new Field('ts', new TimestampMicrosecond('UTC'), false), new Field('value', new Float64(), false)];
  const children = [makeData({ type: new TimestampMicrosecond('UTC'), data: ts, length: n }), makeData({ type: new Float64(), data: value, length: n })];
  return new Table([new RecordBatch(new Schema(fields), makeData({ type: new Struct(fields), length: n, nullCount: 0, children }))]);
}

export async function benchPlugins(): Promise<Array<{ name: string; ms?: number; figure?: number; unit?: string; note?: string }>> {
  const t = table(N);
  const host = new PluginHost('scale', nodeLaunchSpec(ENTRY), childProcessLauncher, { callTimeoutMs: 60_000 });
  try {
    let t0 = performance.now();
    await host.call('node.linear', { config: { factor: 1 } }, new Uint8Array(0)).catch(() => undefined);
    const startMs = performance.now() - t0;
    // Table in, table out: encode, send, the plugin decodes, scales and re-encodes, decode the answer.
    const roundTrip = async () => {
      const bytes = tableToIPC(t, 'stream');
      const r = await host.call('node.linear', { config: { factor: 2, offset: 0 }, tables: [bytes.length] }, bytes, 60_000);
      return tableFromIPC(r.payload).numRows;
    };
    // Warm-up rounds (JIT, buffers), then the median of 7.
    for (let k = 0; k < 2; k++) await roundTrip();
    const rounds: number[] = [];
    let rows = 0;
    // CPU time of both processes too (Linux): on a loaded machine wall time measures the neighbours.
    const cpu0 = process.cpuUsage();
    const plugin0 = processCpuMs(host.pid);
    for (let k = 0; k < 7; k++) {
      t0 = performance.now();
      rows = await roundTrip();
      rounds.push(performance.now() - t0);
    }
    const cpu = process.cpuUsage(cpu0);
    const plugin1 = processCpuMs(host.pid);
    const cpuMs = plugin0 === null || plugin1 === null ? null : ((cpu.user + cpu.system) / 1000 + (plugin1 - plugin0)) / 7;
    const ms = median(rounds);
    // Peer, same run: the same work without a process (encode, decode, scale, encode, decode in here).
    const local: number[] = [];
    for (let k = 0; k < 7; k++) {
      t0 = performance.now();
      const input = tableFromIPC(tableToIPC(t, 'stream'));
      const v = input.getChild('value')!.toArray() as Float64Array;
      const out = new Float64Array(v.length);
      for (let i = 0; i < v.length; i++) out[i] = v[i]! * 2;
      tableFromIPC(tableToIPC(input, 'stream'));
      local.push(performance.now() - t0);
    }
    const localMs = median(local);
    // The same through the workflow node type scale/linear: a Frame in, a Frame out (µs ↔ timestamp columns).
    const manifest = parseManifest(readFileSync(join(ENTRY, '..', 'plugin.json'), 'utf8'));
    if (!manifest.ok) throw new Error(manifest.error);
    const [op] = pluginNodeOps({ name: 'scale', manifest: manifest.manifest }, (m, params, payload) => host.call(m, params, payload, 60_000));
    const frame = { indexKind: 'time' as const, index: Float64Array.from({ length: N }, (_, i) => 1.7e15 + i * 1e6), channels: { value: Float64Array.from({ length: N }, (_, i) => Math.sin(i / 100)) }, tzaware: true };
    const nodeRounds: number[] = [];
    for (let k = 0; k < 7; k++) {
      t0 = performance.now();
      await op!.run([frame], { factor: 2, offset: 0 }, { workflow: 'bench', node: 'scale', where: 'bench' });
      if (k >= 2) nodeRounds.push(performance.now() - t0);
    }
    const nodeMs = median(nodeRounds);
    const series = { tzaware: true, valueType: 'float64' as const, times: new Float64Array(N).map((_, i) => 1.7e15 + i * 1e6), values: new Float64Array(N) };
    t0 = performance.now();
    const bytes = seriesToFeather(series);
    const featherMs = performance.now() - t0;
    return [
      { name: 'plugins.arrow_roundtrip_1M', ms, figure: (2 * 16 * N) / (ms / 1000) / 1e6, unit: 'MB/s', note: `target < 150 ms; ${rows} rows back; min ${Math.min(...rounds).toFixed(1)} ms, max ${Math.max(...rounds).toFixed(1)} ms` },
      ...(cpuMs === null ? [] : [{ name: 'plugins.arrow_roundtrip_1M_cpu', ms: cpuMs, note: 'CPU time per round trip, host + plugin process together (their work partly overlaps)' }]),
      { name: 'peer.in_process_same_work_1M', ms: localMs, note: 'the same encode/decode/scale without a plugin process' },
      { name: 'ratio.plugin_roundtrip / in_process', figure: ms / localMs, note: 'cost of the process boundary (pipes, copies)' },
      { name: 'plugins.node_type_frame_1M', ms: nodeMs, note: 'workflow node scale/linear: Frame → Arrow → plugin → Arrow → Frame' },
      { name: 'plugins.start_js_plugin', ms: startMs, note: 'spawn + tsx + hello + first call (a failing one)' },
      { name: 'plugins.feather_file_1M', ms: featherMs, figure: bytes.length / 1e6, unit: 'MB', note: 'series → Arrow IPC file for a Timeseer analysis' },
    ];
  } finally {
    host.dispose();
  }
}

// Run alone: `node --import tsx bench/plugins.ts`.
if (import.meta.url === `file://${process.argv[1]}`) console.table(await benchPlugins());
