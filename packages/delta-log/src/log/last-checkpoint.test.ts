import { describe, expect, it } from 'vitest';
import { TestTable } from '../test-support/test-table.js';
import { readLastCheckpoint } from './last-checkpoint.js';

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
