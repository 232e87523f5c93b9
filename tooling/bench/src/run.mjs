#!/usr/bin/env node
// Runs Silt's benchmarks: `node src/run.mjs [name ...] [--option value ...]`.
// With no name, runs every implemented benchmark. Each benchmark module exports `name`,
// `description`, `options` (node:util parseArgs specs), `run(values)` and `save(result)`.
import { parseArgs } from 'node:util';

/** Every benchmark, by name; `null` marks one that is planned but not written yet. */
const BENCHMARKS = {
  parquet: () => import('./benchmarks/parquet.mjs'),
  snapshot: () => import('./benchmarks/snapshot.mjs'),
  scan: () => import('./benchmarks/scan.mjs'),
  write: () => import('./benchmarks/write.mjs'),
  merge: () => import('./benchmarks/merge.mjs'),
};

const common = {
  help: { type: 'boolean', short: 'h', default: false },
  'no-save': { type: 'boolean', default: false },
};

function usage(modules) {
  const lines = [
    'usage: pnpm --filter @silt/bench bench -- [name ...] [options]',
    '',
    'benchmarks:',
    ...Object.entries(BENCHMARKS).map(([name, load]) => {
      const module = modules[name];
      return `  ${name.padEnd(10)} ${load ? (module?.description ?? '') : '(planned)'}`;
    }),
    '',
    'options:',
    '  --no-save               print only; do not write results/<name>-latest.{json,md}',
  ];
  // An option several benchmarks share (same spec) is listed once, with their names.
  const flags = new Map();
  for (const [name, module] of Object.entries(modules)) {
    for (const [flag, spec] of Object.entries(module.options ?? {})) {
      const entry = flags.get(flag) ?? { spec, names: [] };
      entry.names.push(name);
      flags.set(flag, entry);
    }
  }
  for (const [flag, { spec, names }] of flags) {
    lines.push(`  --${flag.padEnd(19)} (${names.join(', ')}) default ${spec.default ?? 'none'}`);
  }
  return lines.join('\n');
}

async function main() {
  // `pnpm run bench -- x` passes the `--` through: drop it.
  const argv = process.argv.slice(2).filter((arg, k) => !(k === 0 && arg === '--'));
  const modules = {};
  for (const [name, load] of Object.entries(BENCHMARKS)) if (load) modules[name] = await load();
  const optionSpecs = { ...common };
  for (const module of Object.values(modules)) Object.assign(optionSpecs, module.options ?? {});
  const { values, positionals } = parseArgs({
    args: argv,
    options: optionSpecs,
    allowPositionals: true,
  });
  if (values.help) {
    console.log(usage(modules));
    return;
  }
  const names = positionals.length > 0 ? positionals : Object.keys(modules);
  for (const name of names) {
    if (!(name in BENCHMARKS))
      throw new Error(`no benchmark "${name}"; known: ${Object.keys(BENCHMARKS).join(', ')}`);
    if (!BENCHMARKS[name]) throw new Error(`benchmark "${name}" is planned but not written yet`);
  }
  if (typeof globalThis.gc !== 'function') {
    console.warn(
      'note: run with `node --expose-gc` (as `pnpm bench` does) to collect garbage between measured ops',
    );
  }
  for (const name of names) {
    const module = modules[name];
    console.log(`\n=== ${name}: ${module.description}`);
    const result = await module.run(values);
    if (!values['no-save']) {
      const { jsonPath, mdPath } = module.save(result);
      console.log(`  wrote ${jsonPath}\n  wrote ${mdPath}`);
    }
  }
}

main().catch((error) => {
  console.error(`\nbenchmark failed: ${error.stack ?? error}`);
  process.exit(1);
});
