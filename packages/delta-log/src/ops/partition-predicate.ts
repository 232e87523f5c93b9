import { type StructType, tableFromRows } from '@silt/parquet-io';
import type { Expression } from '../expr/expression.js';
import { referencedColumns } from '../expr/expression.js';
import type { AddAction } from '../protocol/actions.js';
import { columnMappingMode, physicalName } from '../scan/column-mapping.js';
import { parsePartitionValue } from '../scan/partition-values.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import { predicateMask } from './predicate.js';

/** True when the predicate reads partition columns only (and so decides whole files). */
export function isPartitionPredicate(
  predicate: Expression,
  partitionColumns: readonly string[],
): boolean {
  const columns = referencedColumns(predicate);
  return (
    columns.length > 0 &&
    columns.every((path) => path.length === 1 && partitionColumns.includes(path[0]!))
  );
}

/**
 * The active files whose partition values make a partition-only predicate TRUE — evaluated
 * exactly on each distinct set of partition values (not through statistics skipping, which may
 * only say "might match"), so that a metadata-only operation never removes a file it should keep.
 */
export function filesMatchingPartitions(snapshot: Snapshot, predicate: Expression): AddAction[] {
  const mode = columnMappingMode(snapshot.configuration);
  const fields = snapshot.schema.fields.filter((field) =>
    snapshot.partitionColumns.includes(field.name),
  );
  const schema: StructType = { type: 'struct', fields };
  const decided = new Map<string, boolean>();
  return snapshot.files.filter((add) => {
    const key = JSON.stringify(add.partitionValues);
    let match = decided.get(key);
    if (match === undefined) {
      const row: Record<string, unknown> = {};
      for (const field of fields) {
        row[field.name] = parsePartitionValue(
          add.partitionValues[physicalName(field, mode)],
          field.type,
          field.name,
        );
      }
      const batch = tableFromRows(schema, [row]).batches[0]!;
      match = predicateMask(predicate, batch, schema)[0] === 1;
      decided.set(key, match);
    }
    return match;
  });
}
