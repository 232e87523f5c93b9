import { SiltError } from '@silt/parquet-io';
import { beforeAll, describe, expect, it } from 'vitest';
import { TableNotFound } from '../log/errors/table-not-found.js';
import { ProtocolNotSupported } from '../protocol/errors/protocol-not-supported.js';
import {
  conformancePath,
  conformanceStorage,
  type DeltaRsSnapshot,
  deltaRsSnapshot,
  requireDeltaRs,
} from '../test-support/conformance.js';
import { MissingMetadata } from './errors/missing-metadata.js';
import { MissingProtocol } from './errors/missing-protocol.js';
import { loadSnapshot } from './load-snapshot.js';
import type { Snapshot } from './snapshot.js';

beforeAll(requireDeltaRs, 120_000);

/** The parts of a snapshot both engines report, in delta-rs's shape. */
function comparable(table: string, snapshot: Snapshot) {
  return {
    version: snapshot.version,
    protocol: {
      minReaderVersion: snapshot.protocol.minReaderVersion,
      minWriterVersion: snapshot.protocol.minWriterVersion,
      readerFeatures: snapshot.protocol.readerFeatures ?? null,
      writerFeatures: snapshot.protocol.writerFeatures ?? null,
    },
    metadata: {
      id: snapshot.metadata.id,
      partitionColumns: snapshot.partitionColumns,
      configuration: snapshot.configuration,
      schema: snapshot.schema,
    },
    files: snapshot.files.map((file) => file.path).sort(),
    fileUris: snapshot.files
      .map((file) => `${conformancePath(table)}/${snapshot.filePath(file)}`)
      .sort(),
  };
}

function withoutExtras(reference: DeltaRsSnapshot) {
  if (reference.error)
    throw new Error(`delta-rs could not read the table: ${reference.error.message}`);
  const { transactions: _transactions, ...rest } = reference as DeltaRsSnapshot & {
    transactions?: unknown;
  };
  return rest;
}

describe('snapshots of the conformance tables agree with delta-rs', () => {
  it.each([
    ['delta-rs/checkpoints', undefined],
    ['delta-rs/checkpoints', 5],
    ['delta-rs/checkpoint-v2-table', undefined],
    ['delta-rs/checkpoint-v2-table', 7],
    ['delta-rs/checkpoint-v2-table', 0],
    ['delta-rs/with_checkpoint_no_last_checkpoint', undefined],
    ['delta-rs/with_checkpoint_no_last_checkpoint', 1],
    ['delta-rs/latest_not_checkpointed', undefined],
    ['delta-rs/latest_not_checkpointed', 2],
    ['delta-rs/table_failed_last_checkpoint_update', undefined],
    ['delta-rs/checkpoints_vacuumed', undefined],
    ['delta-rs/checkpoints_vacuumed', 6],
    ['delta-rs/table-with-domain-metadata', undefined],
    ['delta-rs/cdc_ict_table', undefined],
    ['delta-rs/cdc_ict_table', 1],
    ['delta-rs/simple_table', undefined],
    ['delta-rs/simple_table', 2],
    ['delta-rs/delta-0.2.0', undefined],
    ['delta-rs/python-0.25.5-checkpoint', undefined],
    ['delta-rs/delta-1.2.1-only-struct-stats', undefined],
    ['delta-rs/table_with_deletion_logs', undefined],
    ['delta-rs/table_with_deletion_logs', 15],
    ['delta-rs/delta-0.8.0-special-partition', undefined],
    ['delta-rs/delta-0.8.0-null-partition', undefined],
    ['delta-rs/table_with_column_mapping', undefined],
    ['delta-rs/delta-live-table', undefined],
    ['golden/checkpoint', undefined],
    ['golden/checkpoint', 10],
    ['golden/checkpoint', 3],
    ['golden/log-replay-dv-key-cases', undefined],
    ['golden/log-replay-dv-key-cases', 1],
    ['golden/log-replay-special-characters', 0],
    ['golden/log-replay-special-characters', undefined],
    ['golden/time-travel-start', undefined],
    ['golden/time-travel-partition-changes-a', undefined],
    ['golden/time-travel-partition-changes-b', 0],
    ['golden/time-travel-partition-changes-b', undefined],
    ['golden/dv-partitioned-with-checkpoint', undefined],
    ['golden/dv-with-columnmapping', 12],
    ['golden/basic-with-inserts-overwrite-restore', undefined],
    ['golden/delete-re-add-same-file-different-transactions', undefined],
    ['golden/snapshot-data2-deleted', undefined],
  ])('%s at version %s', async (table, version) => {
    const reference = withoutExtras(
      await deltaRsSnapshot(table, version === undefined ? {} : { version }),
    );
    const snapshot = await loadSnapshot(
      conformanceStorage(table),
      version === undefined ? {} : { version },
    );
    expect(comparable(table, snapshot)).toEqual(reference);
  });

  it('the app transaction of delta-rs/delta-0.2.0 (read from its checkpoint) matches', async () => {
    const appId = 'e4a20b59-dd0e-4c50-b074-e8ae4786df30';
    const reference = (await deltaRsSnapshot('delta-rs/delta-0.2.0', {
      appIds: [appId, 'unknown'],
    })) as { transactions: Record<string, number | null> };
    const snapshot = await loadSnapshot(conformanceStorage('delta-rs/delta-0.2.0'));
    expect({
      [appId]: snapshot.appTransaction(appId)?.version ?? null,
      unknown: snapshot.appTransaction('unknown')?.version ?? null,
    }).toEqual(reference.transactions);
  });
});

describe('conformance tables both engines refuse', () => {
  it.each([
    ['golden/deltalog-invalid-protocol-version', ProtocolNotSupported.code],
    ['delta-rs/simple_table_features', ProtocolNotSupported.code],
    ['golden/deltalog-state-reconstruction-from-checkpoint-missing-metadata', MissingMetadata.code],
    ['golden/deltalog-state-reconstruction-without-metadata', MissingMetadata.code],
    ['golden/log-store-listFrom', TableNotFound.code],
    ['golden/log-store-read', TableNotFound.code],
  ])('%s fails with %s', async (table, code) => {
    const reference = await deltaRsSnapshot(table);
    expect(reference.error).toBeDefined();
    const error = await loadSnapshot(conformanceStorage(table)).catch((e: unknown) => e);
    expect(SiltError.isInstance(error) ? error.code : error).toBe(code);
  });
});

/**
 * Where Silt follows Apache Spark rather than delta-rs. The golden tables were written by Spark's
 * test suite with these expectations (connectors/golden-tables GoldenTables.scala in delta-io/delta);
 * delta-rs refuses them because their metaData has no schemaString, which Spark reads as an empty schema.
 */
describe('conformance tables Silt reads as Spark does (delta-rs refuses them)', () => {
  it('golden/corrupted-last-checkpoint reads version 10 from its checkpoint', async () => {
    expect((await deltaRsSnapshot('golden/corrupted-last-checkpoint')).error).toBeDefined();
    const snapshot = await loadSnapshot(conformanceStorage('golden/corrupted-last-checkpoint'));
    expect(snapshot.version).toBe(10);
    expect(snapshot.files.map((file) => file.path).sort((a, b) => Number(a) - Number(b))).toEqual(
      Array.from({ length: 11 }, (_, index) => String(index)),
    );
  });

  it.each(['golden/canonicalized-paths-normal-a', 'golden/canonicalized-paths-special-a'])(
    '%s: a remove of file:/x cancels the add of /x (Spark canonicalizes paths)',
    async (table) => {
      expect((await deltaRsSnapshot(table)).error).toBeDefined();
      expect((await loadSnapshot(conformanceStorage(table), { version: 0 })).files).toHaveLength(1);
      const latest = await loadSnapshot(conformanceStorage(table));
      expect(latest.version).toBe(1);
      expect(latest.files).toEqual([]);
      expect(latest.tombstones).toHaveLength(1);
    },
  );

  it('golden/deltalog-state-reconstruction-from-checkpoint-missing-protocol fails with MissingProtocol', async () => {
    const error = await loadSnapshot(
      conformanceStorage('golden/deltalog-state-reconstruction-from-checkpoint-missing-protocol'),
    ).catch((e: unknown) => e);
    expect(SiltError.hasCode(error, MissingProtocol.code)).toBe(true);
  });

  it('golden/deltalog-commit-info keeps the commitInfo of version 0 as written', async () => {
    const snapshot = await loadSnapshot(conformanceStorage('golden/deltalog-commit-info'));
    expect(snapshot.commitInfo).toMatchObject({
      timestamp: 1540415658000,
      userId: 'user_0',
      operation: 'WRITE',
      operationParameters: { test: 'test' },
      job: { jobId: 'job_id_0' },
    });
  });
});

describe('metadata domains and in-commit timestamps of real tables', () => {
  it('delta-rs/table-with-domain-metadata keeps its three domains (from its only checkpoint)', async () => {
    const snapshot = await loadSnapshot(conformanceStorage('delta-rs/table-with-domain-metadata'));
    expect(snapshot.domainNames().sort()).toEqual([
      'com.databricks.liquid',
      'delta.clustering',
      'delta.rowTracking',
    ]);
    expect(JSON.parse(snapshot.domainMetadata('delta.rowTracking')!)).toEqual({
      rowIdHighWaterMark: 435,
      domainName: 'delta.rowTracking',
    });
    expect(JSON.parse(snapshot.domainMetadata('delta.clustering')!).clusteringColumns).toEqual([
      ['department'],
    ]);
  });

  it.each([
    [0, 1783874203271],
    [1, 1683874206883],
    [2, 1783874212175],
    [3, 1783874213881],
  ])(
    'delta-rs/cdc_ict_table version %i has the in-commit timestamp %i, not its file time',
    async (version, timestamp) => {
      expect(
        (await loadSnapshot(conformanceStorage('delta-rs/cdc_ict_table'), { version })).timestamp,
      ).toBe(timestamp);
    },
  );
});
