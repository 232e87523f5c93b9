import { describe, expect, it } from 'vitest';
import { runCli } from './program.js';

const conformance = new URL('../../../../shared/conformance/', import.meta.url).pathname;
const table = (name: string) => `${conformance}${name}`;

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
  });
  return { code, stdout, stderr };
}

describe('silt cat', () => {
  it('--format jsonl writes decimals with their scale and timestamps in UTC microseconds', async () => {
    const result = await run('cat', table('golden/basic-decimal-table'), '--format', 'jsonl');
    expect(result.code).toBe(0);
    const rows = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(rows).toHaveLength(4);
    expect(result.stdout).toContain('"col1":"-999.99"');
    const ts = await run(
      'cat',
      table('golden/kernel-timestamp-INT96'),
      '--format',
      'jsonl',
      '--columns',
      'time',
      '--limit',
      '1',
    );
    expect(ts.stdout).toMatch(/^\{"time":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z"\}\n$/);
  });

  it('reads an older version with --version and refuses --version with --timestamp (exit 2)', async () => {
    const old = await run(
      'cat',
      table('golden/snapshot-data3'),
      '--version',
      '0',
      '--format',
      'jsonl',
    );
    expect(old.stdout.trim().split('\n')).toHaveLength(10);
    const both = await run(
      'cat',
      table('golden/snapshot-data3'),
      '--version',
      '0',
      '--timestamp',
      '2020-01-01T00:00:00Z',
    );
    expect(both.code).toBe(2);
  });

  it('a missing table exits 1 with one line and a hint', async () => {
    const result = await run('cat', table('no-such-table'));
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/No Delta table at .*Check the path/);
  });
});

describe('silt describe, history, files', () => {
  it('describe --format json has version, protocol, schema, partitioning, properties and file totals', async () => {
    const result = await run('describe', table('golden/dv-with-columnmapping'), '--format', 'json');
    const description = JSON.parse(result.stdout);
    expect(description.version).toBe(15);
    expect(description.protocol.minReaderVersion).toBe(3);
    expect(description.partitionColumns).toEqual(['part']);
    expect(description.properties['delta.columnMapping.mode']).toBe('name');
    expect(description.numFiles).toBeGreaterThan(0);
    expect(description.schema.fields.map((f: { name: string }) => f.name)).toEqual([
      'part',
      'col1',
      'col2',
    ]);
  });

  it('history --limit 2 --format json lists the newest commits first', async () => {
    const entries = JSON.parse(
      (
        await run(
          'history',
          table('golden/dv-with-columnmapping'),
          '--limit',
          '2',
          '--format',
          'json',
        )
      ).stdout,
    );
    expect(entries.map((e: { version: number }) => e.version)).toEqual([15, 14]);
    expect(entries[0].operation).toBe('DELETE');
  });

  it('files --version 0 --format json lists paths, sizes and partition values', async () => {
    const files = JSON.parse(
      (await run('files', table('delta-rs/delta-0.8.0-partitioned'), '--format', 'json')).stdout,
    );
    expect(files.length).toBeGreaterThan(0);
    expect(files[0]).toMatchObject({ partitionValues: { year: expect.any(String) } });
  });
});
