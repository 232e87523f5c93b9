import { describe, expect, it } from 'vitest';
import { completeCheckpoints } from './checkpoints.js';
import { type CheckpointFile, parseLogFile } from './log-file-name.js';

const files = (...names: string[]) =>
  names.map(
    (name) =>
      parseLogFile({ path: `_delta_log/${name}`, size: 1, modificationTime: 1 }) as CheckpointFile,
  );
const multi = (version: number, part: number, parts: number) =>
  `${String(version).padStart(20, '0')}.checkpoint.${String(part).padStart(10, '0')}.${String(parts).padStart(10, '0')}.parquet`;

describe('completeCheckpoints', () => {
  it('keeps a multi-part checkpoint with every part, in part order', () => {
    const [checkpoint] = completeCheckpoints(files(multi(5, 3, 3), multi(5, 1, 3), multi(5, 2, 3)));
    expect(checkpoint?.naming).toBe('multi-part');
    expect(checkpoint?.files.map((file) => file.part)).toEqual([1, 2, 3]);
  });

  it('drops a multi-part checkpoint with a missing part', () => {
    expect(completeCheckpoints(files(multi(5, 1, 3), multi(5, 3, 3)))).toEqual([]);
  });

  it('keeps the complete one of two part counts written for one version', () => {
    const [checkpoint] = completeCheckpoints(files(multi(5, 1, 3), multi(5, 1, 2), multi(5, 2, 2)));
    expect(checkpoint?.files.map((file) => file.parts)).toEqual([2, 2]);
  });

  it('prefers the classic checkpoint when one version has several, and sorts by version', () => {
    const found = completeCheckpoints(
      files(
        '00000000000000000010.checkpoint.80a083e8-7026-4e79-81be-64bd76c43a11.json',
        '00000000000000000010.checkpoint.parquet',
        '00000000000000000002.checkpoint.80a083e8-7026-4e79-81be-64bd76c43a11.json',
        multi(2, 1, 1),
      ),
    );
    expect(found.map((checkpoint) => [checkpoint.version, checkpoint.naming])).toEqual([
      [2, 'uuid'],
      [10, 'classic'],
    ]);
  });
});
