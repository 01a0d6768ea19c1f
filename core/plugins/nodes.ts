import { z } from 'zod';
import { StrataError, isStrataError } from '../base/errors.js';
import type { OpDef, OpRegistry } from '../dag/registry.js';
import type { Frame } from '../ops/frame.js';
import { frameFromJson, frameFromTable, frameToJson, frameToTable } from './frame-table.js';
import type { LibraryIssue } from './hooks.js';
import type { Manifest, NodeDecl } from './manifest.js';
import type { PluginCall } from './operators.js';
import { packTables } from './wire.js';

/** The op name of a plugin's node type in workflows: `<plugin>/<node>`. */
export function pluginOpName(plugin: string, node: string): string {
  return `${plugin}/${node}`;
}

/** What a plugin node's cache key and lineage record of the code that made it. */
export interface PluginNodeExternal {
  plugin: string;
  version: string;
}

function configSchema(plugin: string, d: NodeDecl): z.ZodType<Record<string, unknown>> {
  if (!d.config_schema) return z.record(z.string(), z.unknown());
  try {
    return z.fromJSONSchema(d.config_schema as Parameters<typeof z.fromJSONSchema>[0]) as z.ZodType<Record<string, unknown>>;
  } catch (e) {
    throw new StrataError('bad_op', `plugin ${plugin}: node type ${d.name}: config_schema is not a usable JSON Schema: ${(e as Error).message}`);
  }
}

/**
 * A plugin's node types as workflow ops. Each is a `caller` op: the runner's thread sends the inputs (one
 * Arrow table per input, packed in the payload, lengths in `params.tables`) and the validated config to
 * method `node.<name>` in the plugin's process and awaits the frame it returns. The plugin's name and
 * version are the op's external state, so they are part of every cache key: a new version of the plugin
 * recomputes, the same version finds its cached outputs.
 */
export function pluginNodeOps(plugin: { name: string; manifest: Manifest }, call: PluginCall): OpDef[] {
  return plugin.manifest.nodes.map((d): OpDef<Record<string, unknown>> => {
    const name = pluginOpName(plugin.name, d.name);
    const method = `node.${d.name}`;
    const external: PluginNodeExternal = { plugin: plugin.name, version: plugin.manifest.version };
    return {
      name,
      version: 1,
      doc: d.doc,
      config: configSchema(plugin.name, d),
      inputs: d.inputs,
      accepts: d.accepts,
      output: d.output,
      placement: 'caller',
      external: () => external,
      async run(inputs: Frame[], config, ctx): Promise<Frame> {
        const json = plugin.manifest.data === 'json';
        const packed = packTables(json ? [] : inputs.map(frameToTable));
        const params = json ? { config, inputs: inputs.map(frameToJson), workflow: ctx.workflow, node: ctx.node } : { config, tables: packed.tables, workflow: ctx.workflow, node: ctx.node };
        let answer;
        try {
          answer = await abortable(call(method, params, packed.payload), ctx.signal);
        } catch (e) {
          if (isStrataError(e) && e.code !== 'cancelled') throw new StrataError(e.code, `plugin node ${name}: ${e.message}`, e.details);
          throw e;
        }
        const value = answer.value as { type?: unknown } | null;
        const asJson = typeof value === 'object' && value !== null && value.type === 'frame';
        if (!asJson && !answer.payload.length) throw new StrataError('plugin_malformed', `plugin ${plugin.name} node ${d.name} answered without a table`, { plugin: plugin.name });
        try {
          return asJson ? frameFromJson(value, inputs[0]?.tzaware ?? true, inputs[0]?.indexKind ?? 'time') : frameFromTable(answer.payload, inputs[0]?.tzaware ?? true);
        } catch (e) {
          throw new StrataError('plugin_malformed', `plugin ${plugin.name} node ${d.name} ${(e as Error).message}`, { plugin: plugin.name });
        }
      },
    };
  });
}

/** Rejects as soon as `signal` aborts (the plugin may finish its work; its answer is then ignored). */
function abortable<T>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return p;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new StrataError('cancelled', 'the run was cancelled'));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => (signal.removeEventListener('abort', onAbort), resolve(v)),
      (e) => (signal.removeEventListener('abort', onAbort), reject(e)),
    );
  });
}

/**
 * Adds the node types of `plugins` to `registry`. Nothing throws: a node type whose name is taken (a
 * built-in op or another plugin's) or that the registry refuses is left out and reported as an issue
 * naming the plugin (code `bad_node`).
 */
export function registerPluginNodes(
  registry: OpRegistry,
  plugins: ReadonlyArray<{ name: string; manifest: Manifest }>,
  callFor: (plugin: string) => PluginCall,
): { registered: string[]; issues: LibraryIssue[] } {
  const registered: string[] = [];
  const issues: LibraryIssue[] = [];
  for (const p of plugins) {
    if (!p.manifest.nodes.length) continue;
    let ops: OpDef[];
    try {
      ops = pluginNodeOps(p, (m, params, payload) => callFor(p.name)(m, params, payload));
    } catch (e) {
      issues.push({ code: 'bad_node', message: (e as Error).message });
      continue;
    }
    for (const op of ops) {
      try {
        // Never replaces: a built-in op or another plugin's node type keeps its name.
        registry.register(op);
        registered.push(op.name);
      } catch (e) {
        issues.push({ code: 'bad_node', message: `plugin ${p.name}: ${(e as Error).message}${/[A-Z-]/.test(p.name) ? ' (op names are lower_snake_case: rename the plugin)' : ''}` });
      }
    }
  }
  return { registered, issues };
}
