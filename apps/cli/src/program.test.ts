import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSchemaJson, tableFromRows, writeParquetFile } from '@silt/parquet-io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './program.js';

let folder: string;
let file: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'silt-cli-'));
  file = join(folder, 'people.parquet');
  const schema = parseSchemaJson(
    JSON.stringify({
      type: 'struct',
      fields: [
        { name: 'id', type: 'long', nullable: false, metadata: {} },
        { name: 'name', type: 'string', nullable: true, metadata: {} },
        { name: 'score', type: 'double', nullable: true, metadata: {} },
      ],
    }),
  );
  await writeParquetFile(
    file,
    tableFromRows(schema, [
      { id: 9007199254740993n, name: 'Ada, "the first"', score: Number.NaN },
      { id: 2n, name: null, score: 1.5 },
    ]),
  );
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
  });
  return { code, stdout, stderr };
}

describe('silt parquet', () => {
  it('cat --format jsonl prints exact int64 digits and NaN as a string', async () => {
    const result = await run('parquet', 'cat', file, '--format', 'jsonl');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      '{"id":9007199254740993,"name":"Ada, \\"the first\\"","score":"NaN"}\n{"id":2,"name":null,"score":1.5}\n',
    );
  });

  it('cat --format csv quotes fields with commas and quotes and leaves nulls empty', async () => {
    const result = await run('parquet', 'cat', file, '--format', 'csv', '--columns', 'id,name');
    expect(result.stdout).toBe('id,name\n9007199254740993,"Ada, ""the first"""\n2,\n');
  });

  it('cat prints a readable table by default, with a row count', async () => {
    const result = await run('parquet', 'cat', file, '--limit', '1');
    expect(result.stdout).toContain('9007199254740993');
    expect(result.stdout).toContain('(1 row)');
  });

  it('schema prints DDL, or Delta schema JSON with --format json', async () => {
    expect((await run('parquet', 'schema', file)).stdout).toBe(
      'id BIGINT NOT NULL, name STRING, score DOUBLE\n',
    );
    const json = JSON.parse((await run('parquet', 'schema', file, '--format', 'json')).stdout);
    expect(json.fields.map((f: { name: string }) => f.name)).toEqual(['id', 'name', 'score']);
  });

  it('meta --format json reports rows and row groups', async () => {
    const json = JSON.parse((await run('parquet', 'meta', file, '--format', 'json')).stdout);
    expect(json.numRows).toBe(2);
    expect(json.rowGroups).toHaveLength(1);
  });

  it('a missing file exits 1 with one readable line and no stack trace', async () => {
    const result = await run('parquet', 'cat', join(folder, 'missing.parquet'));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^error: Cannot read Parquet file .*missing\.parquet: no such file\. Check the path\.\n$/,
    );
  });

  it('--verbose adds the stack trace', async () => {
    const result = await run('--verbose', 'parquet', 'cat', join(folder, 'missing.parquet'));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('    at ');
  });

  it.each([
    [['parquet', 'cat', 'x.parquet', '--limit', 'ten']],
    [['parquet', 'cat', 'x.parquet', '--format', 'xml']],
    [['no-such-command']],
    [['parquet', 'cat']],
  ])('usage error %j exits 2', async (argv) => {
    const result = await run(...argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/error/);
  });

  it('--help and --version exit 0', async () => {
    expect((await run('--help')).code).toBe(0);
    expect((await run('--version')).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
