// Pure security policy of the desktop shell (no electron import, so it is unit-tested under Node).

/** The channel prefix of every IPC call; the preload refuses any other channel. */
export const CHANNEL_PREFIX = 'strata:';

/** The channel engine events reach the page on (main → renderer only). */
export const EVENT_CHANNEL = `${CHANNEL_PREFIX}event`;

/** Content-Security-Policy of the app page: only its own scripts, no eval, no remote resources. */
export const APP_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

/** webPreferences of every window: isolated, sandboxed, no Node in the page. */
export function secureWebPreferences(preload: string) {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
  } as const;
}

/** Navigation stays on the app's own page; everything else is blocked. */
export function isAllowedNavigation(target: string, appUrl: string): boolean {
  try {
    const t = new URL(target);
    const a = new URL(appUrl);
    return t.protocol === a.protocol && t.host === a.host && t.pathname === a.pathname;
  } catch {
    return false;
  }
}

/** Links the user clicked may open in the system browser only when they are http(s). */
export function isExternalLinkAllowed(target: string): boolean {
  try {
    const u = new URL(target);
    return (u.protocol === 'https:' || u.protocol === 'http:') && !u.username && !u.password;
  } catch {
    return false;
  }
}

/** IPC calls are accepted only from the app's own top-level page. */
export function isTrustedSender(frameUrl: string | undefined, appUrl: string, isMainFrame: boolean): boolean {
  return isMainFrame && !!frameUrl && isAllowedNavigation(frameUrl, appUrl);
}
