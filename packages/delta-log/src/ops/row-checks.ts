import {
  exactValue,
  type StructField,
  type StructType,
  stringifyJson,
  toJsonValue,
} from '@silt/parquet-io';
import type * as arrow from 'apache-arrow';
import type { Expression } from '../expr/expression.js';
import { formatExpression } from '../expr/format-expression.js';
import { ConstraintViolation } from './errors/constraint-violation.js';
import { parsePredicate, predicateMask } from './predicate.js';

/** The row-level rules a write enforces beyond NOT NULL. */
export interface RowChecks {
  /**
   * @throws {ConstraintViolation} at the first row that breaks a rule.
   */
  check(batch: arrow.RecordBatch): void;
}

interface Rule {
  constraint: string;
  text: string;
  predicate: Expression;
  hint?: string;
}

const CONSTRAINT_PREFIX = 'delta.constraints.';

/**
 * The CHECK constraints (`delta.constraints.<name>`), column invariants (`delta.invariants`
 * field metadata) and replaceWhere condition a write must respect. As in Delta, a row passes
 * only when the rule is TRUE for it: FALSE and NULL both violate.
 *
 * @throws {InvalidPredicate} when a stored constraint cannot be parsed.
 */
export function createRowChecks(
  schema: StructType,
  configuration: Readonly<Record<string, string>>,
  replaceWhere: Expression | undefined,
): RowChecks {
  const rules: Rule[] = [];
  for (const [key, text] of Object.entries(configuration)) {
    if (!key.startsWith(CONSTRAINT_PREFIX)) continue;
    rules.push({
      constraint: `CHECK ${key.slice(CONSTRAINT_PREFIX.length)}`,
      text,
      predicate: parsePredicate(text, schema),
    });
  }
  for (const { field, path } of fieldsWithInvariants(schema.fields, '')) {
    const text = invariantText(field);
    if (text === undefined) continue;
    rules.push({
      constraint: `invariant on ${path}`,
      text,
      predicate: parsePredicate(text, schema),
    });
  }
  if (replaceWhere) {
    rules.push({
      constraint: 'replaceWhere',
      text: formatExpression(replaceWhere),
      predicate: replaceWhere,
      hint: 'With replaceWhere every new row must match the condition. Filter the data, or widen the condition.',
    });
  }
  return {
    check(batch) {
      for (const rule of rules) {
        const mask = predicateMask(rule.predicate, batch, schema);
        const row = mask.indexOf(0);
        if (row < 0) continue;
        throw new ConstraintViolation({
          constraint: rule.constraint,
          expression: rule.text,
          row: describeRow(batch, row),
          ...(rule.hint ? { hint: rule.hint } : {}),
        });
      }
    },
  };
}

function* fieldsWithInvariants(
  fields: readonly StructField[],
  prefix: string,
): Generator<{ field: StructField; path: string }> {
  for (const field of fields) {
    yield { field, path: prefix + field.name };
    if (typeof field.type !== 'string' && field.type.type === 'struct')
      yield* fieldsWithInvariants(field.type.fields, `${prefix}${field.name}.`);
  }
}

/** The SQL of a `delta.invariants` entry: `{"expression":{"expression":"x > 3"}}`. */
function invariantText(field: StructField): string | undefined {
  const raw = field.metadata['delta.invariants'];
  if (raw === undefined) return undefined;
  const parsed = typeof raw === 'string' ? (JSON.parse(raw) as unknown) : raw;
  const outer = (parsed as { expression?: { expression?: unknown } }).expression;
  return typeof outer?.expression === 'string' ? outer.expression : undefined;
}

function describeRow(batch: arrow.RecordBatch, row: number): string {
  const values = batch.schema.fields.map(
    (field, index) =>
      `${field.name}=${stringifyJson(toJsonValue(exactValue(batch.data.children[index]!, row), field.type))}`,
  );
  const text = values.join(', ');
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
