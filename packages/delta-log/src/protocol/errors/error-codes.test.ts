import {
  InvalidSchema,
  MalformedRecord,
  ParquetReadError,
  ParquetWriteError,
  SiltError,
  UnsupportedType,
} from '@silt/parquet-io';
import { describe, expect, it } from 'vitest';
import { TableNotFound, VersionNotFound } from '../../log/errors/index.js';
import { ConstraintViolation, SchemaMismatch, TableAlreadyExists } from '../../ops/errors/index.js';
import { InvalidShreddedVariant } from '../../scan/variant/invalid-shredded-variant.js';
import {
  MissingMetadata,
  MissingProtocol,
  TimestampOutOfRange,
} from '../../snapshot/errors/index.js';
import { FileAlreadyExists, FileNotFound, InvalidPath } from '../../storage/errors.js';
import { CheckpointNotSupported } from '../../txn/errors/checkpoint-not-supported.js';
import { CommitAttemptsExhausted } from '../../txn/errors/commit-attempts-exhausted.js';
import {
  ConcurrentAppend,
  ConcurrentDeleteDelete,
  ConcurrentDeleteRead,
  ConcurrentTransaction,
  MetadataChanged,
  ProtocolChanged,
} from '../../txn/errors/concurrent-modification.js';
import {
  CorruptLog,
  InvalidTableProperty,
  PathOutsideTable,
  ProtocolNotSupported,
  WriteNotSupported,
} from './index.js';

const conflict = { winningVersion: 3, readVersion: 2 };

/** Every error class of delta-log (protocol, log, snapshot, storage, ops, txn, scan) and of parquet-io below it. */
const errors: [{ code: string; name: string }, () => SiltError][] = [
  [CorruptLog, () => new CorruptLog({ reason: 'r' })],
  [InvalidTableProperty, () => new InvalidTableProperty({ key: 'k', value: 'v', expected: 'e' })],
  [PathOutsideTable, () => new PathOutsideTable({ path: 'p', reason: 'r' })],
  [ProtocolNotSupported, () => new ProtocolNotSupported({ readerVersion: 4 })],
  [WriteNotSupported, () => new WriteNotSupported({ writerVersion: 8 })],
  [SchemaMismatch, () => new SchemaMismatch({ reason: 'r' })],
  [ConstraintViolation, () => new ConstraintViolation({ constraint: 'c' })],
  [TableAlreadyExists, () => new TableAlreadyExists({ version: 1 })],
  [ConcurrentAppend, () => new ConcurrentAppend(conflict)],
  [ConcurrentDeleteRead, () => new ConcurrentDeleteRead(conflict)],
  [ConcurrentDeleteDelete, () => new ConcurrentDeleteDelete(conflict)],
  [ConcurrentTransaction, () => new ConcurrentTransaction(conflict)],
  [MetadataChanged, () => new MetadataChanged(conflict)],
  [ProtocolChanged, () => new ProtocolChanged(conflict)],
  [CommitAttemptsExhausted, () => new CommitAttemptsExhausted({ attempts: 3 })],
  [CheckpointNotSupported, () => new CheckpointNotSupported({ version: 1, features: ['x'] })],
  [InvalidShreddedVariant, () => new InvalidShreddedVariant({ reason: 'r' })],
  [TableNotFound, () => new TableNotFound()],
  [VersionNotFound, () => new VersionNotFound({ version: 9, earliest: 0, latest: 3 })],
  [MissingMetadata, () => new MissingMetadata({ version: 0 })],
  [MissingProtocol, () => new MissingProtocol({ version: 0 })],
  [TimestampOutOfRange, () => new TimestampOutOfRange({ timestamp: 0, earliest: 1, latest: 2 })],
  [FileAlreadyExists, () => new FileAlreadyExists({ path: 'p' })],
  [FileNotFound, () => new FileNotFound({ path: 'p' })],
  [InvalidPath, () => new InvalidPath({ path: 'p', reason: 'r' })],
  [InvalidSchema, () => new InvalidSchema({ reason: 'r' })],
  [MalformedRecord, () => new MalformedRecord({ line: 1, reason: 'r' })],
  [ParquetReadError, () => new ParquetReadError({ reason: 'r' })],
  [ParquetWriteError, () => new ParquetWriteError({ reason: 'r' })],
  [UnsupportedType, () => new UnsupportedType({ type: 't', context: 'c' })],
];

describe('error codes', () => {
  it('are unique, SILT_-prefixed, and carried by every instance', () => {
    const codes = errors.map(([type]) => type.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const [type, make] of errors) {
      const error = make();
      expect(type.code).toMatch(/^SILT_[A-Z][A-Za-z]+$/);
      expect(error.code).toBe(type.code);
      expect(SiltError.isInstance(error)).toBe(true);
      expect(SiltError.hasCode(error, type.code)).toBe(true);
    }
  });

  // parquet-io's own errors are its package's concern; delta-log's are checked here.
  it.each(errors.slice(0, errors.length - 6).map(([type, make]) => [type.code, make] as const))(
    '%s has a message that says what to do',
    (_code, make) => {
      expect(make().message.length).toBeGreaterThan(60);
      expect(make().message.trim()).toMatch(/\.$/);
    },
  );
});
