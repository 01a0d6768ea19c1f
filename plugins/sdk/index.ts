/**
 * Strata plugin SDK (TypeScript). A plugin is a Node program that calls `definePlugin({...})`; it then
 * speaks the wire protocol on stdin/stdout (see docs/plugins.md). Depends on nothing of the app but the
 * wire protocol. Data arrives and leaves as bytes (an Arrow IPC stream): decode it with apache-arrow.
 */
import { encodeFrame, encodeFrameParts, FrameDecoder, WIRE_VERSION, type WireHeader } from '../../core/plugins/wire.js';

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

/** Electron's utility process gives a message port instead of stdin (its stdin cannot be piped). */
interface ParentPort {
  on(event: 'message', cb: (e: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}
const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;

/** Sends frame bytes to the host: on stdout, or over the parent port in an Electron utility process. */
function write(bytes: Uint8Array): void {
  if (parentPort) parentPort.postMessage(bytes);
  else process.stdout.write(bytes);
}

/** Starts the plugin: answers calls until the host says `shutdown` or closes stdin. */
export function definePlugin(def: PluginDefinition): void {
  // stdout carries frames only: anything printed by plugin code goes to stderr instead.
  console.log = console.error;
  console.info = console.error;
  const send = (header: WireHeader, payload?: Uint8Array) => {
    for (const part of encodeFrameParts(header, payload)) write(part);
  };
  send({ type: 'hello', v: WIRE_VERSION, name: def.name, methods: Object.keys(def.methods) });
  const decoder = new FrameDecoder(MAX_PAYLOAD);
  const onChunk = (chunk: Uint8Array) => {
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
  };
  if (parentPort) {
    // Frames arrive as messages (Uint8Array, or an ArrayBuffer once cloned).
    parentPort.on('message', (e) => onChunk(e.data instanceof Uint8Array ? e.data : new Uint8Array(e.data as ArrayBuffer)));
  } else {
    process.stdin.on('data', onChunk);
    process.stdin.on('end', () => process.exit(0));
  }
}

/** A log line shown by the host with the plugin's name. */
export function log(level: 'info' | 'warn' | 'error', message: string): void {
  write(encodeFrame({ type: 'log', v: WIRE_VERSION, level, message }));
}

export { readLong, writeLong, type Points } from './long.js';
export { operatorArgs, seriesResult, readSeries, writeSeries, type SeriesArg, type OperatorArgs } from './series.js';
export { nodeInputs, tableResult, payloadTables } from './tables.js';
