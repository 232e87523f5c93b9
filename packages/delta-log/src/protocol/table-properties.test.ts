import { describe, expect, it } from 'vitest';
import { InvalidTableProperty } from './errors/invalid-table-property.js';
import { parseIntervalMilliseconds } from './interval.js';
import { parseTableProperties } from './table-properties.js';

const DAY = 86_400_000;

describe('parseTableProperties', () => {
  it('gives the Delta defaults for an empty configuration', () => {
    expect(parseTableProperties({})).toEqual({
      appendOnly: false,
      checkpointInterval: 10,
      checkpointWriteStatsAsJson: true,
      checkpointWriteStatsAsStruct: false,
      columnMappingMode: 'none',
      dataSkippingNumIndexedCols: 32,
      dataSkippingStatsColumns: undefined,
      deletedFileRetentionDuration: 7 * DAY,
      enableChangeDataFeed: false,
      enableDeletionVectors: false,
      enableInCommitTimestamps: false,
      inCommitTimestampEnablementVersion: undefined,
      inCommitTimestampEnablementTimestamp: undefined,
      logRetentionDuration: 30 * DAY,
    });
  });

  it.each([
    ['delta.checkpointInterval', '100', 'checkpointInterval', 100],
    ['delta.logRetentionDuration', 'interval 7 days', 'logRetentionDuration', 7 * DAY],
    [
      'delta.deletedFileRetentionDuration',
      'interval 1 weeks',
      'deletedFileRetentionDuration',
      7 * DAY,
    ],
    ['delta.enableDeletionVectors', 'TRUE', 'enableDeletionVectors', true],
    ['delta.columnMapping.mode', 'name', 'columnMappingMode', 'name'],
    ['delta.columnMapping.mode', 'ID', 'columnMappingMode', 'id'],
    ['delta.enableInCommitTimestamps', 'true', 'enableInCommitTimestamps', true],
    ['delta.inCommitTimestampEnablementVersion', '5', 'inCommitTimestampEnablementVersion', 5],
    [
      'delta.inCommitTimestampEnablementTimestamp',
      '1700000000000',
      'inCommitTimestampEnablementTimestamp',
      1_700_000_000_000,
    ],
    ['delta.dataSkippingNumIndexedCols', '-1', 'dataSkippingNumIndexedCols', -1],
    [
      'delta.dataSkippingStatsColumns',
      'a, b.c ,`d,e`',
      'dataSkippingStatsColumns',
      ['a', 'b.c', '`d,e`'],
    ],
    ['delta.dataSkippingStatsColumns', '', 'dataSkippingStatsColumns', []],
    ['delta.checkpoint.writeStatsAsJson', 'false', 'checkpointWriteStatsAsJson', false],
    ['delta.checkpoint.writeStatsAsStruct', 'true', 'checkpointWriteStatsAsStruct', true],
    ['delta.appendOnly', 'true', 'appendOnly', true],
    ['delta.enableChangeDataFeed', 'true', 'enableChangeDataFeed', true],
  ])('reads %s = %j', (key, value, property, expected) => {
    expect(
      parseTableProperties({ [key]: value })[
        property as keyof ReturnType<typeof parseTableProperties>
      ],
    ).toEqual(expected);
  });

  it.each([
    ['delta.checkpointInterval', '0'],
    ['delta.checkpointInterval', 'ten'],
    ['delta.logRetentionDuration', 'interval 1 month'],
    ['delta.logRetentionDuration', '30'],
    ['delta.enableDeletionVectors', 'yes'],
    ['delta.columnMapping.mode', 'position'],
    ['delta.dataSkippingNumIndexedCols', '-2'],
    ['delta.dataSkippingStatsColumns', 'a,,b'],
    ['delta.inCommitTimestampEnablementVersion', '1.5'],
  ])('refuses %s = %j with InvalidTableProperty', (key, value) => {
    expect(() => parseTableProperties({ [key]: value })).toThrow(InvalidTableProperty);
  });
});

describe('parseIntervalMilliseconds', () => {
  it.each([
    ['interval 30 days', 30 * DAY],
    ['30 days', 30 * DAY],
    ['INTERVAL 1 DAY', DAY],
    ['interval 2 weeks', 14 * DAY],
    ['interval 1 day 12 hours', 1.5 * DAY],
    ['interval 90 minutes', 5_400_000],
    ['interval 1.5 seconds', 1500],
    ['interval 250 milliseconds', 250],
    ['interval 1000 microseconds', 1],
    ['  interval   3   hours  ', 10_800_000],
  ])('reads %j', (text, expected) => {
    expect(parseIntervalMilliseconds(text)).toBe(expected);
  });

  it.each([
    '',
    'interval',
    'interval 1',
    'interval 1 month',
    'interval 2 years',
    'interval -1 days',
    'interval 1.5 days',
    'interval x days',
    'one day',
  ])('refuses %j', (text) => {
    expect(parseIntervalMilliseconds(text)).toBeUndefined();
  });
});
