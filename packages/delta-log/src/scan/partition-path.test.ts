import { describe, expect, it } from 'vitest';
import {
  escapePartitionPathName,
  HIVE_DEFAULT_PARTITION,
  parsePartitionPath,
  partitionPath,
  unescapePartitionPathName,
} from './partition-path.js';
import { conformanceTable } from './test-support/conformance.js';
import { partitionedTables, partitionRows } from './test-support/partition-rows.js';

describe('escapePartitionPathName / unescapePartitionPathName', () => {
  it.each([
    ['plain', 'plain'],
    ['A/A', 'A%2FA'],
    ['2021-09-08 11:11:11', '2021-09-08 11%3A11%3A11'],
    ['a=b', 'a%3Db'],
    ['100%', '100%25'],
    ['"#\'*?\\{[]^', '%22%23%27%2A%3F%5C%7B%5B%5D%5E'],
    ['tab\there\nnew', 'tab%09here%0Anew'],
    ['\u007f', '%7F'],
    // Spark (on Linux) leaves spaces, <>|, and every non-ASCII character as they are.
    ['B B <a>|b', 'B B <a>|b'],
    ['São Paulo 東京', 'São Paulo 東京'],
    ['', ''],
  ])('escapes %j as %j and back', (value, folder) => {
    expect(escapePartitionPathName(value)).toBe(folder);
    expect(unescapePartitionPathName(folder)).toBe(value);
  });

  it.each([
    ['B%20B', 'B B'],
    ['%2f lower', '/ lower'],
    ['50%', '50%'],
    ['%zz', '%zz'],
    ['%4', '%4'],
  ])('unescapes %j as Spark does: %j', (folder, value) => {
    expect(unescapePartitionPathName(folder)).toBe(value);
  });

  it('round-trips every character of the first 256 code points', () => {
    const all = Array.from({ length: 256 }, (_, code) => String.fromCharCode(code)).join('');
    expect(unescapePartitionPathName(escapePartitionPathName(all))).toBe(all);
  });
});

describe('partitionPath / parsePartitionPath', () => {
  it('writes and reads folders, null as the Hive default partition', () => {
    const pairs: [string, string | null][] = [
      ['x', 'A/A'],
      ['y', null],
      ['when', '2021-09-08 11:11:11'],
    ];
    const path = partitionPath(pairs);
    expect(path).toBe(`x=A%2FA/y=${HIVE_DEFAULT_PARTITION}/when=2021-09-08 11%3A11%3A11`);
    expect(parsePartitionPath(`${path}/part-00000.snappy.parquet`)).toEqual(pairs);
    expect(partitionPath([['y', '']])).toBe(`y=${HIVE_DEFAULT_PARTITION}`);
  });
});

describe('partition folders of real tables', () => {
  /** Tables whose files sit in partition folders named by the partition values in the log. */
  const tables = partitionedTables.filter(
    (table) =>
      // Column mapping names folders by random prefixes or physical names, not by values.
      !/column_mapping|columnmapping|partitioning_mapping|id-mode|name-mode/.test(table),
  );

  it.each(tables)(
    '%s: folders unescape to the log values, and escaping the values gives the folders',
    async (table) => {
      let checked = 0;
      for (const row of await partitionRows(table)) {
        // add.path is a URI-encoded relative path; the folder names are the decoded segments.
        const segments = row.path.split('/').map(decodeURIComponent);
        const folders = segments.slice(0, -1);
        if (folders.length === 0 || !folders.every((folder) => folder.includes('='))) continue;
        const fromFolders = Object.fromEntries(parsePartitionPath(folders.join('/')));
        expect(fromFolders).toEqual(
          Object.fromEntries(Object.entries(row.raw).map(([k, v]) => [k, v === '' ? null : v])),
        );
        // delta-0.8.0-special-partition was written with spaces escaped (%20), as Spark does on Windows.
        if (table !== 'delta-rs/delta-0.8.0-special-partition') {
          const order = folders.map((folder) =>
            unescapePartitionPathName(folder.slice(0, folder.indexOf('='))),
          );
          expect(partitionPath(order.map((name) => [name, row.raw[name] ?? null]))).toBe(
            folders.join('/'),
          );
        }
        checked++;
      }
      expect(checked).toBeGreaterThan(0);
    },
  );

  it('delta-rs/delta-0.8.0-special-partition: "A/A" and "B B" live in x=A%2FA and x=B%20B', async () => {
    const storage = conformanceTable('delta-rs/delta-0.8.0-special-partition');
    const values: (string | null)[] = [];
    for (const row of await partitionRows('delta-rs/delta-0.8.0-special-partition')) {
      const file = row.path.split('/').map(decodeURIComponent).join('/');
      await expect(storage.stat(file)).resolves.toBeDefined();
      values.push(parsePartitionPath(file)[0]![1]);
    }
    expect(values.sort()).toEqual(['A/A', 'B B']);
  });
});
