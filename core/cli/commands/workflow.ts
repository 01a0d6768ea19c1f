import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { StrataError } from '../../base/errors.js';
import {
  runWorkflow,
  saveWorkflow,
  seriesLineage,
  WorkflowStore,
  type NodeReport,
  type ProgressEvent,
  type SeriesLineage,
} from '../../dag/index.js';
import type { Frame } from '../../ops/frame.js';
import { formatTimestamp } from '../../series/index.js';
import { instantOption, UsageError } from '../args.js';
import { table, type CommandContext } from '../context.js';
import { DB_HELP } from './common.js';
import { nodeFrame } from '../../service/workflows.js';
import { collect, LIBRARY_HELP, pluginOpRegistry, withPlugins } from './plugins.js';

interface DbOpts {
  db?: string;
  json?: boolean;
}

/** `strata workflow ...`: processing graphs saved in the store, run with caching, lineage (see docs/workflows.md). */
export function registerWorkflowCommands(program: Command, ctx: CommandContext): void {
  const wf = program.command('workflow').description('save, run and inspect workflows (processing graphs) and the lineage of their results');

  wf.command('save')
    .description('validate a workflow file and save it under its name (replacing one of that name)')
    .argument('<file>', 'workflow file {"name", "nodes": [{"id", "op", "config", "inputs"}]}; - for stdin')
    .option('--library <dir>', `${LIBRARY_HELP} (for plugin node types)`, collect, [])
    .option('--json', 'print the result as JSON')
    .option('--db <path>', DB_HELP)
    .action(async (file: string, o: DbOpts & { library: string[] }) => {
      const doc = await readWorkflowFile(file, ctx);
      const valid = await withPlugins(ctx, o.library, async (plugins, warn) => saveWorkflow(ctx.openStore(o.db), doc, pluginOpRegistry(plugins, warn)));
      const { name, nodes } = valid.workflow;
      if (o.json) ctx.json({ name, nodes: nodes.length });
      else ctx.out(`saved workflow ${name} (${nodes.length} node${nodes.length === 1 ? '' : 's'})`);
    });

  wf.command('run')
    .description('run a saved workflow, or save FILE.json and run it; only nodes whose inputs changed are computed')
    .argument('<workflow>', 'a saved workflow name, or a workflow file (*.json, or - for stdin)')
    .option('--workers <n>', 'worker threads for the heavy operations (0: none, run everything in this thread)')
    .option('--author <name>', 'author of the revisions save nodes write (default: $STRATA_AUTHOR or the user name)')
    .option('--library <dir>', `${LIBRARY_HELP} (for plugin node types)`, collect, [])
    .option('--json', 'print {"nodes": [{"id", "status", "seconds", "error"?}]}')
    .option('--db <path>', DB_HELP)
    .action(async (target: string, o: DbOpts & { workers?: string; author?: string; library: string[] }) => {
      const workers = o.workers === undefined ? undefined : count(o.workers, '--workers');
      const store = ctx.openStore(o.db);
      const doc = isFile(target) ? await readWorkflowFile(target, ctx) : undefined;
      const ac = new AbortController();
      const interrupt = () => ac.abort();
      process.once('SIGINT', interrupt);
      let report;
      let name = target;
      try {
        report = await withPlugins(ctx, o.library, async (plugins, warn) => {
          const registry = pluginOpRegistry(plugins, warn);
          if (doc !== undefined) name = saveWorkflow(store, doc, registry).workflow.name;
          return runWorkflow(store, name, {
            registry,
            signal: ac.signal,
            ...(workers !== undefined ? { workers } : {}),
            ...(o.author !== undefined ? { author: o.author } : {}),
            ...(ctx.io.isTTY && !o.json ? { onProgress: (e: ProgressEvent) => progress(ctx, e) } : {}),
          });
        });
      } finally {
        process.removeListener('SIGINT', interrupt);
      }
      if (o.json) ctx.json({ nodes: report.nodes.map(nodeJson) });
      else {
        ctx.io.stdout(table(['node', 'status', 'seconds', 'error'], report.nodes.map((n) => [n.id, n.status, n.seconds.toFixed(3), n.error ? `${n.error.code}: ${n.error.message}` : ''])));
      }
      // Failed nodes make the command exit 1 after its report (stdout keeps exactly one JSON document).
      const failed = report.nodes.filter((n) => n.status === 'failed');
      if (report.cancelled) ctx.failAfterReport('cancelled', `workflow ${JSON.stringify(name)} was cancelled`);
      else if (failed.length) ctx.failAfterReport('node_failed', `${failed.length} of ${report.nodes.length} nodes failed: ${failed.map((n) => n.id).join(', ')}`);
    });

  wf.command('show')
    .description('a saved workflow: its nodes and the last run state of each')
    .argument('<name>', 'workflow name')
    .option('--json', 'print JSON (the workflow file, plus saved_at and last_run)')
    .option('--db <path>', DB_HELP)
    .action((name: string, o: DbOpts) => {
      const ws = new WorkflowStore(ctx.openStore(o.db));
      const saved = ws.get(name);
      const states = ws.nodeStates(name);
      if (o.json) {
        const lastRun: Record<string, unknown> = {};
        for (const n of saved.workflow.nodes) {
          const s = states.get(n.id);
          if (s) lastRun[n.id] = { status: s.status, seconds: s.seconds, ...(s.error ? { error: s.error } : {}), finished_at: formatTimestamp(s.finishedAt, true) };
        }
        ctx.json({ ...saved.workflow, saved_at: formatTimestamp(saved.savedAt, true), last_run: lastRun });
        return;
      }
      ctx.out(`workflow ${name}, saved ${formatTimestamp(saved.savedAt, true)}`);
      ctx.io.stdout(
        table(
          ['node', 'op', 'inputs', 'config', 'last run'],
          saved.workflow.nodes.map((n) => [n.id, n.op, n.inputs.join(', '), JSON.stringify(n.config), states.get(n.id)?.status ?? '(never)']),
        ),
      );
    });

  wf.command('output')
    .description("a node's output from the last run: a frame indexed by time or frequency")
    .argument('<name>', 'workflow name')
    .argument('<node>', 'node id')
    .option('--json', 'print {"index_kind", "index", "channels"}')
    .option('--db <path>', DB_HELP)
    .action(async (name: string, nodeId: string, o: DbOpts) => {
      const doc = frameJson(await nodeFrame(ctx.openStore(o.db), name, nodeId));
      if (o.json) ctx.json(doc);
      else {
        const names = Object.keys(doc.channels);
        const rows = doc.index.map((x, i) => [x, ...names.map((c) => doc.channels[c]![i] ?? '')]);
        ctx.io.stdout(table([doc.index_kind === 'time' ? 'time' : 'frequency_hz', ...names], rows));
      }
    });

  wf.command('lineage')
    .description('where a series came from: the workflows and steps that wrote it, back to stored data')
    .argument('<series>', 'series name')
    .option('--revision-date <iso>', 'describe the revision current at this insertion date (default: the latest)')
    .option('--json', 'print the lineage tree as JSON')
    .option('--db <path>', DB_HELP)
    .action((name: string, o: DbOpts & { revisionDate?: string }) => {
      const revisionDate = instantOption(o.revisionDate, '--revision-date');
      const l = seriesLineage(ctx.openStore(o.db), name, revisionDate !== undefined ? { revisionDate } : {});
      if (o.json) ctx.json(l);
      else ctx.io.stdout(lineageText(l, 0));
    });

  wf.command('list')
    .description('saved workflows')
    .option('--json', 'print [{"name", "nodes", "saved_at"}]')
    .option('--db <path>', DB_HELP)
    .action((o: DbOpts) => {
      const rows = new WorkflowStore(ctx.openStore(o.db)).list().map((s) => ({ name: s.workflow.name, nodes: s.workflow.nodes.length, saved_at: formatTimestamp(s.savedAt, true) }));
      if (o.json) ctx.json(rows);
      else ctx.io.stdout(table(['name', 'nodes', 'saved'], rows.map((r) => [r.name, r.nodes, r.saved_at])));
    });

  wf.command('delete')
    .description('delete a saved workflow and its run state (series it saved are kept)')
    .argument('<name>', 'workflow name')
    .option('--db <path>', DB_HELP)
    .action((name: string, o: DbOpts) => {
      new WorkflowStore(ctx.openStore(o.db)).delete(name);
      ctx.out(`deleted workflow ${name}`);
    });

  wf.command('ops')
    .description('the operations a node can use')
    .option('--library <dir>', `${LIBRARY_HELP} (for plugin node types)`, collect, [])
    .option('--json', 'print [{"name", "version", "doc", "inputs", "placement"}]')
    .action(async (o: { json?: boolean; library: string[] }) => {
      // Node types come from the manifests: listing starts no plugin.
      const registry = await withPlugins(ctx, o.library, async (plugins, warn) => pluginOpRegistry(plugins, warn));
      const ops = registry
        .list()
        .map((d) => ({ name: d.name, version: d.version, doc: d.doc, inputs: { min: d.inputs.min, max: d.inputs.max }, placement: d.placement }));
      if (o.json) ctx.json(ops);
      else ctx.io.stdout(table(['op', 'inputs', 'description'], ops.map((d) => [d.name, d.inputs.min === d.inputs.max ? String(d.inputs.min) : `${d.inputs.min}-${d.inputs.max}`, d.doc])));
    });
}

function isFile(target: string): boolean {
  return target === '-' || /\.json$/i.test(target);
}

async function readWorkflowFile(file: string, ctx: CommandContext): Promise<unknown> {
  let text: string;
  if (file === '-') text = await ctx.io.readStdin();
  else {
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new StrataError('io', `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { path: file });
    }
  }
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    throw new StrataError('bad_input', `${file === '-' ? 'stdin' : file} is not valid JSON: ${(e as Error).message}`, { path: file });
  }
}

function count(text: string, flag: string): number {
  if (!/^\d+$/.test(text)) throw new UsageError('usage', `${flag} must be a whole number, got ${JSON.stringify(text)}`);
  return Number(text);
}

function nodeJson(n: NodeReport): Record<string, unknown> {
  return { id: n.id, status: n.status, seconds: Math.round(n.seconds * 1e6) / 1e6, ...(n.error ? { error: n.error } : {}) };
}

/** `workflow output --json`: time index as ISO strings (UTC `Z` for tz-aware), no value as null. */
export function frameJson(frame: Frame): { index_kind: Frame['indexKind']; index: (string | number)[]; channels: Record<string, (number | null)[]>; units?: Record<string, string> } {
  const tz = frame.tzaware ?? false;
  const index = frame.indexKind === 'time' ? Array.from(frame.index, (t) => formatTimestamp(t, tz)) : Array.from(frame.index);
  const channels: Record<string, (number | null)[]> = {};
  for (const [name, values] of Object.entries(frame.channels)) channels[name] = Array.from(values, (v) => (v === v ? v : null));
  return { index_kind: frame.indexKind, index, channels, ...(frame.units ? { units: frame.units } : {}) };
}

function progress(ctx: CommandContext, e: ProgressEvent): void {
  if (e.type === 'node-end') {
    ctx.io.stderr(`[${e.done}/${e.total}] ${e.node}: ${e.report.status} (${e.report.seconds.toFixed(3)} s)\n`);
  }
}

function lineageText(l: SeriesLineage, depth: number): string {
  const pad = '  '.repeat(depth);
  const at = l.insertion_date ?? '(no revision)';
  if (l.missing) return `${pad}${l.series} @ ${at}: the series no longer exists\n`;
  let text = `${pad}${l.series} @ ${at}  source ${l.source || '(none)'}${l.workflow === undefined ? '  (stored data)' : ''}\n`;
  if (l.workflow !== undefined) {
    for (const s of l.steps) text += `${pad}  ${l.workflow}/${s.node}: ${s.op} ${JSON.stringify(s.config)}${s.inputs.length ? ` <- ${s.inputs.map((i) => i.node).join(', ')}` : ''}\n`;
    text += `${pad}  ${l.workflow}/${l.node}: save ${JSON.stringify(l.config)}\n`;
  }
  if (l.truncated) text += `${pad}  ... (longer chain cut)\n`;
  for (const u of l.upstream) text += lineageText(u, depth + 1);
  return text;
}
