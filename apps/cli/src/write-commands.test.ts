import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSchema, tableFromRows, writeParquetFile } from '@silt/parquet-io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorLine } from './errors.js';
import { createProgress, progressText } from './output/progress.js';
import { type CliIo, runCli } from './program.js';

let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'silt-cli-write-'));
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return runWith({}, ...argv);
}

async function runWith(
  io: Partial<CliIo>,
  ...argv: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
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
/** A fresh table path (the folder does not exist yet). */
function tablePath(): string {
  return join(folder, `table-${++counter}`);
}

async function input(name: string, text: string): Promise<string> {
  const path = join(folder, name);
  await writeFile(path, text);
  return path;
}

async function rows(table: string): Promise<Record<string, unknown>[]> {
  const result = await run('cat', table, '--format', 'jsonl');
  expect(result.code).toBe(0);
  return result.stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line));
}

const byId = (a: Record<string, unknown>, b: Record<string, unknown>) =>
  Number(a.id) - Number(b.id);

async function describeJson(table: string) {
  const result = await run('describe', table, '--format', 'json');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout);
}

/** The error of a failed command: exit 1, exactly one line on stderr. */
function expectOneLineError(result: { code: number; stderr: string }, pattern: RegExp): void {
  expect(result.code).toBe(1);
  expect(result.stderr.endsWith('\n')).toBe(true);
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(/^error: /);
  expect(result.stderr).toMatch(pattern);
}

const CSV = 'id,city,amount\n1,Oslo,12.50\n2,Lima,3.00\n3,Oslo,\n';
const SCHEMA = 'id BIGINT NOT NULL, city STRING, amount DECIMAL(10,2)';

describe('silt create', () => {
  it('creates an empty table that describe shows: schema, partitioning, properties, name', async () => {
    const table = tablePath();
    const created = await run(
      'create',
      table,
      '--schema',
      SCHEMA,
      '--partition-by',
      'city',
      '--property',
      'delta.appendOnly=true',
      '--property',
      'team=data=eng',
      '--name',
      'orders',
      '--description',
      'Orders by city',
    );
    expect(created.code).toBe(0);
    expect(created.stderr).toBe('');
    expect(created.stdout).toContain(`created table ${table} (version 0)`);
    expect(created.stdout).toContain(
      'schema:       id BIGINT NOT NULL, city STRING, amount DECIMAL(10,2)',
    );
    expect(created.stdout).toContain('partitioned:  city');
    const description = await describeJson(table);
    expect(description.version).toBe(0);
    expect(description.name).toBe('orders');
    expect(description.description).toBe('Orders by city');
    expect(description.partitionColumns).toEqual(['city']);
    expect(description.properties).toMatchObject({
      'delta.appendOnly': 'true',
      team: 'data=eng',
    });
    expect(description.schema.fields.map((f: { name: string }) => f.name)).toEqual([
      'id',
      'city',
      'amount',
    ]);
    expect(description.numFiles).toBe(0);
    expect(await rows(table)).toEqual([]);
  });

  it('takes Delta schema JSON and prints JSON with --format json', async () => {
    const table = tablePath();
    const schema = JSON.stringify({
      type: 'struct',
      fields: [{ name: 'id', type: 'integer', nullable: true, metadata: {} }],
    });
    const result = await run('create', table, '--schema', schema, '--format', 'json');
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({ table, version: 0, partitionColumns: [] });
    expect(json.schema.fields[0]).toMatchObject({ name: 'id', type: 'integer' });
  });

  it('refuses an existing table: exit 1, one line that points at silt write', async () => {
    const table = tablePath();
    expect((await run('create', table, '--schema', 'id INT')).code).toBe(0);
    const again = await run('create', table, '--schema', 'id INT');
    expectOneLineError(again, /already exists.*version 0.*silt write --mode append/);
  });

  it('an invalid schema or partition column exits 1 with one line', async () => {
    expectOneLineError(await run('create', tablePath(), '--schema', 'id INTEGR'), /Invalid schema/);
    expectOneLineError(
      await run('create', tablePath(), '--schema', 'id INT', '--partition-by', 'day'),
      /partition column "day" is not in the schema/,
    );
  });

  it.each([
    [['create', 'x']],
    [['create', 'x', '--schema', 'id INT', '--property', 'delta.appendOnly']],
    [['create', 'x', '--schema', 'id INT', '--property', '=true']],
    [['create', 'x', '--schema', 'id INT', '--partition-by', 'a,,b']],
    [['create', 'x', '--schema', 'id INT', '--format', 'yaml']],
  ])('usage error %j exits 2', async (argv) => {
    const result = await run(...argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/error/);
  });
});

describe('silt write', () => {
  it('creates a partitioned table from CSV, then appends using the table schema', async () => {
    const table = tablePath();
    const csv = await input('orders.csv', CSV);
    const first = await run(
      'write',
      table,
      '--from',
      csv,
      '--schema',
      SCHEMA,
      '--partition-by',
      'city',
    );
    expect(first.code).toBe(0);
    expect(first.stderr).toBe('');
    expect(first.stdout).toMatch(
      new RegExp(
        `^wrote version 0 of ${table} \\(new table\\): 2 files, 3 rows, \\d+(\\.\\d)? (B|KiB)\\n$`,
      ),
    );
    expect((await rows(table)).sort(byId)).toEqual([
      { id: 1, city: 'Oslo', amount: '12.50' },
      { id: 2, city: 'Lima', amount: '3.00' },
      { id: 3, city: 'Oslo', amount: null },
    ]);
    const files = JSON.parse((await run('files', table, '--format', 'json')).stdout);
    expect(files.map((f: { partitionValues: object }) => f.partitionValues)).toEqual(
      expect.arrayContaining([{ city: 'Oslo' }, { city: 'Lima' }]),
    );

    // No --schema: the table's schema parses the CSV.
    const more = await input('more.csv', 'city,id,amount\nRome,4,1.25\n');
    const second = await run(
      'write',
      table,
      '--from',
      more,
      '--mode',
      'append',
      '--format',
      'json',
    );
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toEqual({
      table,
      version: 1,
      committed: true,
      created: false,
      mode: 'append',
      numFiles: 1,
      numOutputRows: 1,
      numOutputBytes: expect.any(Number),
      numRemovedFiles: 0,
      numRemovedBytes: 0,
    });
    expect((await rows(table)).map((r) => r.id).sort()).toEqual([1, 2, 3, 4]);
    const history = JSON.parse((await run('history', table, '--format', 'json')).stdout);
    expect(history[0].operation).toBe('WRITE');
    expect(history[0].operationParameters.mode).toBe('Append');
  });

  it('writes into a table made by silt create, and cat shows the rows', async () => {
    const table = tablePath();
    expect((await run('create', table, '--schema', SCHEMA, '--partition-by', 'city')).code).toBe(0);
    const csv = await input('create-then-write.csv', CSV);
    const result = await run('write', table, '--from', csv, '--mode', 'append');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^wrote version 1 of .*: 2 files, 3 rows/);
    const cat = await run('cat', table);
    expect(cat.stdout).toContain('Oslo');
    expect(cat.stdout).toContain('12.50');
    expect(cat.stdout).toContain('(3 rows)');
  });

  it('the default mode is error: an existing table exits 1 and names --mode', async () => {
    const table = tablePath();
    const csv = await input('twice.csv', CSV);
    expect((await run('write', table, '--from', csv, '--schema', SCHEMA)).code).toBe(0);
    const again = await run('write', table, '--from', csv);
    expectOneLineError(
      again,
      new RegExp(
        `already exists at ${table} \\(version 0\\)\\. Write to it with \`silt write --mode append\`.*--mode ignore`,
      ),
    );
    expect((await describeJson(table)).version).toBe(0);
  });

  it('--mode ignore leaves an existing table as it is', async () => {
    const table = tablePath();
    const csv = await input('ignore.csv', CSV);
    expect((await run('write', table, '--from', csv, '--schema', SCHEMA)).code).toBe(0);
    const ignored = await run('write', table, '--from', csv, '--mode', 'ignore');
    expect(ignored.code).toBe(0);
    expect(ignored.stdout).toMatch(/^nothing written: a table exists at .* \(version 0\)/);
    const json = JSON.parse(
      (await run('write', table, '--from', csv, '--mode', 'ignore', '--format', 'json')).stdout,
    );
    expect(json).toMatchObject({ version: 0, committed: false, numOutputRows: 0 });
    expect(await rows(table)).toHaveLength(3);
  });

  it('writes JSON lines, and merges a new column with --schema-mode merge', async () => {
    const table = tablePath();
    const events = await input(
      'events.jsonl',
      '{"id": 1, "kind": "click"}\n{"id": 2, "kind": "view"}\n',
    );
    const first = await run('write', table, '--from', events, '--schema', 'id BIGINT, kind STRING');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/1 file, 2 rows/);

    const wider = await input('wider.ndjson', '{"id": 3, "kind": "buy", "price": 9.5}\n');
    const widerSchema = 'id BIGINT, kind STRING, price DOUBLE';
    const refused = await run(
      'write',
      table,
      '--from',
      wider,
      '--schema',
      widerSchema,
      '--mode',
      'append',
    );
    expectOneLineError(refused, /column "price".*not in the table.*--schema-mode merge/);
    expect((await describeJson(table)).version).toBe(0);

    const merged = await run(
      'write',
      table,
      '--from',
      wider,
      '--schema',
      widerSchema,
      '--mode',
      'append',
      '--schema-mode',
      'merge',
    );
    expect(merged.code).toBe(0);
    const description = await describeJson(table);
    expect(description.schema.fields.map((f: { name: string }) => f.name)).toEqual([
      'id',
      'kind',
      'price',
    ]);
    expect((await rows(table)).sort(byId)).toEqual([
      { id: 1, kind: 'click', price: null },
      { id: 2, kind: 'view', price: null },
      { id: 3, kind: 'buy', price: 9.5 },
    ]);
  });

  it('writes Parquet (create and append, partitioned), then overwrites', async () => {
    const schema = parseSchema('id BIGINT NOT NULL, region STRING, score DOUBLE');
    const parquet = join(folder, 'scores.parquet');
    await writeParquetFile(
      parquet,
      tableFromRows(schema, [
        { id: 1n, region: 'eu', score: 1.5 },
        { id: 2n, region: 'us', score: 2.5 },
        { id: 3n, region: 'eu', score: null },
      ]),
    );
    const table = tablePath();
    const created = await run('write', table, '--from', parquet, '--partition-by', 'region');
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/version 0 .*\(new table\): 2 files, 3 rows/);
    const appended = await run('write', table, '--from', parquet, '--mode', 'append');
    expect(appended.code).toBe(0);
    expect(await rows(table)).toHaveLength(6);
    expect((await describeJson(table)).partitionColumns).toEqual(['region']);

    const replacement = join(folder, 'replacement.parquet');
    await writeParquetFile(
      replacement,
      tableFromRows(schema, [{ id: 9n, region: 'ap', score: 0 }]),
    );
    const overwritten = await run('write', table, '--from', replacement, '--mode', 'overwrite');
    expect(overwritten.code).toBe(0);
    expect(overwritten.stdout).toMatch(
      /^wrote version 2 of .*: 1 file, 1 row, .*; removed 4 files \(.*\)\n$/,
    );
    expect(await rows(table)).toEqual([{ id: 9, region: 'ap', score: 0 }]);
    const history = JSON.parse((await run('history', table, '--format', 'json')).stdout);
    expect(history[0].operationParameters.mode).toBe('Overwrite');
  });

  it('--mode overwrite --schema-mode overwrite replaces the schema', async () => {
    const table = tablePath();
    const csv = await input('old-schema.csv', CSV);
    expect((await run('write', table, '--from', csv, '--schema', SCHEMA)).code).toBe(0);
    const other = await input('new-schema.csv', 'name\nAda\n');
    const refused = await run(
      'write',
      table,
      '--from',
      other,
      '--schema',
      'name STRING',
      '--mode',
      'append',
      '--schema-mode',
      'overwrite',
    );
    expectOneLineError(
      refused,
      /--schema-mode overwrite replaces the schema and so needs --mode overwrite/,
    );
    const replaced = await run(
      'write',
      table,
      '--from',
      other,
      '--schema',
      'name STRING',
      '--mode',
      'overwrite',
      '--schema-mode',
      'overwrite',
    );
    expect(replaced.code).toBe(0);
    expect(await rows(table)).toEqual([{ name: 'Ada' }]);
  });

  it('rolls data files at --target-file-size', async () => {
    const table = tablePath();
    const lines = Array.from({ length: 2000 }, (_, i) => `${i},name-${i}-${'x'.repeat(40)}`);
    const csv = await input('big.csv', `id,name\n${lines.join('\n')}\n`);
    const result = await run(
      'write',
      table,
      '--from',
      csv,
      '--schema',
      'id BIGINT, name STRING',
      '--target-file-size',
      '1024',
      '--format',
      'json',
    );
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.numOutputRows).toBe(2000);
    expect(json.numFiles).toBeGreaterThan(1);
  });

  it('sets table properties with --property', async () => {
    const table = tablePath();
    const csv = await input('props.csv', CSV);
    const result = await run(
      'write',
      table,
      '--from',
      csv,
      '--schema',
      SCHEMA,
      '--property',
      'delta.appendOnly=true',
    );
    expect(result.code).toBe(0);
    expect((await describeJson(table)).properties['delta.appendOnly']).toBe('true');
    const overwrite = await run('write', table, '--from', csv, '--mode', 'overwrite');
    expectOneLineError(overwrite, /append-only/);
  });

  it('a CSV without a header, by position, with --no-header', async () => {
    const table = tablePath();
    const csv = await input('no-header.csv', '1,Oslo,1.00\n2,Lima,2.00\n');
    const result = await run('write', table, '--from', csv, '--schema', SCHEMA, '--no-header');
    expect(result.code).toBe(0);
    expect((await rows(table)).sort(byId)).toEqual([
      { id: 1, city: 'Oslo', amount: '1.00' },
      { id: 2, city: 'Lima', amount: '2.00' },
    ]);
  });

  it('an empty CSV still creates the table with the declared schema', async () => {
    const table = tablePath();
    const csv = await input('empty.csv', 'id,city,amount\n');
    const result = await run('write', table, '--from', csv, '--schema', SCHEMA);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/0 files, 0 rows/);
    const description = await describeJson(table);
    expect(description.schema.fields.map((f: { name: string }) => f.name)).toEqual([
      'id',
      'city',
      'amount',
    ]);
  });

  it('a malformed record exits 1 with file, line and the CLI flag to rescue; nothing is committed', async () => {
    const table = tablePath();
    const csv = await input('bad.csv', 'id,city,amount\n1,Oslo,1.00\n2,Lima,lots\n');
    const result = await run('write', table, '--from', csv, '--schema', SCHEMA);
    expectOneLineError(
      result,
      /Malformed record at .*bad\.csv:3 column amount.*--on-malformed rescue/,
    );
    expect(existsSync(join(table, '_delta_log', '00000000000000000000.json'))).toBe(false);

    const rescued = await run(
      'write',
      table,
      '--from',
      csv,
      '--schema',
      SCHEMA,
      '--on-malformed',
      'rescue',
    );
    expect(rescued.code).toBe(0);
    const written = (await rows(table)).sort(byId);
    expect(written[0]).toEqual({ id: 1, city: 'Oslo', amount: '1.00', _rescued_data: null });
    expect(written[1]).toMatchObject({ id: 2, city: 'Lima', amount: null });
    expect(JSON.parse(String(written[1]!._rescued_data))).toMatchObject({ amount: 'lots' });
  });

  it('a null in a NOT NULL column exits 1 with the constraint', async () => {
    const table = tablePath();
    expect((await run('create', table, '--schema', SCHEMA)).code).toBe(0);
    // The CSV reader refuses the null itself; Parquet data is checked by the writer.
    const nullable = parseSchema('id BIGINT, city STRING, amount DECIMAL(10,2)');
    const parquet = join(folder, 'null-id.parquet');
    await writeParquetFile(
      parquet,
      tableFromRows(nullable, [{ id: null, city: 'Oslo', amount: null }]),
    );
    const result = await run('write', table, '--from', parquet, '--mode', 'append');
    expectOneLineError(result, /violates the constraint NOT NULL id.*Nothing was committed/);
    expect((await describeJson(table)).version).toBe(0);
  });

  it('a type that does not fit the table exits 1 with a schema mismatch', async () => {
    const table = tablePath();
    const csv = await input('typed.csv', CSV);
    expect((await run('write', table, '--from', csv, '--schema', SCHEMA)).code).toBe(0);
    const numbers = await input('typed-numbers.csv', 'id,city,amount\n5,7,1.00\n');
    const result = await run(
      'write',
      table,
      '--from',
      numbers,
      '--schema',
      'id BIGINT, city INT, amount DECIMAL(10,2)',
      '--mode',
      'append',
    );
    expectOneLineError(result, /does not match the table schema/);
  });

  it('different partitioning than the table exits 1 and names the flags', async () => {
    const table = tablePath();
    const csv = await input('parts.csv', CSV);
    expect(
      (await run('write', table, '--from', csv, '--schema', SCHEMA, '--partition-by', 'city')).code,
    ).toBe(0);
    const result = await run(
      'write',
      table,
      '--from',
      csv,
      '--mode',
      'append',
      '--partition-by',
      'id',
    );
    expectOneLineError(result, /partitioned by \[city\], not by \[id\].*Leave --partition-by out/);
  });

  it('a table needing a writer feature Silt lacks is not created: exit 1 with WriteNotSupported', async () => {
    const result = await run(
      'create',
      tablePath(),
      '--schema',
      'id INT',
      '--property',
      'delta.feature.clustering=supported',
    );
    expectOneLineError(result, /cannot write to this table: .*"clustering"/);
  });

  it('an invalid --schema or a malformed JSON line exits 1 with one line', async () => {
    const jsonl = await input('broken.jsonl', '{"id": 1}\n{"id": \n');
    expectOneLineError(
      await run('write', tablePath(), '--from', jsonl, '--schema', 'id INT,'),
      /Invalid schema/,
    );
    expectOneLineError(
      await run('write', tablePath(), '--from', jsonl, '--schema', 'id INT'),
      /Malformed record at .*broken\.jsonl:2.*--on-malformed rescue/,
    );
  });

  it('a missing input file exits 1 with one line; --verbose adds the stack', async () => {
    const missing = join(folder, 'missing.csv');
    const result = await run('write', tablePath(), '--from', missing, '--schema', SCHEMA);
    expectOneLineError(result, /Cannot read .*missing\.csv: no such file\. Check the path\./);
    const verbose = await run(
      'write',
      tablePath(),
      '--from',
      missing,
      '--schema',
      SCHEMA,
      '--verbose',
    );
    expect(verbose.code).toBe(1);
    expect(verbose.stderr).toContain('    at ');
  });

  it('a file that is not Parquet exits 1 with one line', async () => {
    const fake = await input('fake.parquet', 'not parquet at all');
    expect((await run('write', tablePath(), '--from', fake)).code).toBe(1);
  });

  it('--replace-where replaces the matching partition', async () => {
    const table = tablePath();
    const csv = await input('rw.csv', CSV);
    expect(
      (await run('write', table, '--from', csv, '--schema', SCHEMA, '--partition-by', 'city')).code,
    ).toBe(0);
    const oslo = await input('rw-oslo.csv', 'id,city,amount\n7,Oslo,7.00\n');
    const result = await run(
      'write',
      table,
      '--from',
      oslo,
      '--mode',
      'overwrite',
      '--replace-where',
      "city = 'Oslo'",
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^wrote version 1 of .*: 1 file, 1 row, .*; removed 1 file /);
    expect((await rows(table)).sort(byId)).toEqual([
      { id: 2, city: 'Lima', amount: '3.00' },
      { id: 7, city: 'Oslo', amount: '7.00' },
    ]);
    expect((await describeJson(table)).version).toBe(1);
  });

  it.each([
    [['write', 't']],
    [['write', 't', '--from', 'x.csv', '--schema', 'id INT', '--mode', 'upsert']],
    [['write', 't', '--from', 'x.csv', '--schema', 'id INT', '--property', 'noequals']],
    [['write', 't', '--from', 'x.csv', '--schema', 'id INT', '--schema-mode', 'replace']],
    [['write', 't', '--from', 'x.csv', '--schema', 'id INT', '--target-file-size', '0']],
    [['write', 't', '--from', 'x.csv', '--schema', 'id INT', '--target-file-size', '1MB']],
    [['write', 't', '--from', 'x.csv', '--schema', 'id INT', '--on-malformed', 'skip']],
    [['write', 't', '--from', 'x.csv', '--schema', 'id INT', '--replace-where', 'id = 1']],
    [['write', 't', '--from', 'x.parquet', '--schema', 'id INT']],
    [['write', 't', '--from', 'x.txt', '--schema', 'id INT']],
    [['write', 't', '--from', 'x.txt', '--input-format', 'xml']],
  ])('usage error %j exits 2', async (argv) => {
    const result = await run(...argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/error/);
  });

  it('CSV into a table that does not exist needs --schema (exit 2)', async () => {
    const csv = await input('no-schema.csv', CSV);
    const result = await run('write', tablePath(), '--from', csv);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--schema is required to write CSV to a new table/);
  });

  it('--input-format reads a file whatever its extension', async () => {
    const table = tablePath();
    const txt = await input('lines.txt', '{"id": 1}\n');
    const result = await run(
      'write',
      table,
      '--from',
      txt,
      '--input-format',
      'jsonl',
      '--schema',
      'id INT',
    );
    expect(result.code).toBe(0);
    expect(await rows(table)).toEqual([{ id: 1 }]);
  });

  it('prints no progress when stderr is not a terminal, or with --format json', async () => {
    const csv = await input('quiet.csv', CSV);
    const plain = await run('write', tablePath(), '--from', csv, '--schema', SCHEMA);
    expect(plain.stderr).toBe('');
    const json = await runWith(
      { stderrIsTTY: true },
      'write',
      tablePath(),
      '--from',
      csv,
      '--schema',
      SCHEMA,
      '--format',
      'json',
    );
    expect(json.code).toBe(0);
    expect(json.stderr).toBe('');
  });
});

describe('silt checkpoint', () => {
  it('writes a checkpoint of the latest version; the table still reads', async () => {
    const table = tablePath();
    const csv = await input('checkpointed.csv', CSV);
    expect(
      (await run('write', table, '--from', csv, '--schema', SCHEMA, '--partition-by', 'city')).code,
    ).toBe(0);
    expect((await run('write', table, '--from', csv, '--mode', 'append')).code).toBe(0);
    const result = await run('checkpoint', table, '--format', 'json');
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({
      table,
      version: 1,
      path: '_delta_log/00000000000000000001.checkpoint.parquet',
      numOfAddFiles: 4,
    });
    // protocol, metaData and the four adds.
    expect(json.size).toBe(6);
    expect(json.sizeInBytes).toBeGreaterThan(0);
    expect(existsSync(join(table, json.path))).toBe(true);
    expect(existsSync(join(table, '_delta_log', '_last_checkpoint'))).toBe(true);
    expect(await rows(table)).toHaveLength(6);

    const text = await run('checkpoint', table);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(
      /^wrote a checkpoint of version 1 of .*: 6 actions \(4 add, 0 remove\), /,
    );
  });

  it('a missing table exits 1 with one line', async () => {
    expectOneLineError(await run('checkpoint', tablePath()), /No Delta table at .*Check the path/);
  });
});

describe('progress and error lines', () => {
  it('shows progress only after the delay, redraws in place and erases itself', () => {
    let out = '';
    let now = 0;
    const progress = createProgress((text) => (out += text), {
      enabled: true,
      label: 'writing x.csv',
      delayMs: 1000,
      intervalMs: 200,
      now: () => now,
    });
    progress.update({ rows: 10 });
    expect(out).toBe('');
    now = 1500;
    progress.update({ rows: 8192, bytesRead: 50, totalBytes: 200 });
    expect(out).toBe('\rwriting x.csv: 8,192 rows (25%)\x1b[K');
    now = 1600;
    progress.update({ rows: 9000 });
    expect(out).not.toContain('9,000');
    progress.done();
    expect(out.endsWith('\r\x1b[K')).toBe(true);
  });

  it('a disabled progress writes nothing', () => {
    let out = '';
    const progress = createProgress((text) => (out += text), {
      enabled: false,
      label: 'x',
      delayMs: 0,
    });
    progress.update({ rows: 1 });
    progress.done();
    expect(out).toBe('');
  });

  it('progress text uses Parquet row totals when known', () => {
    expect(progressText({ rows: 1 })).toBe('1 row');
    expect(progressText({ rows: 50, totalRows: 200 })).toBe('50 rows (25%)');
  });

  it('error lines are one line', () => {
    expect(errorLine(new Error('a\nb\r\n c'))).toBe('a b c');
  });
});
