import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repositoryRoot = resolve(here, '..', '..', '..');

/** The Python of the reference-engine environment (`SILT_INTEROP_PYTHON`, else `.venv-interop/`). */
export function interopPython(): string {
  const fromEnv = process.env.SILT_INTEROP_PYTHON;
  if (fromEnv) return fromEnv;
  const local = join(
    repositoryRoot,
    '.venv-interop',
    process.platform === 'win32' ? 'Scripts/python.exe' : 'bin/python',
  );
  if (existsSync(local)) return local;
  throw new Error(
    'The reference-engine Python environment is missing. Run `npm test` from the repository root once: it creates .venv-interop/ with pyarrow, DuckDB and deltalake.',
  );
}

/** Absolute path of a script in tooling/interop/python/. */
export function pythonScript(name: string): string {
  return join(here, '..', 'python', name);
}

/**
 * Runs a Python script of tooling/interop/python/ (or inline code with `-c`) in the
 * reference-engine environment and resolves to its standard output. A non-zero exit rejects
 * with the script's standard error.
 */
export function runPython(
  script: string,
  args: string[] = [],
  options: { input?: string; timeoutMs?: number } = {},
): Promise<string> {
  const argv = script.endsWith('.py') ? [pythonScript(script), ...args] : ['-c', script, ...args];
  return new Promise((resolvePromise, reject) => {
    const child = spawn(interopPython(), argv, {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, PYTHONUNBUFFERED: '1' },
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 300_000);
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolvePromise(Buffer.concat(out).toString('utf8'));
      else
        reject(
          new Error(
            `python ${script} ${args.join(' ')} exited with ${code ?? signal}:\n${Buffer.concat(err).toString('utf8')}`,
          ),
        );
    });
    child.stdin.end(options.input ?? '');
  });
}

/** Runs a script and parses its standard output as JSON. */
export async function runPythonJson<T = unknown>(
  script: string,
  args: string[] = [],
  options: { input?: string; timeoutMs?: number } = {},
): Promise<T> {
  return JSON.parse(await runPython(script, args, options)) as T;
}
