import { describe, expect, it } from 'vitest';
import { monotonize } from './commit-timestamps.js';

describe('monotonize', () => {
  it.each([
    ['increasing times stay', [10, 20, 30], [10, 20, 30]],
    ['equal times become 1 ms apart', [10, 10, 10], [10, 11, 12]],
    ['an earlier time becomes 1 ms after the one before', [10, 20, 5, 30], [10, 20, 21, 30]],
    ['a run of earlier times climbs from the last good one', [50, 10, 20, 51], [50, 51, 52, 53]],
  ])('%s', (_case, times, expected) => {
    expect(
      monotonize(times.map((timestamp, version) => ({ version, timestamp }))).map(
        (time) => time.timestamp,
      ),
    ).toEqual(expected);
  });
});
