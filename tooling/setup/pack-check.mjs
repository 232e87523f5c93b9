#!/usr/bin/env node
// Packs the public packages with pnpm (workspace:* becomes real versions), installs the
// tarballs with plain npm in a blank folder, and imports each package by name, as a user would.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const work = mkdtempSync(join(tmpdir(), 'silt-pack-'));
const tarballs = join(work, 'tarballs');
const app = join(work, 'app');

function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`✖ ${command} ${args.join(' ')} failed (${result.status ?? result.signal})`);
    process.exit(1);
  }
}

const publicPackages = {
  '@silt/parquet-io':
    'const m = await import(\'@silt/parquet-io\'); const t = await m.readParquet(await m.writeParquet(m.tableFromRows(m.parseSchemaJson(\'{"type":"struct","fields":[{"name":"id","type":"long","nullable":true,"metadata":{}}]}\'), [{ id: 1n }]))); if (t.numRows !== 1) throw new Error(\'parquet-io round trip\');',
  '@silt/delta-log':
    "const m = await import('@silt/delta-log'); const s = new m.MemoryStorage(); await s.write('a', new Uint8Array([1])); if ((await s.read('a'))[0] !== 1) throw new Error('delta-log storage');",
  '@silt/stream':
    "const m = await import('@silt/stream'); if (typeof m.SiltError.isInstance !== 'function') throw new Error('stream');",
  '@silt/medallion':
    "const m = await import('@silt/medallion'); if (typeof m.SiltError.isInstance !== 'function') throw new Error('medallion');",
  '@silt/cli':
    "const m = await import('@silt/cli'); if (typeof m.runCli !== 'function') throw new Error('cli');",
};

try {
  // `pnpm` is the pinned one: the quickstart puts its shim first on PATH.
  run(
    'pnpm',
    [
      '-r',
      '--filter',
      './packages/*',
      '--filter',
      './apps/cli',
      'pack',
      '--pack-destination',
      tarballs,
    ],
    root,
  );
  const files = readdirSync(tarballs)
    .filter((f) => f.endsWith('.tgz'))
    .map((f) => join(tarballs, f));
  if (files.length !== Object.keys(publicPackages).length) {
    console.error(`✖ expected ${Object.keys(publicPackages).length} tarballs, got ${files.length}`);
    process.exit(1);
  }
  mkdirSync(app, { recursive: true });
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({ name: 'blank', version: '1.0.0', private: true, type: 'module' }),
  );
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...files], app);
  writeFileSync(
    join(app, 'check.mjs'),
    `${Object.values(publicPackages)
      .map((code) => `{ ${code} }`)
      .join('\n')}\nconsole.log('imported ${Object.keys(publicPackages).join(', ')}');\n`,
  );
  run(process.execPath, ['check.mjs'], app);
  run(join(app, 'node_modules', '.bin', 'silt'), ['--version'], app);
  console.log('✔ the packed packages install with npm and import by name');
} finally {
  rmSync(work, { recursive: true, force: true });
}
