/**
 * Several processes append to one table on local disk at the same moment: put-if-absent commits
 * and rebasing must give contiguous versions with every row exactly once — as delta-rs reads it.
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeTempDir, removeTempDir, runPython } from '@silt/interop';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeltaTable, writeDeltaLake } from '../src/index.js';

const WORKERS = 4;
const APPENDS = 25;
const worker = fileURLToPath(new URL('./fixtures/append-worker.mjs', import.meta.url));

function run(table: string, id: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [worker, table, String(id), String(APPENDS)], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += String(chunk);
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`worker ${id} exited with ${code}: ${stderr}`)),
    );
  });
}

describe(`${WORKERS} processes × ${APPENDS} appends to one table`, () => {
  let root: string;
  let table: string;

  beforeAll(async () => {
    root = await makeTempDir('silt-concurrency-');
    table = join(root, 'table');
    await writeDeltaLake(table, { rows: [], schema: 'worker INT, seq INT' });
    await Promise.all(Array.from({ length: WORKERS }, (_, id) => run(table, id)));
  }, 600_000);

  afterAll(async () => {
    if (root) await removeTempDir(root);
  });

  it('commits versions 0 to 100 with no gap', () => {
    const commits = readdirSync(join(table, '_delta_log'))
      .filter((name) => /^\d{20}\.json$/.test(name))
      .map((name) => Number(name.slice(0, 20)))
      .sort((a, b) => a - b);
    expect(commits).toEqual(Array.from({ length: WORKERS * APPENDS + 1 }, (_, v) => v));
  });

  it('holds every row exactly once, as Silt and delta-rs read it', async () => {
    const expected = Array.from({ length: WORKERS }, (_, w) =>
      Array.from({ length: APPENDS }, (_, s) => `${w}:${s}`),
    )
      .flat()
      .sort();
    const silt = await (await DeltaTable.open(table)).scan().toArrow();
    const siltRows = silt.toArray().map((row) => `${row.worker}:${row.seq}`);
    expect(siltRows.sort()).toEqual(expected);
    const out = await runPython(
      // os._exit: deltalake's native threads sometimes abort the interpreter's normal shutdown.
      'import os, sys, json; from deltalake import DeltaTable; t = DeltaTable(sys.argv[1]); d = t.to_pyarrow_table().to_pylist(); print(json.dumps({"version": t.version(), "rows": sorted(f"{r[\'worker\']}:{r[\'seq\']}" for r in d)}), flush=True); os._exit(0)',
      [table],
    );
    const reference = JSON.parse(out) as { version: number; rows: string[] };
    expect(reference.version).toBe(WORKERS * APPENDS);
    expect(reference.rows).toEqual(expected);
  });
});

describe('a writer killed at any instant', () => {
  let root: string;

  beforeAll(async () => {
    root = await makeTempDir('silt-crash-');
  });

  afterAll(async () => {
    if (root) await removeTempDir(root);
  });

  it('leaves the table readable at its last committed version, with no torn commit', async () => {
    const table = join(root, 'table');
    await writeDeltaLake(table, { rows: [], schema: 'worker INT, seq INT' });
    // Kill appending processes after varying delays, so that some die mid-file or mid-commit.
    for (const delay of [150, 260, 370, 480, 590, 700]) {
      const child = spawn(process.execPath, [worker, table, '9', '1000'], { stdio: 'ignore' });
      await new Promise((resolve) => setTimeout(resolve, delay));
      child.kill('SIGKILL');
      await new Promise((resolve) => child.on('close', resolve));
    }
    const commits = readdirSync(join(table, '_delta_log'))
      .filter((name) => /^\d{20}\.json$/.test(name))
      .map((name) => Number(name.slice(0, 20)))
      .sort((a, b) => a - b);
    expect(commits).toEqual(Array.from({ length: commits.length }, (_, v) => v));
    const latest = await DeltaTable.open(table);
    expect(latest.version).toBe(commits.at(-1));
    expect(latest.version).toBeGreaterThan(0);
    // Every committed append holds exactly one row; orphan files of killed writes are not read.
    const rows = (await latest.scan().toArrow()).numRows;
    expect(rows).toBe(latest.version);
    const out = await runPython(
      'import os, sys, json; from deltalake import DeltaTable; t = DeltaTable(sys.argv[1]); print(json.dumps({"version": t.version(), "rows": t.to_pyarrow_table().num_rows}), flush=True); os._exit(0)',
      [table],
    );
    expect(JSON.parse(out)).toEqual({ version: latest.version, rows });
  }, 120_000);
});
