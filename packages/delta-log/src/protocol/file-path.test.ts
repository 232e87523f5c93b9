import { describe, expect, it } from 'vitest';
import { CorruptLog } from './errors/corrupt-log.js';
import { PathOutsideTable } from './errors/path-outside-table.js';
import { decodeFilePath, resolveFilePath } from './file-path.js';

describe('decodeFilePath', () => {
  it.each([
    ['special%20p@%23h', 'special p@#h'],
    ['x=a%3Ab/part-0.parquet', 'x=a:b/part-0.parquet'],
    ['a+b.parquet', 'a+b.parquet'],
    ['s3://bucket/t/a%20b.parquet', 's3://bucket/t/a b.parquet'],
    ['%E2%82%AC.parquet', '€.parquet'],
  ])('decodes %j as %j', (path, decoded) => {
    expect(decodeFilePath(path)).toBe(decoded);
  });

  it('refuses a malformed escape with CorruptLog', () => {
    expect(() => decodeFilePath('a%zz.parquet')).toThrow(CorruptLog);
  });
});

describe('resolveFilePath', () => {
  it.each([
    ['part-0.parquet', 'part-0.parquet'],
    ['date=2024-01-01/part%200.parquet', 'date=2024-01-01/part 0.parquet'],
    ['./x//y.parquet', 'x/y.parquet'],
    ['..%2Ffoo', undefined],
  ])('resolves %j', (path, expected) => {
    if (expected === undefined) expect(() => resolveFilePath(path)).toThrow(PathOutsideTable);
    else expect(resolveFilePath(path)).toBe(expected);
  });

  it.each([
    ['../outside.parquet'],
    ['a/../../outside.parquet'],
    ['%2E%2E/%2E%2E/etc/passwd'],
    ['x/..%5C..%5Csecret'],
    ['/etc/passwd'],
    ['%2Fetc%2Fpasswd'],
    ['C:%5CWindows%5Cwin.ini'],
    ['file:///etc/passwd'],
    ['s3://other-bucket/t/part-0.parquet'],
    ['.'],
  ])('refuses %j with PathOutsideTable', (path) => {
    expect(() => resolveFilePath(path, { tableUrl: 's3://bucket/t' })).toThrow(PathOutsideTable);
  });

  it('resolves an absolute URI inside the table URL to a relative path', () => {
    expect(resolveFilePath('s3://bucket/t/x=1/a%20b.parquet', { tableUrl: 's3://bucket/t/' })).toBe(
      'x=1/a b.parquet',
    );
    expect(() =>
      resolveFilePath('s3://bucket/t/../u/a.parquet', { tableUrl: 's3://bucket/t' }),
    ).toThrow(PathOutsideTable);
  });
});
