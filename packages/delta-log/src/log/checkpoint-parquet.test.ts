import { field, struct } from '@silt/parquet-io';
import { describe, expect, it } from 'vitest';
import { CorruptLog } from '../protocol/errors/corrupt-log.js';
import {
  addAction,
  deletionVector,
  domainAction,
  metadataAction,
  protocolAction,
  removeAction,
  txnAction,
} from '../test-support/actions.js';
import { CHECKPOINT_SCHEMA } from '../test-support/checkpoint-schema.js';
import { checkpointParquet } from '../test-support/test-table.js';
import { readCheckpointParquet } from './checkpoint-parquet.js';

const FILE = '_delta_log/00000000000000000010.checkpoint.parquet';

describe('readCheckpointParquet', () => {
  it('reads every action back as its JSON shape: maps as objects, longs as numbers', async () => {
    const actions = [
      protocolAction({ readerFeatures: ['deletionVectors'] }),
      metadataAction({
        partitionColumns: ['part'],
        configuration: { 'delta.enableDeletionVectors': 'true' },
      }),
      txnAction('stream-1', 42),
      domainAction('delta.clustering', '{"clusteringColumns":[]}'),
      addAction('part=a/f1.parquet', {
        partitionValues: { part: 'a' },
        size: 2 ** 40,
        stats: '{"numRecords":3}',
        tags: { t: 'v' },
        deletionVector: deletionVector('x'),
      }),
      addAction('part=__HIVE_DEFAULT_PARTITION__/f2.parquet', { partitionValues: { part: null } }),
      removeAction('part=a/f0.parquet', {
        deletionTimestamp: 1_700_000_000_123,
        extendedFileMetadata: true,
        partitionValues: { part: 'a' },
        size: 7,
      }),
    ];
    const read = await readCheckpointParquet(await checkpointParquet(actions), FILE);
    expect(read).toEqual(actions.map((action) => expect.objectContaining(action)));
    // Fields the checkpoint leaves null stay absent rather than becoming nulls.
    expect(read[6]).toEqual({
      remove: {
        path: 'part=a/f0.parquet',
        deletionTimestamp: 1_700_000_000_123,
        dataChange: true,
        extendedFileMetadata: true,
        partitionValues: { part: 'a' },
        size: 7,
      },
    });
  });

  it('reads only the actions asked for', async () => {
    const bytes = await checkpointParquet([protocolAction(), metadataAction(), addAction('a')]);
    const read = await readCheckpointParquet(bytes, FILE, { actions: ['protocol', 'metaData'] });
    expect(read.map((action) => Object.keys(action)[0])).toEqual(['protocol', 'metaData']);
  });

  it('tolerates writers that omit whole action columns and optional fields', async () => {
    const minimal = struct([
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
          field('size', 'long'),
          field('modificationTime', 'long'),
          field('dataChange', 'boolean'),
        ]),
      ),
      field(
        'protocol',
        struct([field('minReaderVersion', 'integer'), field('minWriterVersion', 'integer')]),
      ),
    ]);
    const read = await readCheckpointParquet(
      await checkpointParquet([protocolAction(), addAction('a')], minimal),
      FILE,
    );
    expect(read).toEqual([
      { protocol: { minReaderVersion: 1, minWriterVersion: 2 } },
      {
        add: {
          path: 'a',
          partitionValues: {},
          size: 100,
          modificationTime: 1_700_000_000_000,
          dataChange: true,
        },
      },
    ]);
  });

  it('skips a struct of nulls (an action column a writer filled with an empty struct)', async () => {
    const bytes = await checkpointParquet(
      [{ add: { path: null } } as never, addAction('a')],
      CHECKPOINT_SCHEMA,
    );
    expect(await readCheckpointParquet(bytes, FILE)).toEqual([
      expect.objectContaining({ add: expect.objectContaining({ path: 'a' }) }),
    ]);
  });

  it('fails with CorruptLog naming the row of an invalid action', async () => {
    const bytes = await checkpointParquet([
      protocolAction(),
      { add: { path: 'a', partitionValues: {}, size: 1, dataChange: true } } as never,
    ]);
    await expect(readCheckpointParquet(bytes, FILE)).rejects.toThrow(CorruptLog);
    await expect(readCheckpointParquet(bytes, FILE)).rejects.toThrow(`${FILE}:2`);
  });

  it('fails with CorruptLog when the file is not Parquet', async () => {
    await expect(
      readCheckpointParquet(new TextEncoder().encode('not parquet'), FILE),
    ).rejects.toThrow(CorruptLog);
  });
});
