/**
 * Strata plugin SDK (TypeScript). A plugin is a Node program that calls `definePlugin({...})`; it then
 * speaks the wire protocol on stdin/stdout (see docs/plugins.md). Depends on nothing of the app but the
 * wire protocol. Data arrives and leaves as bytes (an Arrow IPC stream): decode it with apache-arrow.
 */
import { encodeFrame, FrameDecoder, WIRE_VERSION, type WireHeader } from '../../core/plugins/wire.js';

/** What a method returns: a JSON value, and data bytes (an Arrow IPC stream) if any. */
export interface MethodResult {
  value?: unknown;
  payload?: Uint8Array;
}

export type Method = (params: unknown, payload: Uint8Array) => MethodResult | Promise<MethodResult>;

export interface PluginDefinition {
  /** The plugin's name, as in its plugin.json. */
  name: string;
  /** Methods the host may call (e.g. `analyze`, `operator.<name>`, `hook.<id>`). */
  methods: Record<string, Method>;
}

/** Largest payload a plugin accepts from the host. */
const MAX_PAYLOAD = 1 << 30;

/** Starts the plugin: answers calls until the host says `shutdown` or closes stdin. */
export function definePlugin(def: PluginDefinition): void {
  // stdout carries frames only: anything printed by plugin code goes to stderr instead.
  console.log = console.error;
  console.info = console.error;
  const send = (header: WireHeader, payload?: Uint8Array) => process.stdout.write(encodeFrame(header, payload));
  send({ type: 'hello', v: WIRE_VERSION, name: def.name, methods: Object.keys(def.methods) });
  const decoder = new FrameDecoder(MAX_PAYLOAD);
  process.stdin.on('data', (chunk: Uint8Array) => {
    for (const { header, payload } of decoder.push(chunk)) {
      if (header.type === 'shutdown') process.exit(0);
      if (header.type !== 'call') continue;
      const { id, method, params } = header;
      const fn = def.methods[method];
      if (!fn) {
        send({ type: 'error', v: WIRE_VERSION, id, error: { code: 'unknown_method', message: `${def.name} has no method ${JSON.stringify(method)}` } });
        continue;
      }
      Promise.resolve()
        .then(() => fn(params, payload))
        .then(
          (r) => send({ type: 'result', v: WIRE_VERSION, id, value: r?.value ?? null }, r?.payload),
          (e: unknown) => send({ type: 'error', v: WIRE_VERSION, id, error: { code: 'plugin_error', message: e instanceof Error ? e.message : String(e) } }),
        );
    }
  });
  process.stdin.on('end', () => process.exit(0));
}

/** A log line shown by the host with the plugin's name. */
export function log(level: 'info' | 'warn' | 'error', message: string): void {
  process.stdout.write(encodeFrame({ type: 'log', v: WIRE_VERSION, level, message }));
}

export { readLong, writeLong, type Points } from './long.js';
