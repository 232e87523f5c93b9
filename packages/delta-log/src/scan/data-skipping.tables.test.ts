/**
 * Data skipping on the statistics Spark wrote in the golden tables: for predicates on every
 * column built from the values the files hold (and values next to them), no file holding a
 * matching row is skipped, and files are skipped.
 */
import { type DeltaType, formatDecimal, type StructType } from '@silt/parquet-io';
import { describe, expect, it } from 'vitest';
import { col, lit, not } from '../expr/builder.js';
import { evaluateRow } from '../expr/evaluate-row.js';
import { type Expression, mapColumns } from '../expr/expression.js';
import { physicalColumnPath, physicalSchema } from './column-mapping.js';
import { createDataSkippingFilter } from './data-skipping.js';
import { parsePartitionValues } from './partition-values.js';
import { conformanceTable } from './test-support/conformance.js';
import { readTableFiles } from './test-support/read-table.js';

/** Predicates on one column around a value it holds. */
function predicatesAround(path: string[], type: DeltaType, value: unknown): Expression[] {
  if (typeof type !== 'string' || value === null || value === undefined) return [];
  const column = col(path);
  const literals: Expression[] = [];
  const add = (literalValue: unknown, literalType = type) =>
    literals.push(lit(literalValue as never, literalType as never).expression);
  switch (type) {
    case 'byte':
    case 'short':
    case 'integer':
    case 'date':
      add(value);
      add((value as number) + 1);
      add((value as number) - 1);
      break;
    case 'long':
    case 'timestamp':
    case 'timestamp_ntz':
      add(value);
      add((value as bigint) + 1n);
      add((value as bigint) - 1n);
      if (type !== 'long') add((value as bigint) + 1500n);
      break;
    case 'float':
    case 'double':
      add(value);
      add((value as number) + 0.5);
      add((value as number) - 0.5);
      break;
    case 'string':
      add(value);
      add(`${value}a`);
      add((value as string).slice(0, -1));
      break;
    default:
      if (type.startsWith('decimal')) {
        const scale = Number(/,(\d+)\)/.exec(type)![1]);
        const unscaled = BigInt((value as string).replace('.', ''));
        add(value);
        add(formatDecimal(unscaled + 1n, scale));
        add(formatDecimal(unscaled - 1n, scale));
      }
  }
  const comparisons = literals.flatMap((literal) =>
    (['=', '!=', '<', '<=', '>', '>='] as const).map(
      (operator) =>
        ({ kind: 'comparison', operator, left: column.expression, right: literal }) as Expression,
    ),
  );
  return [
    ...comparisons,
    ...comparisons.map((comparison) => not(comparison).expression),
    column.isNull().expression,
    column.isNotNull().expression,
  ];
}

function leafColumns(
  schema: StructType,
  prefix: string[] = [],
): { path: string[]; type: DeltaType }[] {
  return schema.fields.flatMap((field) =>
    typeof field.type !== 'string' && field.type.type === 'struct'
      ? leafColumns(field.type, [...prefix, field.name])
      : [{ path: [...prefix, field.name], type: field.type }],
  );
}

const valueAt = (row: Record<string, unknown>, path: string[]) =>
  path.reduce<unknown>(
    (value, part) =>
      value === null || value === undefined ? null : (value as Record<string, unknown>)[part],
    row,
  );

describe('data skipping on golden tables', () => {
  it.each([
    'golden/data-skipping-basic-stats-all-types',
    'golden/data-skipping-basic-stats-all-types-columnmapping-id',
    'golden/data-skipping-basic-stats-all-types-columnmapping-name',
    'golden/data-skipping-change-stats-collected-across-versions',
    'golden/data-skipping-partition-and-data-column',
    'golden/data-reader-partition-values',
    'golden/dv-partitioned-with-checkpoint',
    'delta-rs/delta-2.2.0-partitioned-types',
  ])('%s: skips files, never one with a matching row', async (table) => {
    const { schema, mode, partitionColumns, files } = await readTableFiles(conformanceTable(table));
    const physical = physicalSchema(schema, mode);
    const partitionSchema: StructType = {
      type: 'struct',
      fields: physical.fields.filter((_, k) => partitionColumns.includes(schema.fields[k]!.name)),
    };
    const predicates = leafColumns(schema).flatMap(({ path, type }) =>
      files.flatMap((file) =>
        file.rows.slice(0, 2).flatMap((row) => predicatesAround(path, type, valueAt(row, path))),
      ),
    );
    let checked = 0;
    let skipped = 0;
    for (const predicate of predicates) {
      // Statistics and partition values use physical names under column mapping.
      const filter = createDataSkippingFilter(
        mapColumns(predicate, (path) => physicalColumnPath(schema, path, mode)!),
        physical,
      );
      for (const file of files) {
        const kept = filter.mightMatch({
          stats: file.add.stats,
          partitionValues: parsePartitionValues(file.add.partitionValues, partitionSchema),
        });
        const matches = file.rows.some((row) => evaluateRow(predicate, row, schema) === true);
        if (matches && !kept)
          throw new Error(
            `${table}: skipped ${file.add.path} for ${JSON.stringify(predicate, (_, v) => (typeof v === 'bigint' ? `${v}n` : v))}`,
          );
        checked++;
        if (!kept) skipped++;
      }
    }
    expect(checked).toBeGreaterThan(0);
    expect(skipped).toBeGreaterThan(0);
  });
});
