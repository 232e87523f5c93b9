import { beforeAll, describe, expect, it } from 'vitest';
import { conformanceStorage, deltaRsHistory, requireDeltaRs } from '../test-support/conformance.js';
import { history } from './history.js';

beforeAll(requireDeltaRs, 120_000);

describe('history of the conformance tables agrees with delta-rs', () => {
  it.each([
    ['golden/checkpoint', undefined],
    ['golden/checkpoint', 3],
    ['delta-rs/simple_table', undefined],
    ['delta-rs/checkpoints_vacuumed', undefined],
    ['delta-rs/checkpoint-v2-table', undefined],
    ['delta-rs/cdc_ict_table', undefined],
    ['delta-rs/table-with-domain-metadata', undefined],
    ['golden/log-replay-dv-key-cases', undefined],
  ])('%s (limit %s): versions and commitInfo', async (table, limit) => {
    const reference = await deltaRsHistory(table, limit);
    const entries = await history(conformanceStorage(table), limit === undefined ? {} : { limit });
    expect(entries.map((entry) => entry.version)).toEqual(reference.map((entry) => entry.version));
    // delta-rs returns the commitInfo as written plus the version.
    expect(entries.map((entry) => ({ ...entry.commitInfo, version: entry.version }))).toEqual(
      reference,
    );
    for (const [index, entry] of entries.entries()) {
      const expected = reference[index]!;
      expect(entry).toMatchObject({
        operation: expected.operation,
        operationParameters: expected.operationParameters,
      });
      if (expected.operationMetrics !== undefined)
        expect(entry.operationMetrics).toEqual(expected.operationMetrics);
      if (expected.engineInfo !== undefined) expect(entry.engineInfo).toBe(expected.engineInfo);
    }
  });

  /**
   * Timestamps differ on purpose: delta-rs shows the writer's `commitInfo.timestamp`, Silt shows
   * what Spark's DESCRIBE HISTORY shows — in-commit timestamps where enabled, else file times
   * made increasing (the copied conformance tables have one file time for all commits).
   */
  it('delta-rs/cdc_ict_table shows in-commit timestamps where delta-rs shows commitInfo.timestamp', async () => {
    const entries = await history(conformanceStorage('delta-rs/cdc_ict_table'));
    const reference = await deltaRsHistory('delta-rs/cdc_ict_table');
    expect(entries.map((entry) => entry.timestamp)).toEqual(
      reference.map((entry) => entry.inCommitTimestamp),
    );
    expect(reference[2]?.timestamp).not.toBe(reference[2]?.inCommitTimestamp);
  });

  it('delta-rs/checkpoints shows file times made strictly increasing', async () => {
    const times = (await history(conformanceStorage('delta-rs/checkpoints')))
      .map((entry) => entry.timestamp)
      .reverse();
    for (let index = 1; index < times.length; index++)
      expect(times[index]).toBeGreaterThan(times[index - 1]!);
  });
});
