import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSchema, tableFromRows, writeParquetFile } from '@silt/parquet-io';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  checkClauses,
  collectAssignments,
  createActivity,
  parseAssignment,
  splitTopLevel,
} from './commands/dml-commands.js';
import { type CliIo, runCli } from './program.js';

let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'silt-cli-dml-'));
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(...argv: string[]): Promise<Result> {
  return runWith({}, ...argv);
}

async function runWith(io: Partial<CliIo>, ...argv: string[]): Promise<Result> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    ...io,
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
  });
  return { code, stdout, stderr };
}

let counter = 0;
function tablePath(): string {
  return join(folder, `table-${++counter}`);
}

async function input(name: string, text: string): Promise<string> {
  const path = join(folder, name);
  await writeFile(path, text);
  return path;
}

function jsonLines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line));
}

const byId = (a: Record<string, unknown>, b: Record<string, unknown>) =>
  Number(a.id) - Number(b.id);

/** The rows of a table (or those matching `where`), by id. */
async function rows(table: string, ...flags: string[]): Promise<Record<string, unknown>[]> {
  const result = await run('cat', table, '--format', 'jsonl', ...flags);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return jsonLines(result.stdout).sort(byId);
}

async function ids(table: string, ...flags: string[]): Promise<number[]> {
  return (await rows(table, ...flags)).map((row) => Number(row.id));
}

async function version(table: string): Promise<number> {
  return JSON.parse((await run('describe', table, '--format', 'json')).stdout).version;
}

function expectOneLineError(result: Result, pattern: RegExp): void {
  expect(result.code).toBe(1);
  expect(result.stdout).toBe('');
  expect(result.stderr.endsWith('\n')).toBe(true);
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(/^error: /);
  expect(result.stderr).toMatch(pattern);
}

function expectUsageError(result: Result, pattern: RegExp): void {
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr).toMatch(pattern);
}

const SCHEMA = 'id BIGINT NOT NULL, city STRING, amount DECIMAL(10,2)';
const CSV =
  'id,city,amount\n1,Oslo,12.50\n2,Lima,3.00\n3,Oslo,\n4,Rome,7.25\n5,Lima,40.00\n6,Rome,0.50\n';

/** A table of six orders over three city partitions (one file each); `extra` adds flags. */
async function ordersTable(...extra: string[]): Promise<string> {
  const table = tablePath();
  const csv = await input(`orders-${counter}.csv`, CSV);
  const result = await run(
    'write',
    table,
    '--from',
    csv,
    '--schema',
    SCHEMA,
    '--partition-by',
    'city',
    ...extra,
  );
  expect(result.code).toBe(0);
  return table;
}

/** The same orders, unpartitioned, in one file per two rows (so that statistics skip files). */
async function unpartitionedTable(...extra: string[]): Promise<string> {
  const table = tablePath();
  const csv = await input(`flat-${counter}.csv`, CSV);
  expect((await run('write', table, '--from', csv, '--schema', SCHEMA, ...extra)).code).toBe(0);
  for (const more of ['7,Oslo,1.00\n8,Oslo,2.00\n', '9,Lima,100.00\n10,Rome,\n']) {
    const file = await input(`flat-more-${++counter}.csv`, `id,city,amount\n${more}`);
    expect((await run('write', table, '--from', file, '--mode', 'append')).code).toBe(0);
  }
  return table;
}

describe('silt cat --where', () => {
  it('keeps the matching rows, with --columns and --limit', async () => {
    const table = await ordersTable();
    expect(await ids(table, '--where', "city = 'Oslo'")).toEqual([1, 3]);
    expect(await ids(table, '--where', 'amount >= 7.25 OR amount IS NULL')).toEqual([1, 3, 4, 5]);
    expect(await ids(table, '--where', "city IN ('Lima', 'Rome') AND amount < 5")).toEqual([2, 6]);
    expect(await rows(table, '--where', 'id = 4', '--columns', 'amount')).toEqual([
      { amount: '7.25' },
    ]);
    expect(await rows(table, '--where', 'amount > 1', '--limit', '1')).toHaveLength(1);
    expect(await rows(table, '--where', "city = 'Paris'")).toEqual([]);
    const text = await run('cat', table, '--where', "city = 'Rome'");
    expect(text.stdout).toContain('(2 rows)');
  });

  it('resolves columns case-insensitively and casts as Spark does', async () => {
    const table = await ordersTable();
    expect(await ids(table, '--where', 'ID = 2')).toEqual([2]);
    expect(await ids(table, '--where', 'amount = 3')).toEqual([2]);
    expect(await ids(table, '--where', "amount = CAST('3.00' AS DECIMAL(10,2))")).toEqual([2]);
  });

  it('evaluates functions and arithmetic too, while the rest still skips files', async () => {
    const table = await ordersTable();
    expect(await ids(table, '--where', "lower(city) = 'oslo'")).toEqual([1, 3]);
    expect(await ids(table, '--where', "id + 1 > 5 AND city = 'Rome'")).toEqual([6]);
    expect(
      await rows(table, '--where', 'amount * 2 > 20', '--columns', 'city', '--format', 'jsonl'),
    ).toEqual(expect.arrayContaining([{ city: 'Oslo' }, { city: 'Lima' }]));
    expect(await rows(table, '--where', 'amount * 2 > 20', '--columns', 'city')).toHaveLength(2);
  });

  it('an unknown column exits 1 with one line that lists the columns and names --where', async () => {
    const table = await ordersTable();
    expectOneLineError(
      await run('cat', table, '--where', "town = 'Oslo'"),
      /no column town \(its columns are: id, city, amount\)/,
    );
    expectOneLineError(
      await run('cat', table, '--where', 'city = 1'),
      /Invalid predicate: city \(string\) cannot be compared with 1/,
    );
  });

  it('a predicate that does not parse exits 1 with its position', async () => {
    const table = await ordersTable();
    expectOneLineError(
      await run('cat', table, '--where', 'amount >'),
      /Invalid predicate: .*at position 9/,
    );
    const result = await run('cat', table, '--where', 'id = 1 AND');
    expect(result.code).toBe(1);
    expect(result.stderr).not.toContain('col(');
  });
});

describe('silt delete', () => {
  it('deletes the matching rows and prints the version and the DELETE metrics', async () => {
    const table = await ordersTable();
    const result = await run('delete', table, '--where', 'amount < 5');
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(new RegExp(`^deleted 2 rows from ${table} \\(version 1\\)\\n`));
    expect(result.stdout).toMatch(/\n {2}numDeletedRows +2\n/);
    expect(result.stdout).toMatch(/\n {2}numRemovedFiles +2\n/);
    expect(result.stdout).toMatch(/\n {2}numCopiedRows +2\n/);
    expect(result.stdout).toMatch(/\n {2}numDeletionVectorsAdded +0\n/);
    expect(await ids(table)).toEqual([1, 3, 4, 5]);
    const history = JSON.parse((await run('history', table, '--format', 'json')).stdout);
    expect(history[0].operation).toBe('DELETE');
  });

  it('--format json prints the version, whether it committed, and the metrics', async () => {
    const table = await ordersTable();
    const result = await run('delete', table, '--where', "city = 'Lima'", '--format', 'json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      table,
      version: 1,
      committed: true,
      metrics: expect.objectContaining({
        numDeletedRows: 2,
        numRemovedFiles: 1,
        numAddedFiles: 0,
        numCopiedRows: 0,
        numDeletionVectorsAdded: 0,
      }),
    });
    expect(await ids(table)).toEqual([1, 3, 4, 6]);
  });

  it('marks rows in deletion vectors when the table enables them', async () => {
    const table = await unpartitionedTable('--property', 'delta.enableDeletionVectors=true');
    const result = await run('delete', table, '--where', 'id = 8', '--format', 'json');
    expect(result.code).toBe(0);
    const { metrics } = JSON.parse(result.stdout);
    expect(metrics).toMatchObject({ numDeletedRows: 1, numDeletionVectorsAdded: 1 });
    expect(await ids(table)).toEqual([1, 2, 3, 4, 5, 6, 7, 9, 10]);
    const files = JSON.parse((await run('files', table, '--format', 'json')).stdout);
    expect(files.map((f: { deletedRows: number }) => f.deletedRows)).toContain(1);
  });

  it('with no matching row commits nothing', async () => {
    const table = await ordersTable();
    const result = await run('delete', table, '--where', 'amount > 1000');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      new RegExp(`^no rows matched: nothing committed; ${table} stays at version 0\\n`),
    );
    const json = JSON.parse(
      (await run('delete', table, '--where', 'amount > 1000', '--format', 'json')).stdout,
    );
    expect(json).toMatchObject({ version: 0, committed: false, metrics: { numDeletedRows: 0 } });
    expect(await version(table)).toBe(0);
  });

  it('refuses to run without --where unless --all is given (exit 2)', async () => {
    const table = await ordersTable();
    expectUsageError(
      await run('delete', table),
      /delete needs --where .*--all to delete every row/,
    );
    expectUsageError(
      await run('delete', table, '--all', '--where', 'id = 1'),
      /--where and --all cannot be used together/,
    );
    expect(await ids(table)).toEqual([1, 2, 3, 4, 5, 6]);
    const all = await run('delete', table, '--all');
    expect(all.code).toBe(0);
    expect(all.stdout).toMatch(/^deleted 6 rows from .* \(version 1\)/);
    expect(await ids(table)).toEqual([]);
  });

  it('an unknown column, a bad predicate or a missing table exits 1 with one line', async () => {
    const table = await ordersTable();
    expectOneLineError(
      await run('delete', table, '--where', 'nope = 1'),
      /no column nope.*its columns are: id, city, amount/,
    );
    expectOneLineError(
      await run('delete', table, '--where', "city = 'Oslo' AND"),
      /Invalid predicate: .*position/,
    );
    expectOneLineError(
      await run('delete', join(folder, 'missing'), '--where', 'id = 1'),
      /No Delta table at .*Check the path/,
    );
    expect(await version(table)).toBe(0);
  });

  it('an append-only table exits 1 and keeps its rows', async () => {
    const table = await ordersTable('--property', 'delta.appendOnly=true');
    expectOneLineError(await run('delete', table, '--where', 'id = 1'), /append-only/);
    expect(await ids(table)).toHaveLength(6);
  });
});

describe('silt update', () => {
  it('sets columns of the matching rows and prints the UPDATE metrics', async () => {
    const table = await ordersTable();
    const result = await run(
      'update',
      table,
      '--set',
      'amount = amount * 2',
      '--where',
      "city = 'Oslo'",
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(new RegExp(`^updated 2 rows of ${table} \\(version 1\\)\\n`));
    expect(result.stdout).toMatch(/\n {2}numUpdatedRows +2\n/);
    expect(await rows(table, '--where', "city = 'Oslo'")).toEqual([
      { id: 1, city: 'Oslo', amount: '25.00' },
      { id: 3, city: 'Oslo', amount: null },
    ]);
    expect(await rows(table, '--where', 'id = 2')).toEqual([
      { id: 2, city: 'Lima', amount: '3.00' },
    ]);
    const history = JSON.parse((await run('history', table, '--format', 'json')).stdout);
    expect(history[0].operation).toBe('UPDATE');
  });

  it('splits --set at top-level commas only, and takes --set more than once', async () => {
    const table = await unpartitionedTable();
    const result = await run(
      'update',
      table,
      '--set',
      "city='a,b=c',amount=coalesce(amount, 0)",
      '--set',
      '`id`=id + 100',
      '--where',
      'amount IS NULL OR id = 1',
      '--format',
      'json',
    );
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({ table, version: 3, committed: true });
    expect(json.metrics.numUpdatedRows).toBe(3);
    expect(await rows(table, '--where', 'id > 100')).toEqual([
      { id: 101, city: 'a,b=c', amount: '12.50' },
      { id: 103, city: 'a,b=c', amount: '0.00' },
      { id: 110, city: 'a,b=c', amount: '0.00' },
    ]);
    expect(await ids(table, '--where', 'id < 100')).toEqual([2, 4, 5, 6, 7, 8, 9]);
  });

  it('without --where updates every row; with no matching row commits nothing', async () => {
    const table = await ordersTable();
    const none = await run('update', table, '--set', 'amount=0', '--where', 'id > 99');
    expect(none.code).toBe(0);
    expect(none.stdout).toMatch(/^no rows matched: nothing committed; .* stays at version 0\n/);
    const all = await run('update', table, '--set', "amount=1, city='X'", '--format', 'json');
    expect(all.code).toBe(0);
    expect(JSON.parse(all.stdout).metrics.numUpdatedRows).toBe(6);
    expect((await rows(table)).map((row) => [row.city, row.amount])).toEqual(
      Array.from({ length: 6 }, () => ['X', '1.00']),
    );
  });

  it('errors in values, columns and constraints exit 1 with one line', async () => {
    const table = await ordersTable();
    expectOneLineError(
      await run('update', table, '--set', 'amount = amount +'),
      /Invalid value of amount in --set: .*position/,
    );
    expectOneLineError(
      await run('update', table, '--set', 'total = 1'),
      /the column total to set is not in the table/,
    );
    expectOneLineError(
      await run('update', table, '--set', 'amount = 1', '--where', 'nope = 1'),
      /no column nope/,
    );
    expectOneLineError(
      await run('update', table, '--set', 'id = NULL', '--where', 'id = 1'),
      /NOT NULL id/,
    );
    expect(await version(table)).toBe(0);
  });

  it.each([
    [['update', 't']],
    [['update', 't', '--set', 'amount']],
    [['update', 't', '--set', 'amount >= 1']],
    [['update', 't', '--set', 'a == 1']],
    [['update', 't', '--set', '=1']],
    [['update', 't', '--set', 'a=']],
    [['update', 't', '--set', 'a=1,,b=2']],
    [['update', 't', '--set', 'a=1', '--set', 'A=2']],
    [['update', 't', '--set', 'a=1', '--format', 'yaml']],
  ])('usage error %j exits 2', async (argv) => {
    const result = await run(...argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/error/);
  });
});

describe('--set parsing', () => {
  it('splits at commas outside quotes and parentheses', () => {
    expect(splitTopLevel("name='a,b',v=coalesce(v, 0)")).toEqual([
      "name='a,b'",
      'v=coalesce(v, 0)',
    ]);
    expect(splitTopLevel('a="x,""y",b=`c,d`+1,e=f(g(h, i), j)')).toEqual([
      'a="x,""y"',
      'b=`c,d`+1',
      'e=f(g(h, i), j)',
    ]);
    expect(splitTopLevel("s='it''s, fine'")).toEqual(["s='it''s, fine'"]);
  });

  it('splits an assignment at the first = that is not part of a comparison', () => {
    expect(parseAssignment('flag = a <= b')).toEqual(['flag', 'a <= b']);
    expect(parseAssignment('flag=a=b')).toEqual(['flag', 'a=b']);
    expect(parseAssignment(" name = 'x=y' ")).toEqual(['name', "'x=y'"]);
    expect(parseAssignment('same = a <=> b')).toEqual(['same', 'a <=> b']);
    expect(parseAssignment('`my col` = 1')).toEqual(['my col', '1']);
    expect(() => parseAssignment('a >= 1')).toThrow(/expected column=expression/);
    expect(() => parseAssignment('a != 1')).toThrow(/expected column=expression/);
    expect(() => parseAssignment('f(a=1)')).toThrow(/expected column=expression/);
  });

  it('collects repeated --set values in order', () => {
    const first = collectAssignments('a=1, b = f(x, y)', undefined);
    expect(collectAssignments("c='z'", first)).toEqual([
      ['a', '1'],
      ['b', 'f(x, y)'],
      ['c', "'z'"],
    ]);
    expect(() => collectAssignments('a=2', first)).toThrow(/set twice/);
  });
});

describe('silt merge', () => {
  const source = (name: string, text: string) => input(name, `id,city,amount\n${text}`);

  it('updates matched rows and inserts the others from a CSV file (table schema)', async () => {
    const table = await ordersTable();
    const csv = await source('upsert.csv', '1,Oslo,99.00\n7,Oslo,1.00\n');
    const result = await run(
      'merge',
      table,
      '--source',
      csv,
      '--on',
      'target.id = source.id',
      '--when-matched-update-all',
      '--when-not-matched-insert-all',
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(
      new RegExp(
        `^merged 2 source rows into ${table}: 1 inserted, 1 updated, 0 deleted \\(version 1\\)\\n`,
      ),
    );
    expect(result.stdout).toMatch(/\n {2}numTargetRowsInserted +1\n/);
    expect(await rows(table, '--where', "city = 'Oslo'")).toEqual([
      { id: 1, city: 'Oslo', amount: '99.00' },
      { id: 3, city: 'Oslo', amount: null },
      { id: 7, city: 'Oslo', amount: '1.00' },
    ]);
    expect(await ids(table)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const history = JSON.parse((await run('history', table, '--format', 'json')).stdout);
    expect(history[0].operation).toBe('MERGE');
  });

  it('takes aliases, conditions on clauses in the order given, and deletes by source', async () => {
    const table = await ordersTable();
    const jsonl = await input(
      'changes.jsonl',
      '{"id": 1, "city": "Oslo", "amount": "0"}\n{"id": 2, "city": "Lima", "amount": "8"}\n{"id": 8, "city": "Rome", "amount": "2"}\n',
    );
    const result = await run(
      'merge',
      table,
      '--source',
      jsonl,
      '--on',
      't.id = s.id',
      '--source-alias',
      's',
      '--target-alias',
      't',
      '--when-matched-delete',
      's.amount = 0',
      '--when-matched-update-all',
      '--when-not-matched-insert-all',
      "s.city <> 'Rome'",
      '--when-not-matched-by-source-delete',
      "t.city = 'Rome'",
      '--format',
      'json',
    );
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({
      table,
      version: 1,
      committed: true,
      metrics: {
        numSourceRows: 3,
        numTargetRowsInserted: 0,
        numTargetRowsUpdated: 1,
        numTargetRowsMatchedDeleted: 1,
        numTargetRowsNotMatchedBySourceDeleted: 2,
      },
    });
    expect(await rows(table)).toEqual([
      { id: 2, city: 'Lima', amount: '8.00' },
      { id: 3, city: 'Oslo', amount: null },
      { id: 5, city: 'Lima', amount: '40.00' },
    ]);
  });

  it('reads a Parquet source; --schema-evolution adds its new columns', async () => {
    const table = await ordersTable();
    const parquet = join(folder, 'wider.parquet');
    await writeParquetFile(
      parquet,
      tableFromRows(parseSchema(`${SCHEMA}, note STRING`), [
        { id: 2n, city: 'Lima', amount: 450n, note: 'late' },
        { id: 9n, city: 'Oslo', amount: 100n, note: 'new' },
      ]),
    );
    const argv = [
      'merge',
      table,
      '--source',
      parquet,
      '--on',
      'target.id = source.id',
      '--when-matched-update-all',
      '--when-not-matched-insert-all',
    ];
    // Without schema evolution the source's extra column is left out, as in Spark.
    expect((await run(...argv)).code).toBe(0);
    expect(await rows(table, '--where', 'id = 2')).toEqual([
      { id: 2, city: 'Lima', amount: '4.50' },
    ]);
    const evolved = await run(...argv, '--schema-evolution');
    expect(evolved.code).toBe(0);
    expect(await rows(table, '--where', 'note IS NOT NULL')).toEqual([
      { id: 2, city: 'Lima', amount: '4.50', note: 'late' },
      { id: 9, city: 'Oslo', amount: '1.00', note: 'new' },
    ]);
    expect(await rows(table, '--where', 'id = 1')).toEqual([
      { id: 1, city: 'Oslo', amount: '12.50', note: null },
    ]);
  });

  it('a CSV with other columns than the table takes --schema', async () => {
    const table = await ordersTable();
    const csv = await input('ids.csv', 'id\n2\n4\n');
    const result = await run(
      'merge',
      table,
      '--source',
      csv,
      '--schema',
      'id BIGINT',
      '--on',
      'target.id = source.id',
      '--when-matched-delete',
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/0 inserted, 0 updated, 2 deleted \(version 1\)/);
    expect(await ids(table)).toEqual([1, 3, 5, 6]);
  });

  it('two source rows matching one target row exit 1 with the cardinality violation', async () => {
    const table = await ordersTable();
    const csv = await source('dup.csv', '1,Oslo,1.00\n1,Oslo,2.00\n');
    const result = await run(
      'merge',
      table,
      '--source',
      csv,
      '--on',
      'target.id = source.id',
      '--when-matched-update-all',
    );
    expect(result.code).toBe(1);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^error: .*(match|source row)/i);
    expect(await version(table)).toBe(0);
  });

  it('nothing to change commits nothing', async () => {
    const table = await ordersTable();
    const csv = await source('nomatch.csv', '42,Oslo,1.00\n');
    const result = await run(
      'merge',
      table,
      '--source',
      csv,
      '--on',
      'target.id = source.id',
      '--when-matched-delete',
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^nothing changed \(1 source row\): nothing committed; .* stays at version 0\n/,
    );
  });

  it('an unknown column in --on, a missing source or table exits 1 with one line', async () => {
    const table = await ordersTable();
    const csv = await source('ok.csv', '1,Oslo,1.00\n');
    expectOneLineError(
      await run(
        'merge',
        table,
        '--source',
        csv,
        '--on',
        'target.idd = source.id',
        '--when-matched-delete',
      ),
      /target\.idd/,
    );
    expectOneLineError(
      await run(
        'merge',
        table,
        '--source',
        join(folder, 'missing.csv'),
        '--on',
        'target.id = source.id',
        '--when-matched-delete',
      ),
      /Cannot read .*missing\.csv: no such file/,
    );
    expectOneLineError(
      await run(
        'merge',
        join(folder, 'no-table'),
        '--source',
        csv,
        '--on',
        'target.id = source.id',
        '--when-matched-delete',
      ),
      /No Delta table at/,
    );
    expect(await version(table)).toBe(0);
  });

  it.each([
    [['merge', 't', '--source', 'x.csv', '--on', 'target.id = source.id'], /at least one clause/],
    [['merge', 't', '--on', 'a = b', '--when-matched-delete'], /--source/],
    [['merge', 't', '--source', 'x.csv', '--when-matched-delete'], /--on/],
    [
      [
        'merge',
        't',
        '--source',
        'x.csv',
        '--on',
        'a = b',
        '--when-matched-delete',
        '--when-matched-update-all',
      ],
      /--when-matched-delete has no condition, so --when-matched-update-all after it would never apply/,
    ],
    [
      [
        'merge',
        't',
        '--source',
        'x.csv',
        '--on',
        'a = b',
        '--when-matched-delete',
        '--source-alias',
        'TARGET',
      ],
      /--source-alias and --target-alias must differ/,
    ],
    [
      ['merge', 't', '--source', 'x.txt', '--on', 'a = b', '--when-matched-delete'],
      /cannot tell the format/,
    ],
    [
      [
        'merge',
        't',
        '--source',
        'x.parquet',
        '--schema',
        'id INT',
        '--on',
        'a = b',
        '--when-matched-delete',
      ],
      /--schema applies to CSV/,
    ],
  ])('usage error %j exits 2', async (argv, message) => {
    expectUsageError(await run(...argv), message);
  });

  it('checks clause order: only the last clause of each WHEN may go without a condition', () => {
    expect(() => checkClauses([])).toThrow(/at least one clause/);
    expect(() =>
      checkClauses([
        { kind: 'when-matched-update-all' },
        { kind: 'when-not-matched-insert-all' },
        { kind: 'when-not-matched-by-source-delete' },
      ]),
    ).not.toThrow();
    expect(() =>
      checkClauses([
        { kind: 'when-matched-delete', condition: 's.x = 1' },
        { kind: 'when-matched-update-all' },
      ]),
    ).not.toThrow();
    expect(() =>
      checkClauses([
        { kind: 'when-not-matched-by-source-delete' },
        { kind: 'when-not-matched-by-source-delete', condition: 't.x = 1' },
      ]),
    ).toThrow(/never apply/);
  });
});

describe('progress', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('quick commands print nothing on stderr, even on a terminal', async () => {
    const table = await ordersTable();
    const tty = { stderrIsTTY: true };
    const csv = await input('tty.csv', 'id,city,amount\n1,Oslo,2.00\n');
    for (const argv of [
      ['cat', table, '--where', 'id = 1'],
      ['delete', table, '--where', 'id = 2'],
      ['update', table, '--set', 'amount = 0', '--where', 'id = 3'],
      ['merge', table, '--source', csv, '--on', 'target.id = source.id', '--when-matched-delete'],
    ]) {
      const result = await runWith(tty, ...argv);
      expect(result.code).toBe(0);
      expect(result.stderr).toBe('');
    }
  });

  it('an activity line appears after the delay, counts seconds and erases itself', () => {
    vi.useFakeTimers();
    let out = '';
    let now = 0;
    const activity = createActivity((text) => (out += text), {
      enabled: true,
      label: 'deleting from t',
      delayMs: 1000,
      intervalMs: 500,
      now: () => now,
    });
    now = 500;
    vi.advanceTimersByTime(500);
    expect(out).toBe('');
    now = 1000;
    vi.advanceTimersByTime(500);
    expect(out).toBe('\rdeleting from t… 1s\x1b[K');
    now = 2000;
    vi.advanceTimersByTime(1000);
    expect(out).toContain('\rdeleting from t… 2s\x1b[K');
    activity.done();
    expect(out.endsWith('\r\x1b[K')).toBe(true);
    const length = out.length;
    vi.advanceTimersByTime(5000);
    expect(out.length).toBe(length);
  });

  it('a disabled or quick activity writes nothing', () => {
    vi.useFakeTimers();
    let out = '';
    createActivity((text) => (out += text), { enabled: false, label: 'x', delayMs: 0 }).done();
    const quick = createActivity((text) => (out += text), { enabled: true, label: 'x' });
    vi.advanceTimersByTime(999);
    quick.done();
    vi.advanceTimersByTime(5000);
    expect(out).toBe('');
  });
});
