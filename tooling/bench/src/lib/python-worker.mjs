// A persistent Python child process of the reference-engine environment that answers JSON-line
// commands (tooling/interop/python/bench_worker.py). Started once per run, so interpreter and
// import start-up are never part of a timing: the worker times its own ops.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

/**
 * The Python of the reference-engine environment: `SILT_INTEROP_PYTHON`, else `.venv-interop/`
 * at the repository root (the same lookup as @silt/interop's `interopPython`, which is
 * TypeScript and so not importable from these plain .mjs files).
 */
export function interopPython() {
  const fromEnv = process.env.SILT_INTEROP_PYTHON;
  if (fromEnv) return fromEnv;
  const local = join(
    repositoryRoot,
    '.venv-interop',
    process.platform === 'win32' ? 'Scripts/python.exe' : 'bin/python',
  );
  if (existsSync(local)) return local;
  throw new Error(
    'The reference-engine Python environment is missing. Run `npm test` from the repository root once: it creates .venv-interop/ with pyarrow, DuckDB and deltalake (or set SILT_INTEROP_PYTHON).',
  );
}

/** Absolute path of a script in tooling/interop/python/. */
export function pythonScript(name) {
  return join(repositoryRoot, 'tooling', 'interop', 'python', name);
}

export class PythonWorker {
  #child;
  #lines;
  #pending = new Map();
  #nextId = 1;
  #stderr = [];
  #exited = null;

  constructor(child) {
    this.#child = child;
    child.stderr.on('data', (chunk) => {
      this.#stderr.push(chunk);
      process.stderr.write(chunk);
    });
    this.#lines = createInterface({ input: child.stdout });
    this.#lines.on('line', (line) => this.#answer(line));
    child.on('exit', (code, signal) => {
      this.#exited = code ?? signal;
      const error = new Error(
        `python worker exited with ${this.#exited}:\n${Buffer.concat(this.#stderr).toString('utf8')}`,
      );
      for (const { reject } of this.#pending.values()) reject(error);
      this.#pending.clear();
    });
  }

  /** Starts `script` (a file of tooling/interop/python/) and waits for its `hello` answer. */
  static async start(script = 'bench_worker.py') {
    const python = interopPython();
    const child = spawn(python, [pythonScript(script)], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, PYTHONUNBUFFERED: '1', PYTHONDONTWRITEBYTECODE: '1' },
    });
    await new Promise((resolvePromise, reject) => {
      child.once('spawn', resolvePromise);
      child.once('error', (error) =>
        reject(
          new Error(
            `could not start the reference-engine Python ${python}: ${error.message}. Set SILT_INTEROP_PYTHON, or run \`npm test\` once from the repository root to create .venv-interop/.`,
          ),
        ),
      );
    });
    const worker = new PythonWorker(child);
    worker.hello = await worker.request('hello');
    return worker;
  }

  #answer(line) {
    let message;
    try {
      message = JSON.parse(line);
    } catch {
      process.stderr.write(`[python worker, not JSON] ${line}\n`);
      return;
    }
    const waiter = this.#pending.get(message.id);
    if (!waiter) return;
    this.#pending.delete(message.id);
    if (message.ok) waiter.resolve(message);
    else
      waiter.reject(
        new Error(`python op ${waiter.op} failed: ${message.error}\n${message.trace ?? ''}`),
      );
  }

  /** Sends one command and resolves to the worker's answer (rejects when it reports an error). */
  request(op, args = {}) {
    if (this.#exited !== null)
      return Promise.reject(new Error(`python worker has exited (${this.#exited})`));
    const id = this.#nextId++;
    return new Promise((resolvePromise, reject) => {
      this.#pending.set(id, { resolve: resolvePromise, reject, op });
      this.#child.stdin.write(`${JSON.stringify({ id, op, ...args })}\n`);
    });
  }

  /** Asks the worker to quit and waits for it to exit (kills it after `timeoutMs`). */
  async close(timeoutMs = 5000) {
    if (this.#exited !== null) return;
    const exited = new Promise((resolvePromise) => this.#child.once('exit', resolvePromise));
    this.request('quit').catch(() => undefined);
    this.#child.stdin.end();
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), timeoutMs);
    await exited;
    clearTimeout(timer);
  }
}
