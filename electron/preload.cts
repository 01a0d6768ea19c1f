// Preload of the app window (sandboxed, so CommonJS and self-contained: it may require only 'electron').
// It exposes three functions on window.strata for the `strata:` channels and refuses every other channel.
import electron = require('electron');
import type { IpcRendererEvent } from 'electron';

const { contextBridge, ipcRenderer } = electron;

const PREFIX = 'strata:';

function check(channel: unknown): string {
  if (typeof channel !== 'string' || !channel.startsWith(PREFIX)) throw new Error(`channel ${String(channel)} is not allowed`);
  return channel;
}

type Listener = (payload: unknown) => void;
/** The IPC listener made for each (channel, page callback): the page never sees Electron's event object. */
const listeners = new Map<string, Map<Listener, (e: IpcRendererEvent, payload: unknown) => void>>();

contextBridge.exposeInMainWorld('strata', {
  invoke: (channel: string, args: unknown) => ipcRenderer.invoke(check(channel), args),
  on: (channel: string, cb: Listener) => {
    const ch = check(channel);
    if (typeof cb !== 'function') throw new Error('on: the listener must be a function');
    let byCb = listeners.get(ch);
    if (!byCb) listeners.set(ch, (byCb = new Map()));
    if (byCb.has(cb)) return;
    const wrapped = (_e: IpcRendererEvent, payload: unknown) => cb(payload);
    byCb.set(cb, wrapped);
    ipcRenderer.on(ch, wrapped);
  },
  off: (channel: string, cb: Listener) => {
    const ch = check(channel);
    const wrapped = listeners.get(ch)?.get(cb);
    if (!wrapped) return;
    ipcRenderer.removeListener(ch, wrapped);
    listeners.get(ch)!.delete(cb);
  },
});
