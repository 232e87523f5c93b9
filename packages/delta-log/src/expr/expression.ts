/**
 * The expression tree shared by predicates (data skipping, filters, DELETE / UPDATE / MERGE
 * conditions, constraints) and, later, computed columns. Nodes are plain immutable objects told
 * apart by `kind`, so that the tree can be built by the typed builder, by the SQL parser to come,
 * or by hand, and walked by exhaustive `switch`es: a new kind (arithmetic, functions, CASE) is a
 * new member of the union, and every consumer that does not know it treats it as opaque.
 */
import type { DecimalTypeName, PrimitiveTypeName } from '@silt/parquet-io';

/** The type of a literal: a Delta primitive type, or `void` for an untyped NULL. */
export type ScalarType = PrimitiveTypeName | DecimalTypeName | 'void';

/**
 * A value in exact form, the same forms as partition values and @silt/parquet-io's column
 * builders: boolean; number (byte, short, integer, float, double; date as days since the epoch);
 * bigint (long; timestamp and timestamp_ntz as microseconds since the epoch); string (string;
 * decimal as its text with exactly `scale` digits after the point); Uint8Array (binary); null.
 */
export type ScalarValue = boolean | number | bigint | string | Uint8Array | null;

/** A column, by its path of field names (`['address', 'city']` for a nested field). */
export interface ColumnExpression {
  readonly kind: 'column';
  readonly path: readonly string[];
}

/** A constant of a known type. */
export interface LiteralExpression {
  readonly kind: 'literal';
  readonly type: ScalarType;
  readonly value: ScalarValue;
}

/** The comparison operators, with SQL semantics (a NULL operand gives NULL). */
export type ComparisonOperator = '=' | '!=' | '<' | '<=' | '>' | '>=';

/** `left <operator> right`. */
export interface ComparisonExpression {
  readonly kind: 'comparison';
  readonly operator: ComparisonOperator;
  readonly left: Expression;
  readonly right: Expression;
}

/** AND of one or more predicates (SQL three-valued logic). */
export interface AndExpression {
  readonly kind: 'and';
  readonly operands: readonly Expression[];
}

/** OR of one or more predicates (SQL three-valued logic). */
export interface OrExpression {
  readonly kind: 'or';
  readonly operands: readonly Expression[];
}

/** NOT of a predicate: TRUE ↔ FALSE, NULL stays NULL. */
export interface NotExpression {
  readonly kind: 'not';
  readonly operand: Expression;
}

/** `operand IS NULL`: never NULL itself. */
export interface IsNullExpression {
  readonly kind: 'isNull';
  readonly operand: Expression;
}

/** `operand IS NOT NULL`: never NULL itself. */
export interface IsNotNullExpression {
  readonly kind: 'isNotNull';
  readonly operand: Expression;
}

/**
 * `operand IN (list…)`, defined as SQL defines it: the OR of `operand = item` over the list
 * (TRUE on a match; otherwise NULL when the operand or an item is NULL; otherwise FALSE). An
 * empty list is FALSE, even for a NULL operand (as Spark has it since 3.5).
 */
export interface InExpression {
  readonly kind: 'in';
  readonly operand: Expression;
  readonly list: readonly Expression[];
}

/** Any expression. A predicate is an expression of boolean type. */
export type Expression =
  | ColumnExpression
  | LiteralExpression
  | ComparisonExpression
  | AndExpression
  | OrExpression
  | NotExpression
  | IsNullExpression
  | IsNotNullExpression
  | InExpression;

/** The kinds of {@link Expression}. */
export type ExpressionKind = Expression['kind'];

/** The comparison that holds when `left <operator> right` holds with its operands swapped. */
export function swapOperator(operator: ComparisonOperator): ComparisonOperator {
  switch (operator) {
    case '<':
      return '>';
    case '<=':
      return '>=';
    case '>':
      return '<';
    case '>=':
      return '<=';
    default:
      return operator;
  }
}

/**
 * A copy of an expression with every column path replaced by `map(path)`, for instance logical
 * names by physical names under column mapping. Nodes without columns are shared, not copied.
 */
export function mapColumns(
  expression: Expression,
  map: (path: readonly string[]) => readonly string[],
): Expression {
  switch (expression.kind) {
    case 'column':
      return { kind: 'column', path: map(expression.path) };
    case 'literal':
      return expression;
    case 'comparison':
      return {
        ...expression,
        left: mapColumns(expression.left, map),
        right: mapColumns(expression.right, map),
      };
    case 'and':
    case 'or':
      return {
        kind: expression.kind,
        operands: expression.operands.map((operand) => mapColumns(operand, map)),
      };
    case 'not':
    case 'isNull':
    case 'isNotNull':
      return { kind: expression.kind, operand: mapColumns(expression.operand, map) };
    case 'in':
      return {
        kind: 'in',
        operand: mapColumns(expression.operand, map),
        list: expression.list.map((item) => mapColumns(item, map)),
      };
  }
}

/** The column paths an expression reads, each once, in first-seen order. */
export function referencedColumns(expression: Expression): (readonly string[])[] {
  const seen = new Map<string, readonly string[]>();
  const visit = (node: Expression): void => {
    switch (node.kind) {
      case 'column':
        seen.set(JSON.stringify(node.path), node.path);
        return;
      case 'literal':
        return;
      case 'comparison':
        visit(node.left);
        visit(node.right);
        return;
      case 'and':
      case 'or':
        node.operands.forEach(visit);
        return;
      case 'not':
      case 'isNull':
      case 'isNotNull':
        visit(node.operand);
        return;
      case 'in':
        visit(node.operand);
        node.list.forEach(visit);
        return;
    }
  };
  visit(expression);
  return [...seen.values()];
}
