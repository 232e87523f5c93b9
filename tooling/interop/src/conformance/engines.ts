import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { interopPython, pythonScript } from '../python.ts';
import { repositoryRoot, tableListingDigest } from './tables.ts';
import type {
  ConformanceTable,
  EngineFailure,
  EngineName,
  EngineResult,
  EngineSuccess,
  RequestedVersion,
} from './types.ts';

/** An engine's answer as cached: the rows stand apart, by the digest of their lines. */
export type StoredResult = (Omit<EngineSuccess, 'rows'> & { rowsId: string }) | EngineFailure;

interface CacheFile {
  key: string;
  table: string;
  results: StoredResult[];
}

const SCRIPTS: Record<EngineName, string> = {
  'delta-rs': 'conformance_deltars.py',
  spark: 'spark_dump.py',
};

/** Files whose change makes an engine's cached answers stale: the pins and its scripts. */
const FINGERPRINT_FILES: Record<EngineName, string[]> = {
  'delta-rs': ['conformance_deltars.py'],
  spark: ['spark_dump.py'],
};
const SHARED_FINGERPRINT_FILES = [
  join(repositoryRoot, 'tooling', 'interop', 'requirements.txt'),
  pythonScript('conformance_common.py'),
  pythonScript('parquet_to_jsonl.py'),
];

function fingerprint(engine: EngineName): string {
  const files = [...SHARED_FINGERPRINT_FILES, ...FINGERPRINT_FILES[engine].map(pythonScript)];
  return digest(
    files.map((file) => (existsSync(file) ? readFileSync(file, 'utf8') : '')).join('\0'),
  );
}

/** The git-ignored cache folder: `SILT_CONFORMANCE_CACHE`, else `.tools/conformance-cache/`. */
export function defaultCacheDir(): string {
  return process.env.SILT_CONFORMANCE_CACHE ?? join(repositoryRoot, '.tools', 'conformance-cache');
}

export function requestedKey(requested: RequestedVersion): string {
  return String(requested);
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function slug(name: string): string {
  return `${name.replace(/[^A-Za-z0-9._-]+/g, '_')}-${digest(name).slice(0, 8)}`;
}

function writeAtomically(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

export interface StreamOptions {
  input?: string;
  timeoutMs?: number;
  onStderrLine?: (line: string) => void;
}

/**
 * Runs a script of tooling/interop/python/ in the reference-engine environment and hands each
 * line of its standard output, parsed as JSON, to `onObject` as it arrives (answers can be
 * hundreds of megabytes: nothing is held whole). Rejects on a non-zero exit, with the end of
 * the script's standard error.
 */
export function streamPythonObjects(
  script: string,
  args: string[],
  onObject: (value: unknown) => void,
  options: StreamOptions = {},
): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(interopPython(), [pythonScript(script), ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, PYTHONUNBUFFERED: '1', PYTHONDONTWRITEBYTECODE: '1' },
    });
    let stderrTail = '';
    let failure: unknown = null;
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 3_600_000);
    const lines = createInterface({ input: child.stdout, crlfDelay: Number.POSITIVE_INFINITY });
    lines.on('line', (line) => {
      if (failure || line.trim() === '') return;
      try {
        onObject(JSON.parse(line));
      } catch (error) {
        failure = error;
        child.kill('SIGKILL');
      }
    });
    const errors = createInterface({ input: child.stderr, crlfDelay: Number.POSITIVE_INFINITY });
    errors.on('line', (line) => {
      stderrTail = (stderrTail + line + '\n').slice(-20_000);
      options.onStderrLine?.(line);
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (failure) reject(failure);
      else if (code === 0) resolvePromise();
      else {
        const command = `python ${script} ${args.slice(0, 4).join(' ')}${args.length > 4 ? ' …' : ''}`;
        reject(new Error(`${command} exited with ${code ?? signal}:\n${stderrTail}`));
      }
    });
    child.stdin.end(options.input ?? '');
  });
}

export interface ReferenceStoreOptions {
  cacheDir?: string;
  /** Progress lines (engine runs, timings); default: none. */
  log?: (message: string) => void;
  timeoutMs?: number;
}

/**
 * The reference engines' answers per table and version, computed once and cached on disk under
 * a key made of the table's file listing and the engines' pins and scripts, so that a rerun
 * over unchanged tables starts no engine at all.
 */
export class ReferenceStore {
  readonly cacheDir: string;
  private readonly log: (message: string) => void;
  private readonly timeoutMs: number;
  private readonly fingerprints: Record<EngineName, string>;
  private readonly keys = new Map<string, string>();
  /** The last rowsets file read: a table's versions are compared one after the other. */
  private lastRowsets: { path: string; rowsets: Record<string, string[]> } | undefined;

  constructor(options: ReferenceStoreOptions = {}) {
    this.cacheDir = options.cacheDir ?? defaultCacheDir();
    this.log = options.log ?? (() => {});
    this.timeoutMs = options.timeoutMs ?? 3_600_000;
    this.fingerprints = { 'delta-rs': fingerprint('delta-rs'), spark: fingerprint('spark') };
  }

  private key(engine: EngineName, table: ConformanceTable): string {
    const cached = this.keys.get(table.dir);
    const listing = cached ?? tableListingDigest(table.dir);
    if (!cached) this.keys.set(table.dir, listing);
    return digest(`${engine}\0${this.fingerprints[engine]}\0${listing}`);
  }

  private paths(engine: EngineName, table: ConformanceTable): { results: string; rows: string } {
    const folder = join(this.cacheDir, engine);
    const base = join(folder, slug(table.name));
    return { results: `${base}.json`, rows: `${base}.rows.json` };
  }

  /** The cached answers of `engine` for `table`, or undefined when none or stale. */
  results(engine: EngineName, table: ConformanceTable): StoredResult[] | undefined {
    const { results } = this.paths(engine, table);
    if (!existsSync(results)) return undefined;
    try {
      const file = JSON.parse(readFileSync(results, 'utf8')) as CacheFile;
      return file.key === this.key(engine, table) ? file.results : undefined;
    } catch {
      return undefined;
    }
  }

  /** The rows of one cached answer. */
  rows(engine: EngineName, table: ConformanceTable, rowsId: string): string[] {
    const path = this.paths(engine, table).rows;
    if (this.lastRowsets?.path !== path) {
      this.lastRowsets = { path, rowsets: this.readRowsets(engine, table) };
    }
    const rowsets = this.lastRowsets.rowsets;
    const rows = rowsets[rowsId];
    if (!rows) throw new Error(`the ${engine} cache of ${table.name} has no rows ${rowsId}`);
    return rows;
  }

  private readRowsets(engine: EngineName, table: ConformanceTable): Record<string, string[]> {
    const { rows } = this.paths(engine, table);
    if (!existsSync(rows)) return {};
    try {
      return JSON.parse(readFileSync(rows, 'utf8')) as Record<string, string[]>;
    } catch {
      return {};
    }
  }

  private store(
    engine: EngineName,
    table: ConformanceTable,
    answers: EngineResult[],
    merge: boolean,
  ): void {
    const paths = this.paths(engine, table);
    if (this.lastRowsets?.path === paths.rows) this.lastRowsets = undefined;
    mkdirSync(join(this.cacheDir, engine), { recursive: true });
    const previous = merge ? (this.results(engine, table) ?? []) : [];
    const rowsets = merge && previous.length > 0 ? this.readRowsets(engine, table) : {};
    const byRequest = new Map<string, StoredResult>();
    for (const result of previous) byRequest.set(requestedKey(result.requested), result);
    for (const answer of answers) {
      if (answer.error) {
        byRequest.set(requestedKey(answer.requested), answer);
        continue;
      }
      const { rows, ...rest } = answer;
      const rowsId = digest(rows.join('\n')).slice(0, 32);
      rowsets[rowsId] = rows;
      byRequest.set(requestedKey(answer.requested), { ...rest, rowsId });
    }
    const results = [...byRequest.values()];
    const used = new Set(results.flatMap((result) => ('rowsId' in result ? [result.rowsId] : [])));
    for (const id of Object.keys(rowsets)) if (!used.has(id)) delete rowsets[id];
    writeAtomically(paths.rows, JSON.stringify(rowsets));
    const file: CacheFile = { key: this.key(engine, table), table: table.name, results };
    writeAtomically(paths.results, JSON.stringify(file));
  }

  /**
   * Makes sure delta-rs's answers for every version of every table (and the latest) are
   * cached: one conformance_deltars.py process for all the tables not cached yet.
   */
  async ensureDeltaRs(tables: ConformanceTable[]): Promise<{ ran: number; seconds: number }> {
    const missing = tables.filter((table) => !this.results('delta-rs', table));
    if (missing.length === 0) return { ran: 0, seconds: 0 };
    this.log(`delta-rs: reading ${missing.length} table(s), every version`);
    const started = performance.now();
    await this.runEngine(
      'delta-rs',
      missing,
      ['--all-versions', ...missing.map((t) => t.dir)],
      '',
      false,
    );
    const seconds = (performance.now() - started) / 1000;
    this.log(`delta-rs: done in ${seconds.toFixed(1)} s`);
    return { ran: missing.length, seconds };
  }

  /**
   * Makes sure Spark's answers for the given (table, versions) are cached: one spark_dump.py
   * process (one SparkSession) for everything not cached yet.
   */
  async ensureSpark(
    wanted: Map<ConformanceTable, RequestedVersion[]>,
  ): Promise<{ ran: number; seconds: number }> {
    const requests: { table: string; version: RequestedVersion }[] = [];
    const touched: ConformanceTable[] = [];
    for (const [table, versions] of wanted) {
      const have = new Set(
        (this.results('spark', table) ?? []).map((r) => requestedKey(r.requested)),
      );
      const need = versions.filter((version) => !have.has(requestedKey(version)));
      if (need.length === 0) continue;
      touched.push(table);
      for (const version of need) requests.push({ table: table.dir, version });
    }
    if (requests.length === 0) return { ran: 0, seconds: 0 };
    this.log(
      `spark: reading ${requests.length} (table, version) pair(s) of ${touched.length} table(s)`,
    );
    const started = performance.now();
    await this.runEngine('spark', touched, ['--requests', '-'], JSON.stringify(requests), true);
    const seconds = (performance.now() - started) / 1000;
    this.log(`spark: done in ${seconds.toFixed(1)} s`);
    return { ran: requests.length, seconds };
  }

  private async runEngine(
    engine: EngineName,
    tables: ConformanceTable[],
    args: string[],
    input: string,
    merge: boolean,
  ): Promise<void> {
    const byDir = new Map(tables.map((table) => [table.dir, table]));
    let current: ConformanceTable | undefined;
    let pending: EngineResult[] = [];
    const flush = (): void => {
      if (current && pending.length > 0) this.store(engine, current, pending, merge);
      pending = [];
    };
    await streamPythonObjects(
      SCRIPTS[engine],
      args,
      (value) => {
        const answer = value as EngineResult;
        const table = byDir.get(answer.table);
        if (!table)
          throw new Error(`${engine} answered for a table it was not asked: ${answer.table}`);
        if (table !== current) {
          flush();
          current = table;
        }
        pending.push(answer);
      },
      {
        input,
        timeoutMs: this.timeoutMs,
        onStderrLine: (line) => {
          if (line.startsWith('spark_dump: SparkSession started'))
            this.log(line.replace('spark_dump: ', 'spark: '));
        },
      },
    );
    flush();
  }
}
