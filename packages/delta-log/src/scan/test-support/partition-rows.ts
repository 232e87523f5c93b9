/** The partition values of the partitioned conformance tables, as the log records them and parsed. */
import { parseSchemaJson, type StructType } from '@silt/parquet-io';
import { columnMappingMode, physicalSchema } from '../column-mapping.js';
import { type PartitionValue, parsePartitionValues } from '../partition-values.js';
import { commitActions, conformanceTable } from './conformance.js';

/** Tables of the conformance set whose JSON commits hold a partitioned metaData. */
export const partitionedTables = [
  'delta-rs/cdc_ict_table',
  'delta-rs/cdf-table',
  'delta-rs/checkpoints',
  'delta-rs/delta-0.8.0-null-partition',
  'delta-rs/delta-0.8.0-numeric-partition',
  'delta-rs/delta-0.8.0-partitioned',
  'delta-rs/delta-0.8.0-special-partition',
  'delta-rs/delta-2.2.0-partitioned-types',
  'delta-rs/http_requests',
  'delta-rs/issue_1374',
  'delta-rs/partition-type-primitives',
  'delta-rs/table_with_column_mapping',
  'delta-rs/table_with_partitioning_mapping',
  'golden/basic-decimal-table',
  'golden/basic-decimal-table-legacy',
  'golden/data-reader-partition-values',
  'golden/data-reader-timestamp_ntz',
  'golden/data-reader-timestamp_ntz-id-mode',
  'golden/data-reader-timestamp_ntz-name-mode',
  'golden/dv-partitioned-with-checkpoint',
  'golden/dv-with-columnmapping',
  'golden/kernel-timestamp-INT96',
  'golden/kernel-timestamp-PST',
  'golden/kernel-timestamp-TIMESTAMP_MICROS',
  'golden/kernel-timestamp-TIMESTAMP_MILLIS',
  'golden/time-travel-partition-changes-a',
  'golden/time-travel-partition-changes-b',
];

/** The partition values of every add of a table, read against the schema in force at each add. */
export async function partitionRows(table: string) {
  const rows: {
    path: string;
    raw: Record<string, string | null>;
    parsed: Record<string, PartitionValue>;
  }[] = [];
  let partitionSchema: StructType | undefined;
  for (const action of await commitActions(conformanceTable(table))) {
    const metadata = action.metaData as
      | { schemaString: string; partitionColumns: string[]; configuration: Record<string, string> }
      | undefined;
    if (metadata) {
      const mode = columnMappingMode(metadata.configuration);
      const schema = parseSchemaJson(metadata.schemaString);
      const logical = schema.fields.filter((field) =>
        metadata.partitionColumns.includes(field.name),
      );
      partitionSchema = physicalSchema({ type: 'struct', fields: logical }, mode);
    }
    const add = action.add as
      | { path: string; partitionValues: Record<string, string | null> }
      | undefined;
    if (add && partitionSchema) {
      rows.push({
        path: add.path,
        raw: add.partitionValues,
        parsed: parsePartitionValues(add.partitionValues, partitionSchema),
      });
    }
  }
  return rows;
}
