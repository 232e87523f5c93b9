/**
 * A typed builder for expressions: `col('id').eq(2).and(col('value').gt(0.5))`. Comparisons
 * return a {@link PredicateBuilder}, which alone has `and`, `or` and `not`, so a non-predicate
 * cannot be combined by mistake. `.expression` is the plain tree.
 */
import { parseColumnPath } from './column-path.js';
import type { ComparisonOperator, Expression } from './expression.js';
import { formatExpression } from './format-expression.js';
import { InvalidPredicate } from './invalid-predicate.js';
import { type LiteralInput, literal } from './literal.js';

/** An expression, or a builder of one. */
export type ExpressionLike = Expression | ExpressionBuilder;
/** What a comparison accepts: an expression, or a JavaScript value that becomes a literal. */
export type Operand = ExpressionLike | LiteralInput;

/** Builds expressions from a value-valued expression (a column, a literal). */
export class ExpressionBuilder {
  constructor(readonly expression: Expression) {}

  /** `this = other` */
  eq(other: Operand): PredicateBuilder {
    return this.compare('=', other);
  }
  /** `this != other` */
  ne(other: Operand): PredicateBuilder {
    return this.compare('!=', other);
  }
  /** `this < other` */
  lt(other: Operand): PredicateBuilder {
    return this.compare('<', other);
  }
  /** `this <= other` */
  le(other: Operand): PredicateBuilder {
    return this.compare('<=', other);
  }
  /** `this > other` */
  gt(other: Operand): PredicateBuilder {
    return this.compare('>', other);
  }
  /** `this >= other` */
  ge(other: Operand): PredicateBuilder {
    return this.compare('>=', other);
  }
  /** `this IS NULL` */
  isNull(): PredicateBuilder {
    return new PredicateBuilder({ kind: 'isNull', operand: this.expression });
  }
  /** `this IS NOT NULL` */
  isNotNull(): PredicateBuilder {
    return new PredicateBuilder({ kind: 'isNotNull', operand: this.expression });
  }
  /** `this IN (values…)` */
  in(values: readonly Operand[]): PredicateBuilder {
    return new PredicateBuilder({
      kind: 'in',
      operand: this.expression,
      list: values.map(toOperandExpression),
    });
  }
  /** `this NOT IN (values…)`, which is `NOT (this IN (values…))`. */
  notIn(values: readonly Operand[]): PredicateBuilder {
    return this.in(values).not();
  }

  /** SQL text of the expression. */
  toString(): string {
    return formatExpression(this.expression);
  }

  private compare(operator: ComparisonOperator, other: Operand): PredicateBuilder {
    return new PredicateBuilder({
      kind: 'comparison',
      operator,
      left: this.expression,
      right: toOperandExpression(other),
    });
  }
}

/** Builds on a predicate: combines it with others. */
export class PredicateBuilder extends ExpressionBuilder {
  /** `this AND others…` (nested ANDs are flattened). */
  and(...others: ExpressionLike[]): PredicateBuilder {
    return and(this, ...others);
  }
  /** `this OR others…` (nested ORs are flattened). */
  or(...others: ExpressionLike[]): PredicateBuilder {
    return or(this, ...others);
  }
  /** `NOT this` */
  not(): PredicateBuilder {
    return not(this);
  }
}

/**
 * A column, by name or path: `col('id')`, `col('address.city')`, `` col('`a.b`') `` for a name
 * holding a dot, or `col(['a.b'])`.
 *
 * @example
 * ```ts
 * import { col } from '@silt/delta-log';
 * const predicate = col('id').eq(2).and(col('value').gt(0.5));
 * String(predicate); // 'id = 2 AND value > 0.5D'
 * ```
 * @throws {InvalidPredicate} for an empty name or path.
 */
export function col(name: string | readonly string[]): ExpressionBuilder {
  const path = typeof name === 'string' ? parseColumnPath(name) : [...name];
  if (path.length === 0 || path.some((part) => typeof part !== 'string' || part === '')) {
    throw new InvalidPredicate({ reason: 'a column path needs at least one non-empty name' });
  }
  return new ExpressionBuilder({ kind: 'column', path });
}

/**
 * A literal: `lit(2)`, `lit('2024-01-01', 'date')`, `lit('1.50', 'decimal(5,2)')`, `lit(null, 'long')`.
 * See {@link literal} for the types inferred and the values accepted.
 *
 * @throws {InvalidPredicate} when the value is not one of the type.
 */
export function lit(value: LiteralInput, type?: Parameters<typeof literal>[1]): PredicateBuilder {
  // A literal can be a predicate (TRUE, FALSE, NULL), so it gets the predicate methods.
  return new PredicateBuilder(literal(value, type));
}

/** The AND of predicates (nested ANDs flattened). */
export function and(...operands: ExpressionLike[]): PredicateBuilder {
  return junction('and', operands);
}

/** The OR of predicates (nested ORs flattened). */
export function or(...operands: ExpressionLike[]): PredicateBuilder {
  return junction('or', operands);
}

/** NOT of a predicate. */
export function not(operand: ExpressionLike): PredicateBuilder {
  return new PredicateBuilder({ kind: 'not', operand: toExpression(operand) });
}

/** The plain expression of an expression or builder. */
export function toExpression(value: ExpressionLike): Expression {
  return value instanceof ExpressionBuilder ? value.expression : value;
}

function junction(kind: 'and' | 'or', operands: ExpressionLike[]): PredicateBuilder {
  if (operands.length === 0)
    throw new InvalidPredicate({ reason: `${kind.toUpperCase()} needs at least one operand` });
  const flat = operands
    .map(toExpression)
    .flatMap((operand) => (operand.kind === kind ? operand.operands : [operand]));
  return new PredicateBuilder({ kind, operands: flat });
}

function isExpression(value: unknown): value is Expression {
  return (
    typeof value === 'object' &&
    value !== null &&
    !(value instanceof Uint8Array) &&
    !(value instanceof Date) &&
    'kind' in value
  );
}

function toOperandExpression(value: Operand): Expression {
  if (value instanceof ExpressionBuilder) return value.expression;
  if (isExpression(value)) return value;
  return literal(value);
}
