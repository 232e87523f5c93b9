import { SiltError, tableToJsonLines } from '@silt/parquet-io';
import { describe, expect, it } from 'vitest';
import { col } from './expr/builder.js';
import { InvalidPredicate } from './expr/invalid-predicate.js';
import { TableNotFound } from './log/errors/table-not-found.js';
import { VersionNotFound } from './log/errors/version-not-found.js';
import { MissingDataFile } from './scan/missing-data-file.js';
import { UnknownColumn } from './scan/unknown-column.js';
import { MemoryStorage } from './storage/memory-storage.js';
import { DeltaTable } from './table.js';
import { conformancePath, conformanceStorage } from './test-support/conformance.js';
import { copyToMemory } from './test-support/copy-table.js';

async function lines(
  table: DeltaTable,
  options: Parameters<DeltaTable['scan']>[0] = {},
): Promise<string[]> {
  return [...tableToJsonLines(await table.scan(options).toArrow())].sort();
}

describe('DeltaTable', () => {
  it('opens the latest version and reads rows with partition columns and deletion vectors applied', async () => {
    const table = await DeltaTable.open(conformancePath('golden/dv-partitioned-with-checkpoint'));
    expect(table.version).toBe(15);
    const rows = await lines(table);
    expect(rows).toHaveLength(35);
    // Versions 1..15 each deleted one value of col1 through a deletion vector.
    expect(rows.some((row) => row.includes('"col1":28,'))).toBe(false);
    expect(rows[0]).toMatch(/^\{"part":\d,"col1":\d+,"col2":"foo\d"\}$/);
  });

  it('reads an older version by number and by timestamp (at)', async () => {
    const latest = await DeltaTable.open(conformancePath('golden/snapshot-data3'));
    const first = await latest.at({ version: 0 });
    expect(first.version).toBe(0);
    expect(await lines(first)).toHaveLength(10);
    const [entry] = await latest.history({ limit: 1 });
    const byTime = await latest.at({ timestamp: entry!.timestamp });
    expect(byTime.version).toBe(latest.version);
  });

  it('reads column-mapped tables by logical names, in name and id mode', async () => {
    for (const name of [
      'golden/table-with-columnmapping-mode-id',
      'delta-rs/table_with_column_mapping',
    ]) {
      const table = await DeltaTable.open(conformancePath(name));
      const arrowTable = await table.scan().toArrow();
      expect(arrowTable.schema.fields.map((field) => field.name)).toEqual(
        table.schema.fields.map((field) => field.name),
      );
      expect(arrowTable.numRows).toBeGreaterThan(0);
    }
  });

  it('selects columns in the order asked for', async () => {
    const table = await DeltaTable.open(conformancePath('golden/dv-with-columnmapping'));
    const result = await table.scan({ columns: ['col2', 'part'] }).toArrow();
    expect(result.schema.fields.map((field) => field.name)).toEqual(['col2', 'part']);
  });

  it('filters rows and skips files by partition values and statistics', async () => {
    const table = await DeltaTable.open(conformancePath('golden/dv-with-columnmapping'));
    const predicate = col('col1').gt(20).and(col('part').eq(1));
    const scan = table.scan({ filter: predicate, columns: ['col1'] });
    expect(scan.files.length).toBeLessThan(table.files.length);
    const all = (await lines(table)).map(
      (line) => JSON.parse(line) as { part: number; col1: number },
    );
    const expected = all
      .filter((row) => row.col1 > 20 && row.part === 1)
      .map((row) => `{"col1":${row.col1}}`)
      .sort();
    expect(await lines(table, { filter: predicate, columns: ['col1'] })).toEqual(expected);
    expect(expected.length).toBeGreaterThan(0);
  });

  it('refuses unknown columns in the selection or the filter with typed errors', async () => {
    const table = await DeltaTable.open(conformancePath('golden/snapshot-data0'));
    expect(() => table.scan({ columns: ['nope'] })).toThrow(
      expect.objectContaining({ code: UnknownColumn.code }),
    );
    expect(() => table.scan({ filter: col('nope').eq(1) })).toThrow(
      expect.objectContaining({ code: UnknownColumn.code }),
    );
    expect(() => table.scan({ filter: col('col1').eq('x') })).toThrow(
      expect.objectContaining({ code: InvalidPredicate.code }),
    );
  });

  it('says which version range exists when asked for another, and when there is no table', async () => {
    await expect(
      DeltaTable.open(conformancePath('golden/snapshot-data0'), { version: 7 }),
    ).rejects.toSatisfy((error: unknown) => SiltError.hasCode(error, VersionNotFound.code));
    const empty = new MemoryStorage();
    await expect(DeltaTable.open(empty)).rejects.toSatisfy((error: unknown) =>
      SiltError.hasCode(error, TableNotFound.code),
    );
  });

  it('fails with MissingDataFile when a listed data file is gone', async () => {
    const storage: MemoryStorage = await copyToMemory(conformanceStorage('golden/snapshot-data0'));
    const table = await DeltaTable.open(storage);
    await storage.delete(table.snapshot.filePath(table.files[0]!));
    await expect(table.scan().toArrow()).rejects.toSatisfy((error: unknown) =>
      SiltError.hasCode(error, MissingDataFile.code),
    );
  });

  it('reads the same rows from a table in memory as on disk', async () => {
    const onDisk = await DeltaTable.open(conformancePath('golden/data-reader-partition-values'));
    const inMemory = await DeltaTable.open(
      await copyToMemory(conformanceStorage('golden/data-reader-partition-values')),
    );
    expect(await lines(inMemory)).toEqual(await lines(onDisk));
  });
});
