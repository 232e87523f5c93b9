import { SiltError } from '@silt/parquet-io';
import { describe, expect, it } from 'vitest';
import { decodeAction } from './decode-action.js';
import { CorruptLog } from './errors/corrupt-log.js';

const at = { file: '_delta_log/00000000000000000000.json', line: 4 };

const valid: Record<string, Record<string, unknown>> = {
  protocol: { minReaderVersion: 1, minWriterVersion: 2 },
  metaData: {
    id: 'id',
    format: { provider: 'parquet', options: {} },
    schemaString: '{"type":"struct","fields":[]}',
    partitionColumns: [],
    configuration: {},
  },
  add: { path: 'a', partitionValues: {}, size: 1, modificationTime: 1, dataChange: true },
  remove: { path: 'a', dataChange: true },
  txn: { appId: 'a', version: 1 },
  domainMetadata: { domain: 'd', configuration: '{}', removed: false },
  checkpointMetadata: { version: 3 },
  sidecar: { path: 's.parquet', sizeInBytes: 1, modificationTime: 1 },
  cdc: { path: 'c', partitionValues: {}, size: 1, dataChange: false },
};

function decodeWithout(action: string, field: string): unknown {
  const payload = { ...valid[action] };
  delete payload[field];
  try {
    return decodeAction({ [action]: payload }, at);
  } catch (error) {
    return error;
  }
}

describe('decodeAction', () => {
  it.each(Object.keys(valid))('decodes a valid %s action', (action) => {
    expect(decodeAction({ [action]: valid[action] }, at)).toEqual({
      [action]: expect.objectContaining(valid[action]!),
    });
  });

  it.each([
    ['protocol', 'minReaderVersion'],
    ['protocol', 'minWriterVersion'],
    ['metaData', 'id'],
    ['metaData', 'format'],
    ['metaData', 'partitionColumns'],
    ['add', 'path'],
    ['add', 'partitionValues'],
    ['add', 'size'],
    ['add', 'modificationTime'],
    ['add', 'dataChange'],
    ['remove', 'path'],
    ['remove', 'dataChange'],
    ['txn', 'appId'],
    ['txn', 'version'],
    ['domainMetadata', 'domain'],
    ['domainMetadata', 'configuration'],
    ['domainMetadata', 'removed'],
    ['checkpointMetadata', 'version'],
    ['sidecar', 'path'],
  ])('a %s action without %s fails with CorruptLog naming the field', (action, field) => {
    const error = decodeWithout(action, field);
    expect(SiltError.hasCode(error, CorruptLog.code)).toBe(true);
    expect((error as CorruptLog).message).toContain(`"${field}"`);
    expect((error as CorruptLog).line).toBe(4);
  });

  it.each([
    ['add', 'size', '"12"'],
    ['add', 'dataChange', '"true"'],
    ['add', 'partitionValues', '["a"]'],
    ['txn', 'version', '1.5'],
    ['protocol', 'readerFeatures', '"columnMapping"'],
    ['metaData', 'partitionColumns', '[1]'],
  ])('a %s action whose %s is %s fails with CorruptLog', (action, field, json) => {
    const payload = { ...valid[action], [field]: JSON.parse(json) };
    expect(() => decodeAction({ [action]: payload }, at)).toThrow(CorruptLog);
  });

  it('keeps null partition values (the null partition) and drops null tags', () => {
    const decoded = decodeAction(
      { add: { ...valid.add, partitionValues: { x: null, y: '1' }, tags: { a: null, b: 'c' } } },
      at,
    );
    expect(decoded).toEqual({
      add: expect.objectContaining({ partitionValues: { x: null, y: '1' }, tags: { b: 'c' } }),
    });
  });

  it('reads a missing schemaString as the empty schema and missing configuration as empty, as Spark does', () => {
    const { schemaString: _schema, configuration: _configuration, ...rest } = valid.metaData!;
    expect(decodeAction({ metaData: rest }, at)).toEqual({
      metaData: expect.objectContaining({
        schemaString: '{"type":"struct","fields":[]}',
        configuration: {},
      }),
    });
  });

  it('decodes a deletion vector and refuses an unknown storage type', () => {
    const deletionVector = {
      storageType: 'u',
      pathOrInlineDv: 'ab^-aqEH.-t@S}K{vb[*k^',
      offset: 4,
      sizeInBytes: 40,
      cardinality: 6,
    };
    expect(decodeAction({ add: { ...valid.add, deletionVector } }, at)).toEqual({
      add: expect.objectContaining({ deletionVector }),
    });
    expect(() =>
      decodeAction(
        { add: { ...valid.add, deletionVector: { ...deletionVector, storageType: 'x' } } },
        at,
      ),
    ).toThrow(/storageType/);
  });

  it('keeps commitInfo as written, whatever its fields hold (it is free-form)', () => {
    const odd = { timestamp: '2024-01-01', operation: 7 };
    expect(decodeAction({ commitInfo: odd }, at)).toEqual({ commitInfo: odd });
  });

  it('keeps commitInfo as written', () => {
    const commitInfo = {
      timestamp: 5,
      operation: 'MERGE',
      operationParameters: { predicate: 'x' },
      custom: { nested: [1] },
    };
    expect(decodeAction({ commitInfo }, at)).toEqual({ commitInfo });
  });

  it('returns undefined for a line holding only unknown or null actions', () => {
    expect(decodeAction({ somethingNew: {} }, at)).toBeUndefined();
    expect(decodeAction({ add: null, remove: null }, at)).toBeUndefined();
  });
});
