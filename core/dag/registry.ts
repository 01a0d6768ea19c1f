import type { z } from 'zod';
import { StrataError } from '../base/errors.js';
import type { Frame } from '../ops/frame.js';
import type { Store } from '../store/store.js';
import type { LineageStep } from './types.js';

export type IndexKind = Frame['indexKind'];

/**
 * Where an operation runs. `pool`: a pure function of its inputs and config, run on a worker thread so
 * heavy work never blocks the caller's event loop (the worker finds it by name in the built-in ops, or
 * imports `workerModule`). `caller`: runs on the runner's thread with the store (sources and sinks).
 */
export type Placement = 'pool' | 'caller';

/** What a `caller` op can touch besides its inputs. */
export interface CallerEnv {
  store: Store;
  workflow: string;
  node: string;
  /** Author recorded on revisions written by the run. */
  author?: string;
}

export interface OpContext {
  workflow: string;
  node: string;
  /** Prefix for error messages: `node "lp" (filter)`. */
  where: string;
  /** Only for `caller` ops. */
  env?: CallerEnv;
  /** For `caller` ops: the value `external` gave for this run. */
  external?: unknown;
  /** For `caller` ops: the lineage of this node's inputs, inputs first (a `save` records it on the revision). */
  lineage?: LineageStep[];
  signal?: AbortSignal;
}

/**
 * One operation (node type): a registry entry, like a formula operator. Adding an op — built-in, the
 * formula op, or a plugin's node type — is registering one of these.
 */
export interface OpDef<C = any> {
  name: string;
  /** Bump when the op's results change for the same config: every cached output of the old version is stale. */
  version: number;
  /** One line for people (`strata workflow ops`, the editor's palette). */
  doc: string;
  /** Validates and normalizes the node's config (defaults filled in); the parsed config is what is hashed. */
  config: z.ZodType<C>;
  /** How many inputs the node takes. */
  inputs: { min: number; max: number };
  /** Index kind the inputs must have (`any`: no constraint). */
  accepts: IndexKind | 'any';
  /** Index kind of the output; `input` = the same as the first input's. */
  output: IndexKind | 'input';
  placement: Placement;
  /**
   * State outside the graph the output depends on (a stored series' latest insertion date); part of the
   * cache key and recorded in lineage. Only `caller` ops can have it. Must be JSON (or a promise of it).
   */
  external?(config: C, env: CallerEnv): unknown;
  /**
   * The op writes outside the graph (a `save`): after it ran, `external` is read again and the output is
   * cached under the key with the new value, so the next run with nothing changed finds it.
   */
  writes?: boolean;
  /** For `pool` ops not built in: a module URL exporting this def as `op`, imported by the worker threads. */
  workerModule?: string;
  run(inputs: Frame[], config: C, ctx: OpContext): Frame | Promise<Frame>;
}

export interface RegisterOptions {
  /** Replace an op of the same name (tests, development); plugins never silently replace built-ins. */
  replace?: boolean;
}

const NAME_RE = /^[a-z][a-z0-9_]*(?:[./][a-z0-9_]+)*$/;

/** The node types a workflow may use. */
export class OpRegistry {
  private readonly ops = new Map<string, OpDef>();

  constructor(defs: readonly OpDef[] = []) {
    for (const d of defs) this.register(d);
  }

  register(def: OpDef, opts: RegisterOptions = {}): void {
    checkDef(def);
    if (this.ops.has(def.name) && !opts.replace) {
      throw new StrataError('op_exists', `an operation named ${JSON.stringify(def.name)} is already registered`, { op: def.name });
    }
    this.ops.set(def.name, def);
  }

  get(name: string): OpDef | undefined {
    return this.ops.get(name);
  }

  has(name: string): boolean {
    return this.ops.has(name);
  }

  names(): string[] {
    return [...this.ops.keys()].sort();
  }

  list(): OpDef[] {
    return this.names().map((n) => this.ops.get(n)!);
  }

  /** A copy to add to without touching this one (e.g. built-ins + one app's plugin ops). */
  clone(): OpRegistry {
    return new OpRegistry([...this.ops.values()]);
  }
}

function checkDef(def: OpDef): void {
  const bad = (why: string) => new StrataError('bad_op', `operation ${JSON.stringify(def?.name)}: ${why}`);
  if (typeof def?.name !== 'string' || !NAME_RE.test(def.name)) throw bad('name must be lower_snake_case (plugins may prefix `plugin.`)');
  if (!Number.isInteger(def.version) || def.version < 1) throw bad('version must be a positive integer');
  if (!def.config || typeof (def.config as { safeParse?: unknown }).safeParse !== 'function') throw bad('config must be a zod schema');
  const { min, max } = def.inputs ?? ({} as OpDef['inputs']);
  if (!Number.isInteger(min) || min < 0 || !(max >= min)) throw bad('inputs must be {min, max} with 0 <= min <= max');
  if (def.placement !== 'pool' && def.placement !== 'caller') throw bad('placement must be pool or caller');
  if (def.external && def.placement !== 'caller') throw bad('only caller ops can read external state');
  if (def.writes && !def.external) throw bad('an op that writes must say what it writes (external)');
  if (typeof def.run !== 'function') throw bad('run must be a function');
}
