import type { StructType } from '@silt/parquet-io';
import { type Expression, mapColumns, type ScalarValue } from '../expr/expression.js';
import type { AddAction } from '../protocol/actions.js';
import { columnMappingMode, physicalColumnPath, physicalSchema } from './column-mapping.js';
import { createDataSkippingFilter } from './data-skipping.js';
import { parsePartitionValue } from './partition-values.js';

/** What file pruning needs of a table version. */
export interface PruningTable {
  readonly schema: StructType;
  readonly configuration: Readonly<Record<string, string>>;
  readonly partitionColumns: readonly string[];
}

/**
 * A test of whether a data file might hold a row matching `predicate` (logical column names), by
 * its partition values and min/max/null-count statistics: false only when no row can match. The
 * scan uses it to skip files; transactions use it to tell whether a concurrent commit added a
 * file this transaction should have read.
 */
export function filePruner(
  table: PruningTable,
  predicate: Expression,
): (file: Pick<AddAction, 'partitionValues' | 'stats'>) => boolean {
  const mode = columnMappingMode(table.configuration);
  const physical = physicalSchema(table.schema, mode);
  const mapped =
    mode === 'none'
      ? predicate
      : mapColumns(predicate, (path) => physicalColumnPath(table.schema, path, mode) ?? path);
  const filter = createDataSkippingFilter(mapped, physical);
  const partitionFields = physical.fields.filter((_field, index) =>
    table.partitionColumns.includes(table.schema.fields[index]!.name),
  );
  return (add) => {
    const partitionValues: Record<string, ScalarValue> = {};
    for (const field of partitionFields) {
      partitionValues[field.name] = parsePartitionValue(
        add.partitionValues[field.name],
        field.type,
        field.name,
      ) as ScalarValue;
    }
    return filter.mightMatch({ stats: add.stats ?? null, partitionValues });
  };
}
