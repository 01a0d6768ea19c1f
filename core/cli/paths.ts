import { join } from 'node:path';
import type { CliIO } from './io.js';

/**
 * The desktop app's user data folder, as Electron's `app.getPath('userData')` computes it for an app
 * named "Strata": %APPDATA%\Strata on Windows, ~/Library/Application Support/Strata on macOS,
 * $XDG_CONFIG_HOME/Strata (default ~/.config/Strata) elsewhere.
 */
export function userDataDir(io: Pick<CliIO, 'env' | 'platform' | 'homedir'>): string {
  if (io.platform === 'win32') return join(io.env.APPDATA ?? join(io.homedir, 'AppData', 'Roaming'), 'Strata');
  if (io.platform === 'darwin') return join(io.homedir, 'Library', 'Application Support', 'Strata');
  return join(io.env.XDG_CONFIG_HOME || join(io.homedir, '.config'), 'Strata');
}

/** `--db PATH`, else `$STRATA_DB`, else the desktop app's own store. */
export function resolveStorePath(flag: string | undefined, io: Pick<CliIO, 'env' | 'platform' | 'homedir'>): string {
  return flag || io.env.STRATA_DB || join(userDataDir(io), 'strata.db');
}
