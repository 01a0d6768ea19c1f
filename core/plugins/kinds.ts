/** The folders directly under a library: `library/<kind>/<group>/<plugin>/`. */
export const PLUGIN_KINDS = ['analysis', 'operators', 'hooks', 'nodes'] as const;
export type PluginKind = (typeof PLUGIN_KINDS)[number];

export function isPluginKind(s: string): s is PluginKind {
  return (PLUGIN_KINDS as readonly string[]).includes(s);
}

/** What a plugin can do. Timeseer executables declare `help`, `metadata`, `analyze`. */
export const CAPABILITIES = ['help', 'metadata', 'analyze', 'operator', 'node', 'hook'] as const;
export type Capability = (typeof CAPABILITIES)[number];
