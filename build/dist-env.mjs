// The environment electron-builder runs in. A user npmrc with `nodedir=/usr` (as on our dev machines)
// silently makes native rebuilds compile against the system Node instead of Electron's headers, so we
// drop every nodedir setting and ignore the user npmrc for the packaging run.
export function distEnv(env, emptyNpmrc) {
  const out = {};
  for (const [k, v] of Object.entries(env)) {
    if (/^npm_config_nodedir$/i.test(k)) continue;
    out[k] = v;
  }
  out.NPM_CONFIG_USERCONFIG = emptyNpmrc;
  return out;
}
