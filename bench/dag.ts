// Workflow benchmarks: a cold run of a 10-node workflow and the no-op rerun (target < 50 ms).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runWorkflow, saveWorkflow } from '../core/dag/index.js';
import { Store } from '../core/store/index.js';
import { median, type BenchResult } from './harness.js';

const POINTS = 200_000;
const FS = 1000;

const WORKFLOW = {
  name: 'bench10',
  nodes: [
    { id: 'raw', op: 'series', config: { name: 'sig' }, inputs: [] },
    { id: 'lp', op: 'filter', config: { filter_type: 'lowpass', cutoff: 50, order: 4, zero_phase: true }, inputs: ['raw'] },
    { id: 'spec', op: 'fft', config: { window: 'hann', normalize: true }, inputs: ['lp'] },
    { id: 'sec', op: 'resample', config: { bucket: '1s', method: 'mean' }, inputs: ['raw'] },
    { id: 'roll', op: 'rolling', config: { window: 100, stat: 'std' }, inputs: ['lp'] },
    { id: 'rate', op: 'derivative', config: {}, inputs: ['lp'] },
    { id: 'area', op: 'integral', config: {}, inputs: ['rate'] },
    { id: 'volts', op: 'unit_conversion', config: { conversion: 'mv_to_v' }, inputs: ['lp'] },
    { id: 'late', op: 'time_shift', config: { delta: '1h' }, inputs: ['volts'] },
    { id: 'out', op: 'save', config: { name: 'sig_v' }, inputs: ['late'] },
  ],
};

export async function benchDag(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'strata-bench-dag-'));
  let store = new Store(join(dir, 'b.db'));
  try {
    const times = new Float64Array(POINTS);
    const values = new Float64Array(POINTS);
    const t0 = Date.UTC(2024, 0, 1) * 1000;
    for (let i = 0; i < POINTS; i++) {
      times[i] = t0 + i * (1e6 / FS);
      values[i] = Math.sin((2 * Math.PI * 5 * i) / FS) + 0.1 * Math.sin((2 * Math.PI * 200 * i) / FS);
    }
    store.update('sig', { tzaware: true, valueType: 'float64', times, values }, { unit: 'mV' });
    saveWorkflow(store, WORKFLOW);

    let start = performance.now();
    const cold = await runWorkflow(store, 'bench10');
    const coldMs = performance.now() - start;
    const ran = cold.nodes.filter((n) => n.status === 'ran').length;

    const rounds: number[] = [];
    for (let k = 0; k < 20; k++) {
      start = performance.now();
      const r = await runWorkflow(store, 'bench10');
      rounds.push(performance.now() - start);
      if (r.nodes.some((n) => n.status !== 'cached')) throw new Error('the no-op rerun ran a node');
    }
    const noop = median(rounds);

    // After a restart: a fresh connection, cold statement cache (median of 7 reopenings).
    const reopened: number[] = [];
    for (let k = 0; k < 7; k++) {
      store.close();
      store = new Store(join(dir, 'b.db'));
      start = performance.now();
      const r = await runWorkflow(store, 'bench10');
      reopened.push(performance.now() - start);
      if (r.nodes.some((n) => n.status !== 'cached')) throw new Error('the rerun after reopening ran a node');
    }
    const restarted = median(reopened);

    return [
      { name: `dag: cold run, 10 nodes, ${POINTS / 1000}k points`, ms: coldMs, note: `${ran} nodes ran` },
      { name: 'dag: no-op rerun, 10 nodes (median of 20)', ms: noop, target: '< 50 ms', pass: noop < 50 },
      { name: 'dag: no-op rerun after reopening the store (median of 7)', ms: restarted, target: '< 50 ms', pass: restarted < 50 },
    ];
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

// Run directly: `node --import tsx bench/dag.ts`.
if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await benchDag()) console.log(r);
}
