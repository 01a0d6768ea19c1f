#!/usr/bin/env node
// `npm start`: the desktop app. Says plainly what is and is not available on this machine.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const main = fileURLToPath(new URL('../dist/electron/main.js', import.meta.url));
if (!existsSync(main)) {
  process.stderr.write(
    'Strata: the desktop window is not part of this build yet (see README "Status").\n' +
      'Use the command line meanwhile: npx strata --help\n',
  );
  process.exit(1);
}
let electronPath;
try {
  // The electron package fetches its binary on first start; where that cannot happen it throws.
  electronPath = createRequire(import.meta.url)('electron');
} catch (e) {
  process.stderr.write(
    `Strata: cannot start Electron here: ${e.message}\n` +
      'Electron downloads its binary on first start and this machine cannot fetch it.\n' +
      'Use the browser mode instead: npm run serve\n',
  );
  process.exit(1);
}
const child = spawn(electronPath, [root], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 1));
