/**
 * The layering of DESIGN.md, enforced: `npm run lint:layers` (and a test) fail on a wrong-way import.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'core-is-pure',
      comment: 'core/ never imports electron/ or renderer/ (it runs in the CLI, workers and the browser mode too)',
      severity: 'error',
      from: { path: '^core/' },
      to: { path: '^(electron|renderer)/' },
    },
    {
      name: 'core-no-electron-module',
      comment: 'core/ never imports the electron package',
      severity: 'error',
      from: { path: '^core/' },
      to: { path: '^electron$|node_modules/electron/' },
    },
    {
      name: 'renderer-no-node',
      comment: 'the renderer runs in a sandboxed page: no Node built-ins',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'renderer-no-electron',
      comment: 'the renderer talks to main only through the preload bridge (window.strata)',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { path: '^electron/|^electron$|node_modules/electron/' },
    },
    {
      name: 'renderer-no-node-side-core',
      comment: 'the renderer may use core/protocol and pure helpers, never the store, CLI or native modules',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { path: '^core/(store|cli|remote)/|node_modules/(better-sqlite3|pg|pg-copy-streams)/' },
    },
    {
      name: 'postgres-only-in-core-remote',
      comment: 'the PostgreSQL driver is used by core/remote alone (pure JS, but network and Node streams)',
      severity: 'error',
      from: { pathNot: '^core/remote/' },
      to: { path: 'node_modules/(pg|pg-copy-streams|pg-pool|pg-protocol)/' },
    },
    {
      name: 'plugin-sdk-standalone',
      comment: 'the plugin SDK depends on nothing of the app but the wire protocol',
      severity: 'error',
      from: { path: '^plugins/sdk/' },
      to: { path: '^(core|electron|renderer)/', pathNot: '^core/plugins/wire' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // node_modules stay in the graph as leaves (doNotFollow), so rules on packages (pg, better-sqlite3) apply.
    exclude: { path: '(^|/)dist/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'] },
  },
};
