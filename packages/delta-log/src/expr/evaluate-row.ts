/**
 * A row-by-row interpreter of expressions with SQL (Spark) semantics, written for clarity: the
 * reference the vectorised evaluator and data skipping are tested against, and a filter for a
 * handful of rows. Expressions are resolved first ({@link resolveExpression}), so the rules of
 * typing and casting are the same as everywhere else; NULL propagates by three-valued logic;
 * CASE, COALESCE, AND and OR evaluate an operand only where the earlier ones leave the result
 * open, so that one can guard another against errors.
 */
import type { StructType } from '@silt/parquet-io';
import { comparisonHolds } from './compare-values.js';
import type { Expression, ScalarType, ScalarValue } from './expression.js';
import { InvalidPredicate } from './invalid-predicate.js';
import { resolveTyped } from './resolve-expression.js';
import {
  absValue,
  arithmeticValue,
  castValue,
  codePointLength,
  compareValues,
  type InternalValue,
  likeRegExp,
  negateValue,
  toInternal,
  toScalar,
} from './scalar-semantics.js';

/** A row: column values in exact form ({@link ScalarValue}: decimals as text), structs as nested objects. */
export type Row = Readonly<Record<string, unknown>>;

/**
 * TRUE, FALSE or NULL (null) of a predicate on a row.
 *
 * @throws {InvalidPredicate} when the predicate does not resolve against the schema or is not a boolean.
 * @throws {EvaluationFailed} when a value cannot be computed (ANSI mode: bad cast, overflow, division by zero).
 */
export function evaluateRow(expression: Expression, row: Row, schema: StructType): boolean | null {
  const tree = resolveTyped(expression, schema);
  if (tree.type !== 'boolean' && tree.type !== 'void')
    throw new InvalidPredicate({ reason: `a predicate must be a boolean, not a ${tree.type}` });
  return new RowInterpreter(tree.types, row).evaluate(tree.expression) as boolean | null;
}

/**
 * The value of any expression on a row, in exact form (decimals as text), with its type.
 *
 * @throws {InvalidPredicate} when the expression does not resolve against the schema.
 * @throws {EvaluationFailed} when a value cannot be computed.
 */
export function evaluateRowValue(
  expression: Expression,
  row: Row,
  schema: StructType,
): { value: ScalarValue; type: ScalarType } {
  const tree = resolveTyped(expression, schema);
  const value = new RowInterpreter(tree.types, row).evaluate(tree.expression);
  return { value: toScalar(value, tree.type), type: tree.type };
}

class RowInterpreter {
  constructor(
    private readonly types: WeakMap<Expression, ScalarType>,
    private readonly row: Row,
  ) {}

  private typeOf(expression: Expression): ScalarType {
    const type = this.types.get(expression);
    if (type === undefined) throw new Error(`unresolved node ${expression.kind}`);
    return type;
  }

  evaluate(expression: Expression): InternalValue {
    switch (expression.kind) {
      case 'column': {
        let value: unknown = this.row;
        for (const part of expression.path) {
          if (value === null || value === undefined) break;
          value = (value as Record<string, unknown>)[part];
        }
        return toInternal((value ?? null) as ScalarValue, this.typeOf(expression));
      }
      case 'literal':
        return toInternal(expression.value, expression.type);
      case 'comparison': {
        const left = this.evaluate(expression.left);
        const right = this.evaluate(expression.right);
        if (left === null || right === null) return null;
        const order = compareValues(
          left,
          this.typeOf(expression.left),
          right,
          this.typeOf(expression.right),
        );
        return comparisonHolds(expression.operator, order);
      }
      case 'nullSafeEqual': {
        const left = this.evaluate(expression.left);
        const right = this.evaluate(expression.right);
        if (left === null || right === null) return left === right;
        return (
          compareValues(
            left,
            this.typeOf(expression.left),
            right,
            this.typeOf(expression.right),
          ) === 0
        );
      }
      case 'and':
      case 'or': {
        // The value that decides the junction: FALSE for AND, TRUE for OR.
        const decisive = expression.kind === 'or';
        let sawNull = false;
        for (const operand of expression.operands) {
          const value = this.evaluate(operand);
          if (value === decisive) return decisive;
          if (value === null) sawNull = true;
        }
        return sawNull ? null : !decisive;
      }
      case 'not': {
        const value = this.evaluate(expression.operand);
        return value === null ? null : !value;
      }
      case 'isNull':
        return this.evaluate(expression.operand) === null;
      case 'isNotNull':
        return this.evaluate(expression.operand) !== null;
      case 'in': {
        // An empty list matches nothing: FALSE, even for NULL (Spark's behavior since 3.5).
        if (expression.list.length === 0) return false;
        const operand = this.evaluate(expression.operand);
        const operandType = this.typeOf(expression.operand);
        let sawNull = operand === null;
        let found = false;
        for (const item of expression.list) {
          const value = this.evaluate(item);
          if (value === null) sawNull = true;
          else if (
            operand !== null &&
            compareValues(operand, operandType, value, this.typeOf(item)) === 0
          )
            found = true;
        }
        return found ? true : sawNull ? null : false;
      }
      case 'arithmetic': {
        const left = this.evaluate(expression.left);
        const right = this.evaluate(expression.right);
        if (left === null || right === null) return null;
        return arithmeticValue(
          expression.operator,
          left,
          this.typeOf(expression.left),
          right,
          this.typeOf(expression.right),
          this.typeOf(expression),
        );
      }
      case 'negate': {
        const value = this.evaluate(expression.operand);
        return value === null ? null : negateValue(value, this.typeOf(expression));
      }
      case 'cast': {
        const value = this.evaluate(expression.operand);
        return castValue(value, this.typeOf(expression.operand), expression.type);
      }
      case 'case': {
        for (const branch of expression.branches)
          if (this.evaluate(branch.when) === true) return this.evaluate(branch.result);
        return expression.otherwise === undefined ? null : this.evaluate(expression.otherwise);
      }
      case 'like': {
        const value = this.evaluate(expression.operand);
        const pattern = this.evaluate(expression.pattern);
        if (value === null || pattern === null) return null;
        return likeRegExp(pattern as string, expression.escape).test(value as string);
      }
      case 'function': {
        if (expression.name === 'coalesce') {
          for (const argument of expression.arguments) {
            const value = this.evaluate(argument);
            if (value !== null) return value;
          }
          return null;
        }
        const value = this.evaluate(expression.arguments[0]!);
        if (value === null) return null;
        switch (expression.name) {
          case 'lower':
            return (value as string).toLowerCase();
          case 'upper':
            return (value as string).toUpperCase();
          case 'length':
            return value instanceof Uint8Array ? value.length : codePointLength(value as string);
          case 'abs':
            return absValue(value, this.typeOf(expression));
        }
      }
    }
  }
}
