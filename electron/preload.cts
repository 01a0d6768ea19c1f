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

const listeners = new Map<(payload: unknown) => void, (e: IpcRendererEvent, payload: unknown) => void>();

contextBridge.exposeInMainWorld('strata', {
  invoke: (channel: string, args: unknown) => ipcRenderer.invoke(check(channel), args),
  on: (channel: string, cb: (payload: unknown) => void) => {
    const wrapped = (_e: IpcRendererEvent, payload: unknown) => cb(payload);
    listeners.set(cb, wrapped);
    ipcRenderer.on(check(channel), wrapped);
  },
  off: (channel: string, cb: (payload: unknown) => void) => {
    const wrapped = listeners.get(cb);
    if (wrapped) ipcRenderer.removeListener(check(channel), wrapped);
    listeners.delete(cb);
  },
});
