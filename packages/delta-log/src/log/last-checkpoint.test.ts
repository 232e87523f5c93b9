import { describe, expect, it } from 'vitest';
import { conformanceStorage } from '../test-support/conformance.js';
import { TestTable } from '../test-support/test-table.js';
import {
  formatLastCheckpoint,
  lastCheckpointChecksum,
  md5Hex,
  readLastCheckpoint,
} from './last-checkpoint.js';

describe('readLastCheckpoint', () => {
  it('reads the version, size and parts of the hint', async () => {
    const table = new TestTable();
    await table.lastCheckpoint({
      version: 10,
      size: 13,
      parts: 2,
      checkpointSchema: { type: 'struct', fields: [] },
    });
    expect(await readLastCheckpoint(table.storage)).toEqual({
      status: 'found',
      hint: { version: 10, size: 13, parts: 2 },
    });
  });

  it('reports a missing hint', async () => {
    expect(await readLastCheckpoint(new TestTable().storage)).toEqual({ status: 'missing' });
  });

  it.each([
    ['empty', ''],
    ['truncated', '{"version":1'],
    ['not an object', '[10]'],
    ['without a version', '{"size":3}'],
    ['with a negative version', '{"version":-1}'],
    ['with a fractional version', '{"version":1.5}'],
  ])('reports a corrupt hint when it is %s', async (_case, text) => {
    const table = new TestTable();
    await table.lastCheckpoint(text);
    expect(await readLastCheckpoint(table.storage)).toMatchObject({ status: 'corrupt' });
  });
});

/** Conformance tables whose `_last_checkpoint` Apache Spark wrote with a checksum. */
const SPARK_HINTS = [
  'golden/basic-with-inserts-overwrite-restore',
  'golden/checkpoint',
  'golden/dv-partitioned-with-checkpoint',
  'golden/dv-with-columnmapping',
  'delta-rs/spark-variant-checkpoint',
  'delta-rs/checkpoint-cdf-table',
  'delta-rs/checkpoint-v2-table',
  'delta-rs/table_with_deletion_logs',
];

describe('lastCheckpointChecksum', () => {
  it('hashes with MD5', () => {
    const encode = (text: string) => new TextEncoder().encode(text);
    expect(md5Hex(encode(''))).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(md5Hex(encode('The quick brown fox jumps over the lazy dog'))).toBe(
      '9e107d9d372bb6826bd81d3542a419d6',
    );
    expect(md5Hex(encode('x'.repeat(1000)))).toBe('398533d48111e9f664b1f64cb10c4b63');
  });

  it.each(SPARK_HINTS)('matches the checksum Spark wrote in %s', async (table) => {
    const bytes = await conformanceStorage(table).read('_delta_log/_last_checkpoint');
    const value = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
    expect(value.checksum).toMatch(/^[0-9a-f]{32}$/);
    expect(lastCheckpointChecksum(value)).toBe(value.checksum);
  });

  it('is what readLastCheckpoint verifies: a matching hint is found, a changed one is corrupt', async () => {
    const table = new TestTable();
    const text = formatLastCheckpoint({ version: 10, size: 4, sizeInBytes: 900, numOfAddFiles: 2 });
    await table.lastCheckpoint(text);
    expect(await readLastCheckpoint(table.storage)).toEqual({
      status: 'found',
      hint: { version: 10, size: 4 },
    });
    await table.lastCheckpoint(text.replace('"size":4', '"size":5'));
    expect(await readLastCheckpoint(table.storage)).toMatchObject({
      status: 'corrupt',
      reason: expect.stringContaining('checksum'),
    });
  });

  it('leaves out the checksum itself and encodes keys and strings', () => {
    const withChecksum = { version: 1, name: 'a b/é', checksum: 'x' };
    expect(lastCheckpointChecksum(withChecksum)).toBe(
      md5Hex(new TextEncoder().encode('"name"="a%20b%2F%C3%A9","version"=1')),
    );
  });
});
