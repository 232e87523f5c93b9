import type { DeltaType, StructType } from '@silt/parquet-io';
import type * as arrow from 'apache-arrow';
import { ConstraintViolation } from './errors/constraint-violation.js';

/**
 * Enforces NOT NULL: no null in a non-nullable column (checked where its parent struct is not
 * null, as Spark does), array elements of `containsNull: false` arrays and map values of
 * `valueContainsNull: false` maps included. The batch must have the table's Arrow form.
 *
 * @throws {ConstraintViolation} naming the column.
 */
export function checkNotNull(batch: arrow.RecordBatch, schema: StructType): void {
  checkStruct(batch.data.children as arrow.Data[], schema, '', undefined);
}

function checkStruct(
  children: readonly arrow.Data[],
  schema: StructType,
  prefix: string,
  parentValid: ((index: number) => boolean) | undefined,
): void {
  schema.fields.forEach((field, index) => {
    const data = children[index];
    if (!data) return;
    const column = prefix + field.name;
    if (!field.nullable && data.nullCount > 0) {
      for (let row = 0; row < data.length; row++) {
        if (!data.getValid(row) && (parentValid?.(row) ?? true)) {
          throw new ConstraintViolation({
            constraint: `NOT NULL ${column}`,
            hint: `Row ${row} of a batch holds null. Give the column a value in every row, or make it nullable.`,
          });
        }
      }
    }
    checkNested(data, field.type, column);
  });
}

function checkNested(data: arrow.Data, type: DeltaType, column: string): void {
  if (typeof type === 'string') return;
  switch (type.type) {
    case 'struct':
      checkStruct(data.children as arrow.Data[], type, `${column}.`, (row) => data.getValid(row));
      return;
    case 'array': {
      const elements = data.children[0]!;
      if (!type.containsNull && elements.nullCount > 0) {
        throw new ConstraintViolation({ constraint: `NOT NULL ${column}.element` });
      }
      checkNested(elements, type.elementType, `${column}.element`);
      return;
    }
    case 'map': {
      const entries = data.children[0]!;
      const values = entries.children[1]!;
      if (!type.valueContainsNull && values.nullCount > 0) {
        throw new ConstraintViolation({ constraint: `NOT NULL ${column}.value` });
      }
      checkNested(values, type.valueType, `${column}.value`);
      return;
    }
  }
}
