// `npm run bench`: benchmarks (not tests). Prints figures, ratios against peers measured in the same run,
// and ratios against the recorded baselines (bench/baselines.json). `--record` rewrites the baselines.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchResult } from './harness.js';
import { benchStore } from './store.js';
import { benchSpans } from './spans.js';

type Section = { name: string; run: () => Promise<BenchResult[]> };

const here = import.meta.dirname;
const sections: Section[] = [
  { name: 'store', run: benchStore },
  { name: 'spans', run: benchSpans },
];
// Other sections register themselves by file: bench/<name>.ts exporting bench<Name>().
for (const [file, fn] of [['ops', 'benchOps'], ['formula', 'benchFormula'], ['ingest', 'benchIngest'], ['dag', 'benchDag'], ['plugins', 'benchPlugins'], ['browser', 'benchBrowser'], ['remote', 'benchRemote']] as const) {
  if (existsSync(join(here, `${file}.ts`))) {
    sections.push({
      name: file,
      run: async () => {
        const mod = (await import(`./${file}.js`)) as Record<string, () => Promise<BenchResult[]>>;
        return mod[fn] ? mod[fn]() : [{ name: `${file}: no ${fn}() exported`, note: 'skipped' }];
      },
    });
  }
}

const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const record = process.argv.includes('--record');
const baselinesPath = join(here, 'baselines.json');
const baselines: Record<string, { ms?: number; figure?: number }> = existsSync(baselinesPath) ? JSON.parse(readFileSync(baselinesPath, 'utf8')) : {};
const all: BenchResult[] = [];

for (const s of sections) {
  if (only.length && !only.includes(s.name)) continue;
  console.log(`\n## ${s.name}`);
  let results: BenchResult[];
  try {
    results = await s.run();
  } catch (e) {
    console.log(`  failed: ${(e as Error).message}`);
    continue;
  }
  for (const r of results) {
    all.push(r);
    const base = baselines[r.name];
    const parts = [r.name.padEnd(44)];
    if (r.ms !== undefined) parts.push(`${r.ms.toFixed(1).padStart(9)} ms`);
    if (r.figure !== undefined) parts.push(`${fmt(r.figure)} ${r.unit ?? ''}`.trim());
    if (base?.ms && r.ms) parts.push(`(${(r.ms / base.ms).toFixed(2)}x baseline time)`);
    if (r.target) parts.push(`target ${r.target}: ${r.pass ? 'met' : 'NOT MET'}`);
    if (r.note) parts.push(`— ${r.note}`);
    console.log('  ' + parts.join('  '));
  }
}

if (record) {
  const next = { ...baselines };
  for (const r of all) next[r.name] = { ...(r.ms !== undefined ? { ms: +r.ms.toFixed(2) } : {}), ...(r.figure !== undefined ? { figure: +r.figure.toFixed(3) } : {}) };
  writeFileSync(baselinesPath, JSON.stringify(next, null, 2) + '\n');
  console.log(`\nbaselines recorded in ${baselinesPath}`);
}
console.log('\nMachines are noisy: compare ratios measured in the same run, not absolute times across runs.');

function fmt(x: number): string {
  return Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(2);
}
