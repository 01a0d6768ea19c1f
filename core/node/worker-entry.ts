// Node-only helper for starting worker threads from both compiled JS and TypeScript sources.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/**
 * The entry URL of a worker module `<base>.js|.ts` next to the module at `metaUrl`. Compiled: the .js file.
 * From TypeScript sources (tests, tsx): a tiny ES module that registers tsx's loader in the worker thread
 * and then imports the .ts file (worker threads do not inherit the parent's loader).
 */
export function workerEntry(metaUrl: string, base: string): URL {
  if (!metaUrl.endsWith('.ts')) return new URL(`./${base}.js`, metaUrl);
  // The ESM build of tsx's API (require.resolve finds the CommonJS one next to it).
  const tsxApi = pathToFileURL(createRequire(metaUrl).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const target = new URL(`./${base}.ts`, metaUrl).href;
  const code = `import { register } from ${JSON.stringify(tsxApi)}; register(); await import(${JSON.stringify(target)});`;
  return new URL('data:text/javascript,' + encodeURIComponent(code));
}
