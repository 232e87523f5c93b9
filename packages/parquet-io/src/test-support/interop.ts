/**
 * Reference engines for parquet-io's interop tests: pyarrow and DuckDB through the scripts of
 * tooling/interop/python/. A missing Python environment fails the test with a message that says
 * how to create it; nothing is skipped.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { interopPython, runPython } from '@silt/interop';

export type Engine = 'pyarrow' | 'duckdb';

/** Throws a clear error when the reference-engine Python (with pyarrow and DuckDB) is missing. */
export async function requireReferenceEngines(): Promise<void> {
  let python: string;
  try {
    python = interopPython();
  } catch (error) {
    throw new Error(
      `parquet-io's interop tests need the reference engines (pyarrow, DuckDB): ${(error as Error).message}`,
    );
  }
  try {
    await runPython('import pyarrow, duckdb', [], { timeoutMs: 60_000 });
  } catch (error) {
    throw new Error(
      `The Python at ${python} cannot import pyarrow and duckdb. Install tooling/interop/requirements.txt into it ` +
        `(\`${python} -m pip install -r tooling/interop/requirements.txt\`).\n${(error as Error).message}`,
    );
  }
}

/** The rows of a Parquet file as read by a reference engine, in Silt's canonical JSON form. */
export async function engineJsonLines(
  file: string,
  engine: Engine,
  columns?: string[],
): Promise<string[]> {
  const args = [file, '--engine', engine, ...(columns ? ['--columns', columns.join(',')] : [])];
  const out = await runPython('parquet_to_jsonl.py', args);
  return out.split('\n').filter((line: string) => line !== '');
}

/** A fresh temporary directory, removed by the returned cleanup. */
export async function temporaryDirectory(
  prefix = 'silt-parquet-io-',
): Promise<{ path: string; cleanup: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, cleanup: () => rm(path, { recursive: true, force: true }) };
}
