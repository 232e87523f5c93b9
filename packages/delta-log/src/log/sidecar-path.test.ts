import { describe, expect, it } from 'vitest';
import { CorruptLog } from '../protocol/errors/corrupt-log.js';
import { sidecarPath } from './sidecar-path.js';

const CHECKPOINT =
  '_delta_log/00000000000000000010.checkpoint.80a083e8-7026-4e79-81be-64bd76c43a11.json';
const sidecar = (path: string) => ({ path, sizeInBytes: 1, modificationTime: 1 });

describe('sidecarPath', () => {
  it.each([
    [
      '016ae953-37a9-438e-8683-9a9a4a79a395.parquet',
      '_delta_log/_sidecars/016ae953-37a9-438e-8683-9a9a4a79a395.parquet',
    ],
    ['a%20b.parquet', '_delta_log/_sidecars/a b.parquet'],
    ['_sidecars/x.parquet', '_delta_log/_sidecars/x.parquet'],
    ['s3://bucket/table/_delta_log/_sidecars/x.parquet', '_delta_log/_sidecars/x.parquet'],
  ])('resolves %j to %j', (path, expected) => {
    expect(sidecarPath(sidecar(path), CHECKPOINT)).toBe(expected);
  });

  it.each([
    '../../secret.parquet',
    'data/x.parquet',
    's3://bucket/table/x.parquet',
    '_delta_log/_sidecars/',
    '%zz',
  ])('refuses %j with CorruptLog naming the checkpoint', (path) => {
    expect(() => sidecarPath(sidecar(path), CHECKPOINT)).toThrow(CorruptLog);
    expect(() => sidecarPath(sidecar(path), CHECKPOINT)).toThrow(CHECKPOINT);
  });
});
