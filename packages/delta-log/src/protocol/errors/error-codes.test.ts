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
import {
  MissingMetadata,
  MissingProtocol,
  TimestampOutOfRange,
} from '../../snapshot/errors/index.js';
import { FileAlreadyExists, FileNotFound, InvalidPath } from '../../storage/errors.js';
import {
  CorruptLog,
  InvalidTableProperty,
  PathOutsideTable,
  ProtocolNotSupported,
} from './index.js';

/** Every error class of delta-log (protocol, log, snapshot, storage) and of parquet-io below it. */
const errors: [{ code: string; name: string }, () => SiltError][] = [
  [CorruptLog, () => new CorruptLog({ reason: 'r' })],
  [InvalidTableProperty, () => new InvalidTableProperty({ key: 'k', value: 'v', expected: 'e' })],
  [PathOutsideTable, () => new PathOutsideTable({ path: 'p', reason: 'r' })],
  [ProtocolNotSupported, () => new ProtocolNotSupported({ readerVersion: 4 })],
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
  it.each(errors.slice(0, 12).map(([type, make]) => [type.code, make] as const))(
    '%s has a message that says what to do',
    (_code, make) => {
      expect(make().message.length).toBeGreaterThan(60);
      expect(make().message.trim()).toMatch(/\.$/);
    },
  );
});
