#!/usr/bin/env node
// The README's two commands end here: `npm run demo` and `npm test`.
// On a fresh machine with only Node and Python 3 this installs everything the project needs
// (pnpm at the pinned version, the workspace, the reference-engine virtual environment) and
// then runs the demo or the whole test suite. Every step is idempotent, so a second run is fast.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const mode = process.argv[2];
const passthrough = process.argv.slice(3);

function step(title) {
  console.log(`\n▶ ${title}`);
}

function fail(message, hint) {
  console.error(`\n✖ ${message}${hint ? `\n  hint: ${hint}` : ''}`);
  process.exit(1);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.error) fail(`could not start ${command}: ${result.error.message}`);
  if (result.status !== 0) {
    fail(`${[command, ...args].join(' ')} exited with ${result.status ?? result.signal}`);
  }
}

function pinnedPnpmVersion() {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const match = /^pnpm@(\d+\.\d+\.\d+)/.exec(manifest.packageManager ?? '');
  if (!match) fail('package.json has no "packageManager": "pnpm@x.y.z" pin');
  return match[1];
}

/**
 * Installs pnpm at the pinned version into .tools/ with the npm that ships with Node, and puts a
 * `pnpm` shim first on PATH: turbo runs each package's scripts through `pnpm`, so the pinned one
 * must be what that name finds, whatever else the machine has.
 */
function ensurePnpm() {
  const version = pinnedPnpmVersion();
  const prefix = join(root, '.tools', `pnpm-${version}`);
  const entry = join(prefix, 'node_modules', 'pnpm', 'bin', 'pnpm.cjs');
  if (!existsSync(entry)) {
    step(`installing pnpm ${version} into .tools/`);
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    run(npm, [
      'install',
      '--prefix',
      prefix,
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      `pnpm@${version}`,
    ]);
  }
  const bin = join(root, '.tools', 'bin');
  mkdirSync(bin, { recursive: true });
  const shim = join(bin, 'pnpm');
  writeFileSync(shim, `#!/bin/sh\nexec "${process.execPath}" "${entry}" "$@"\n`);
  chmodSync(shim, 0o755);
  process.env.PATH = `${bin}${delimiter}${process.env.PATH ?? ''}`;
  return (args, options) => run(process.execPath, [entry, ...args], options);
}

const requirementsFile = join(root, 'tooling', 'interop', 'requirements.txt');
const venv = join(root, '.venv-interop');
const venvPython = join(venv, process.platform === 'win32' ? 'Scripts/python.exe' : 'bin/python');

/** Creates the git-ignored Python environment of the reference engines (delta-rs, pyarrow, DuckDB). */
function ensureInteropVenv() {
  const requirements = readFileSync(requirementsFile, 'utf8');
  const stamp = join(venv, '.silt-requirements.sha256');
  const digest = createHash('sha256').update(requirements).digest('hex');
  if (existsSync(venvPython) && existsSync(stamp) && readFileSync(stamp, 'utf8') === digest) return;
  step('creating the reference-engine Python environment in .venv-interop/');
  const python = process.env.PYTHON ?? 'python3';
  const probe = spawnSync(python, ['-c', 'import venv, sys; assert sys.version_info >= (3, 9)']);
  if (probe.status !== 0) {
    fail(
      `${python} with the venv module (Python 3.9+) is needed for the reference engines`,
      'install Python 3 (on Debian: apt-get install python3-venv) or set PYTHON',
    );
  }
  if (!existsSync(venvPython)) run(python, ['-m', 'venv', venv]);
  run(venvPython, [
    '-m',
    'pip',
    'install',
    '--quiet',
    '--disable-pip-version-check',
    '-r',
    requirementsFile,
  ]);
  writeFileSync(stamp, digest);
}

/**
 * Apache Spark, the second reference engine (pyspark and delta-spark come with the venv): checks
 * that a Java 17+ runtime is there, then has Spark fetch the Delta Lake jars from Maven Central
 * into the git-ignored .tools/ivy/ once (spark_dump.py --check starts a SparkSession, which
 * resolves them through Ivy). A stamp of the pinned versions makes a second run skip this.
 */
function ensureSpark() {
  const pins = readFileSync(requirementsFile, 'utf8')
    .split('\n')
    .filter((line) => /^(pyspark|delta-spark)==/.test(line.trim()))
    .join('\n');
  const ivy = join(root, '.tools', 'ivy');
  const stamp = join(ivy, '.silt-delta-jars.sha256');
  const digest = createHash('sha256').update(pins).digest('hex');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === digest) return;
  step('checking Java for Apache Spark (the second reference engine)');
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
  const version = /version "(\d+)(?:\.(\d+))?/.exec(`${java.stderr ?? ''}${java.stdout ?? ''}`);
  const major = version ? Number(version[1] === '1' ? version[2] : version[1]) : 0;
  if (java.error || major < 17) {
    fail(
      `Java 17 or newer is needed for Apache Spark${major ? ` (found Java ${major})` : ' (java not found)'}`,
      'install a JDK or JRE 17+ (on Debian: apt-get install openjdk-17-jre-headless) and put java on PATH',
    );
  }
  console.log(`  Java ${major}`);
  step('fetching the Delta Lake jars for Spark from Maven Central into .tools/ivy/ (once)');
  mkdirSync(ivy, { recursive: true });
  const script = join(root, 'tooling', 'interop', 'python', 'spark_dump.py');
  run(venvPython, [script, '--check']);
  writeFileSync(stamp, digest);
}

const pnpm = (() => {
  if (mode !== 'demo' && mode !== 'test') {
    fail(
      'usage: node tooling/setup/quickstart.mjs demo|test',
      'run `npm run demo` or `npm test` from the repository root',
    );
  }
  return ensurePnpm();
})();

step('installing the workspace (pnpm install)');
pnpm(['install', '--frozen-lockfile', '--prefer-offline', '--reporter=append-only']);

if (mode === 'demo') {
  step('running the demo on ./lake');
  pnpm(['exec', 'turbo', 'run', 'demo', '--output-logs=new-only', ...passthrough]);
} else {
  ensureInteropVenv();
  ensureSpark();
  const env = { ...process.env, SILT_INTEROP_PYTHON: venvPython };
  step('build, typecheck and lint');
  pnpm(['exec', 'turbo', 'run', 'build', 'typecheck', '--output-logs=errors-only'], { env });
  pnpm(['exec', 'biome', 'check', '.'], { env });
  step('tests, the reference-engine tests included');
  pnpm(['exec', 'turbo', 'run', 'test', '--concurrency=1', '--output-logs=full', ...passthrough], {
    env,
  });
  step('packing the public packages and installing them with npm in a blank folder');
  run(process.execPath, [join(root, 'tooling', 'setup', 'pack-check.mjs')], { env });
  console.log('\n✔ all checks passed');
}
