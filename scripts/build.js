#!/usr/bin/env node
// `npm run build [out dir]`: compiles src/ to dist/ (or the folder given, inside the checkout) with tsc (relative `.ts` imports become `.js`), then copies the
// files the code reads from disk at run time (browser scripts served by the gateway and the demo shop) to
// the same place relative to the compiled code, so `node dist/src/cli/main.js` finds them as tsx does.
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, process.argv[2] ?? 'dist');

// A clean output: a source file deleted since the last build must not live on as stale JavaScript.
rmSync(out, { recursive: true, force: true });
const tsc = spawnSync(
  process.execPath,
  [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json'), '--outDir', out],
  { stdio: 'inherit' },
);
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

/** Every file under `folder` that tsc does not compile (anything but TypeScript), as paths from the root. */
function runtimeAssets(folder) {
  return readdirSync(join(root, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && !entry.name.endsWith('.ts'))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

const assets = [
  ...runtimeAssets('src'),
  // The merchant kit's browser scripts, served by the gateway at /assets.
  'packages/widget/puente-widget.js',
  'packages/bank-buttons/puente-bank-buttons.js',
];
for (const asset of assets) cpSync(join(root, asset), join(out, asset));
console.log(`Built ${out} (${assets.length} assets copied). Start it with: npm run start:prod`);
