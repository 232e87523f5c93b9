import { field, readParquet, struct } from '@silt/parquet-io';
import { describe, expect, it } from 'vitest';
import type { Action } from '../protocol/actions.js';
import { decodeAction } from '../protocol/decode-action.js';
import { CorruptLog } from '../protocol/errors/corrupt-log.js';
import {
  addAction,
  deletionVector,
  metadataAction,
  protocolAction,
  removeAction,
} from '../test-support/actions.js';
import { CHECKPOINT_SCHEMA } from '../test-support/checkpoint-schema.js';
import { checkpointParquet } from '../test-support/test-table.js';
import { addDecoder, removeDecoder } from './checkpoint-file-actions.js';
import { readCheckpointParquet } from './checkpoint-parquet.js';

const FILE = '_delta_log/00000000000000000010.checkpoint.parquet';

/** What the generic decoder makes of the same actions (as a commit line would give them). */
const generic = (actions: Action[]) =>
  actions.map((action, row) => decodeAction(action, { file: FILE, line: row + 1 }));

/** Same fields, same values, same key order (JSON output depends on it). */
function expectSameActions(read: Action[], expected: (Action | undefined)[]): void {
  expect(read).toStrictEqual(expected);
  expect(read.map((action) => JSON.stringify(action))).toEqual(
    expected.map((action) => JSON.stringify(action)),
  );
}

describe('the column-wise decoding of add and remove', () => {
  it('gives what the generic decoder gives, field by field and in the same order', async () => {
    const actions = [
      protocolAction(),
      metadataAction({ partitionColumns: ['part'] }),
      addAction('part=a/plain.parquet', {
        partitionValues: { part: 'a' },
        stats: '{"numRecords":3,"minValues":{"id":1}}',
      }),
      addAction('part=%C3%A9/caf%C3%A9-日本.parquet', {
        partitionValues: { part: 'é' },
        stats: '{"numRecords":1,"minValues":{"name":"日本"}}',
        tags: { INSERTION_TIME: '1700000000000', empty: '' },
        deletionVector: deletionVector('x', { offset: 7 }),
        baseRowId: 40,
        defaultRowCommitVersion: 3,
      }),
      addAction('part=__HIVE_DEFAULT_PARTITION__/null.parquet', {
        partitionValues: { part: null },
        size: 2 ** 40,
        deletionVector: deletionVector('inline', { storageType: 'i', offset: undefined }),
      }),
      removeAction('part=a/gone.parquet', {
        extendedFileMetadata: true,
        partitionValues: { part: 'a' },
        size: 12,
        deletionVector: deletionVector('y'),
      }),
      removeAction('old.parquet', { dataChange: false }),
    ];
    const read = await readCheckpointParquet(await checkpointParquet(actions), FILE);
    expectSameActions(read, generic(actions));
  });

  it('drops null tag values, as the generic decoder does', async () => {
    const actions = [addAction('a', { tags: { kept: 'v', dropped: null as unknown as string } })];
    const read = await readCheckpointParquet(await checkpointParquet(actions), FILE);
    expect(read).toStrictEqual([
      { add: expect.objectContaining({ path: 'a', tags: { kept: 'v' } }) },
    ]);
  });

  it('reads integer fields written as 32-bit integers', async () => {
    const schema = struct([
      field(
        'add',
        struct([
          field('path', 'string'),
          field('partitionValues', {
            type: 'map',
            keyType: 'string',
            valueType: 'string',
            valueContainsNull: true,
          }),
          field('size', 'integer'),
          field('modificationTime', 'long'),
          field('dataChange', 'boolean'),
        ]),
      ),
    ]);
    const actions = [addAction('a', { size: 123 })];
    const read = await readCheckpointParquet(await checkpointParquet(actions, schema), FILE);
    expectSameActions(read, generic(actions));
  });

  it('fails with CorruptLog naming the row of a size beyond 2^53', async () => {
    const bytes = await checkpointParquet([
      protocolAction(),
      addAction('big', { size: (2n ** 60n) as unknown as number }),
    ]);
    await expect(readCheckpointParquet(bytes, FILE)).rejects.toThrow(CorruptLog);
    await expect(readCheckpointParquet(bytes, FILE)).rejects.toThrow(`${FILE}:2`);
  });

  it('fails with CorruptLog naming the row of an unknown deletion vector storage type', async () => {
    const bytes = await checkpointParquet(
      [
        addAction('a'),
        addAction('b', {
          deletionVector: deletionVector('z', { storageType: 'x' as 'u' }),
        }),
      ],
      CHECKPOINT_SCHEMA,
    );
    await expect(readCheckpointParquet(bytes, FILE)).rejects.toThrow(/:2.*storageType/s);
  });

  it('fails with CorruptLog naming the row of an add without its size', async () => {
    const bytes = await checkpointParquet([
      addAction('a'),
      addAction('b'),
      { add: { path: 'c', partitionValues: {}, modificationTime: 1, dataChange: true } } as never,
    ]);
    await expect(readCheckpointParquet(bytes, FILE)).rejects.toThrow(`${FILE}:3`);
  });

  it('decodes every field type Spark writes itself, leaving nothing to the generic decoder', async () => {
    const table = await readParquet(
      await checkpointParquet([
        addAction('a', {
          tags: { t: 'v' },
          deletionVector: deletionVector('a'),
          baseRowId: 1,
          defaultRowCommitVersion: 2,
          stats: '{}',
        }),
        removeAction('b', {
          partitionValues: { p: null },
          size: 3,
          deletionVector: deletionVector('b'),
        }),
      ]),
    );
    const add = addDecoder(table.getChild('add')!.data[0]!);
    const remove = removeDecoder(table.getChild('remove')!.data[0]!);
    expect(add?.(0)).toEqual(expect.objectContaining({ path: 'a', baseRowId: 1 }));
    expect(remove?.(1)).toEqual(expect.objectContaining({ path: 'b', size: 3 }));
  });
});
