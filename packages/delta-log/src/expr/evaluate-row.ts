/**
 * A row-by-row evaluator of predicates with SQL (Spark) semantics: the scan's row filter, and
 * the oracle data skipping is tested against. Written for clarity, separately from the skipping
 * code: strings compare as UTF-8 bytes, NULL propagates by three-valued logic, NaN equals NaN
 * and sorts above every number. (A vectorised evaluator over Arrow buffers replaces it in scans
 * with the expression language of the DML work.)
 */
import type { DeltaType, StructField, StructType } from '@silt/parquet-io';
import {
  compareBytes,
  compareNumeric,
  type NumericValue,
  rationalOfDecimalText,
} from './compare-values.js';
import type { Expression, ScalarType } from './expression.js';
import { InvalidPredicate } from './invalid-predicate.js';

/** A row: column values in exact form, structs as nested objects. */
export type Row = Readonly<Record<string, unknown>>;

interface Typed {
  type: ScalarType;
  value: unknown;
}

const encoder = new TextEncoder();

/** TRUE, FALSE or NULL (null) of a predicate on a row. */
export function evaluateRow(expression: Expression, row: Row, schema: StructType): boolean | null {
  switch (expression.kind) {
    case 'literal':
      return expression.value === null ? null : (expression.value as boolean);
    case 'column':
      return typedValue(expression, row, schema).value as boolean | null;
    case 'not': {
      const value = evaluateRow(expression.operand, row, schema);
      return value === null ? null : !value;
    }
    case 'and': {
      const values = expression.operands.map((operand) => evaluateRow(operand, row, schema));
      if (values.includes(false)) return false;
      return values.includes(null) ? null : true;
    }
    case 'or': {
      const values = expression.operands.map((operand) => evaluateRow(operand, row, schema));
      if (values.includes(true)) return true;
      return values.includes(null) ? null : false;
    }
    case 'isNull':
    case 'isNotNull': {
      const operand = expression.operand;
      const isNull =
        operand.kind === 'column' || operand.kind === 'literal'
          ? typedValue(operand, row, schema).value === null
          : evaluateRow(operand, row, schema) === null;
      return expression.kind === 'isNull' ? isNull : !isNull;
    }
    case 'comparison': {
      const left = typedValue(expression.left, row, schema);
      const right = typedValue(expression.right, row, schema);
      if (left.value === null || right.value === null) return null;
      const order = compareTyped(left, right);
      switch (expression.operator) {
        case '=':
          return order === 0;
        case '!=':
          return order !== 0;
        case '<':
          return order < 0;
        case '<=':
          return order <= 0;
        case '>':
          return order > 0;
        case '>=':
          return order >= 0;
      }
      break;
    }
    case 'in': {
      // An empty list matches nothing: FALSE, even for NULL (Spark's behavior since 3.5).
      if (expression.list.length === 0) return false;
      const left = typedValue(expression.operand, row, schema);
      let sawNull = left.value === null;
      for (const item of expression.list) {
        const right = typedValue(item, row, schema);
        if (left.value === null || right.value === null) {
          sawNull = true;
          continue;
        }
        if (compareTyped(left, right) === 0) return true;
      }
      return sawNull ? null : false;
    }
  }
}

function typedValue(expression: Expression, row: Row, schema: StructType): Typed {
  if (expression.kind === 'literal') return { type: expression.type, value: expression.value };
  if (expression.kind !== 'column')
    return { type: 'boolean', value: evaluateRow(expression, row, schema) };
  let type: DeltaType = schema;
  let value: unknown = row;
  for (const part of expression.path) {
    if (typeof type === 'string' || type.type !== 'struct')
      throw new InvalidPredicate({
        reason: `${expression.path.join('.')} is not a column: ${part} is not inside a struct`,
      });
    const field: StructField | undefined = type.fields.find((candidate) => candidate.name === part);
    if (!field)
      throw new InvalidPredicate({
        reason: `the table has no column ${expression.path.join('.')}`,
      });
    type = field.type;
    value = value === null || value === undefined ? null : (value as Record<string, unknown>)[part];
  }
  if (typeof type !== 'string')
    throw new InvalidPredicate({
      reason: `${expression.path.join('.')} is a struct, array or map; compare one of its fields`,
    });
  return { type, value: value ?? null };
}

const numericTypes = new Set(['byte', 'short', 'integer', 'long', 'float', 'double']);
const isNumeric = (type: ScalarType) => numericTypes.has(type) || type.startsWith('decimal');

function numeric(typed: Typed): NumericValue {
  if (typeof typed.value === 'number') return typed.value;
  if (typeof typed.value === 'bigint') return { numerator: typed.value, denominator: 1n };
  const exact = rationalOfDecimalText(String(typed.value));
  if (!exact) throw new InvalidPredicate({ reason: `${String(typed.value)} is not a number` });
  return exact;
}

/** Spark's cast of a string to a date (days) or timestamp (µs, UTC). */
function castString(text: string, type: ScalarType): number | bigint {
  if (type === 'date') return Date.parse(`${text}T00:00:00Z`) / 86_400_000;
  const zone = /(Z|[+-]\d{2}:\d{2})$/.test(text) ? '' : 'Z';
  const [whole, fraction = ''] = text.replace(' ', 'T').split('.');
  const micros = fraction.replace(/(Z|[+-]\d{2}:\d{2})$/, '').padEnd(6, '0');
  const zonePart = /(Z|[+-]\d{2}:\d{2})$/.exec(text)?.[0] ?? '';
  return (
    BigInt(Date.parse(`${whole!.replace(/(Z|[+-]\d{2}:\d{2})$/, '')}${zonePart || zone}`)) * 1000n +
    BigInt(micros)
  );
}

function compareTyped(left: Typed, right: Typed): number {
  if (isNumeric(left.type) && isNumeric(right.type))
    return compareNumeric(numeric(left), numeric(right));
  if (left.type === 'string' && right.type === 'string') {
    return compareBytes(
      encoder.encode(left.value as string),
      encoder.encode(right.value as string),
    );
  }
  if (left.type === 'boolean' && right.type === 'boolean')
    return Number(left.value) - Number(right.value);
  const temporal = left.type === 'string' ? right.type : left.type;
  const a =
    left.type === 'string'
      ? castString(left.value as string, temporal)
      : (left.value as number | bigint);
  const b =
    right.type === 'string'
      ? castString(right.value as string, temporal)
      : (right.value as number | bigint);
  if (
    (temporal === 'date' || temporal === 'timestamp' || temporal === 'timestamp_ntz') &&
    typeof a === typeof b
  ) {
    return a < b ? -1 : a > b ? 1 : 0;
  }
  throw new InvalidPredicate({ reason: `a ${left.type} cannot be compared with a ${right.type}` });
}
