import { API_METHODS } from '../core/protocol/contract.js';
import { validateCall } from '../core/protocol/validate.js';
import type { Result } from '../core/protocol/result.js';
import type { Invoker } from '../core/service/engine-host.js';
import { CHANNEL_PREFIX } from './security.js';

/** The part of Electron's ipcMain the shell uses (an interface, so tests pass a fake). */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEventLike, args: unknown) => Promise<unknown> | unknown): void;
  removeHandler(channel: string): void;
}

export interface IpcEventLike {
  senderFrame?: { url: string; parent?: unknown } | null;
}

/**
 * Registers one IPC handler per contract method (`strata:<method>`), generated from the method list.
 * Each checks the sender, validates the payload against the contract, then forwards to the engine.
 * Returns a function that removes them all.
 */
export function registerIpcHandlers(ipcMain: IpcMainLike, engine: Invoker, trusted: (e: IpcEventLike) => boolean): () => void {
  for (const method of API_METHODS) {
    ipcMain.handle(CHANNEL_PREFIX + method, async (event, args): Promise<Result<unknown>> => {
      if (!trusted(event)) return { ok: false, error: { code: 'forbidden', message: `IPC from an untrusted frame refused (${method})` } };
      const v = validateCall(method, args);
      if (!v.ok) return v;
      return engine.invoke(method, v.value.args);
    });
  }
  return () => {
    for (const method of API_METHODS) ipcMain.removeHandler(CHANNEL_PREFIX + method);
  };
}
