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

/** The arithmetic operators, with Spark's result types (see `resolveExpression`). */
export type ArithmeticOperator = '+' | '-' | '*' | '/' | '%';

/** `left <operator> right` on numbers; NULL when an operand is NULL. */
export interface ArithmeticExpression {
  readonly kind: 'arithmetic';
  readonly operator: ArithmeticOperator;
  readonly left: Expression;
  readonly right: Expression;
}

/** `-operand` (unary minus). */
export interface NegateExpression {
  readonly kind: 'negate';
  readonly operand: Expression;
}

/** A type an expression can be cast to: any scalar Delta type but `void` and `variant`. */
export type CastType = Exclude<ScalarType, 'void' | 'variant'>;

/** `CAST(operand AS type)`, with Spark's ANSI semantics (an invalid value raises). */
export interface CastExpression {
  readonly kind: 'cast';
  readonly operand: Expression;
  readonly type: CastType;
}

/** One `WHEN condition THEN value` of a {@link CaseExpression}. */
export interface CaseBranch {
  readonly when: Expression;
  readonly result: Expression;
}

/**
 * `CASE WHEN c1 THEN v1 … ELSE otherwise END`: the value of the first branch whose condition is
 * TRUE (FALSE and NULL both pass on), else `otherwise`, else NULL. Only the chosen value is
 * evaluated, so a branch can guard another against errors (`WHEN x = 0 THEN NULL ELSE 1 / x`).
 * The simple form `CASE x WHEN 1 THEN …` is this with conditions `x = 1`.
 */
export interface CaseExpression {
  readonly kind: 'case';
  readonly branches: readonly CaseBranch[];
  readonly otherwise?: Expression | undefined;
}

/**
 * `operand LIKE pattern [ESCAPE 'c']`: `%` matches any sequence of characters, `_` exactly one,
 * the escape character (default `\`) makes the next `%`, `_` or itself literal. Case-sensitive.
 * NOT LIKE is `NOT (… LIKE …)`.
 */
export interface LikeExpression {
  readonly kind: 'like';
  readonly operand: Expression;
  readonly pattern: Expression;
  readonly escape?: string | undefined;
}

/** `left <=> right`: equality where NULL equals NULL; never NULL itself. */
export interface NullSafeEqualExpression {
  readonly kind: 'nullSafeEqual';
  readonly left: Expression;
  readonly right: Expression;
}

/** The functions the expression language knows. */
export type FunctionName = 'coalesce' | 'lower' | 'upper' | 'length' | 'abs';

/**
 * A function call: `coalesce(a, b, …)` (the first non-NULL argument; later arguments are
 * evaluated only where needed), `lower(s)`, `upper(s)`, `length(s)` (characters of a string,
 * bytes of a binary), `abs(x)`.
 */
export interface FunctionExpression {
  readonly kind: 'function';
  readonly name: FunctionName;
  readonly arguments: readonly Expression[];
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
  | InExpression
  | ArithmeticExpression
  | NegateExpression
  | CastExpression
  | CaseExpression
  | LikeExpression
  | NullSafeEqualExpression
  | FunctionExpression;

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

/** The direct operands of a node, in evaluation order. */
export function childrenOf(expression: Expression): readonly Expression[] {
  switch (expression.kind) {
    case 'column':
    case 'literal':
      return [];
    case 'comparison':
    case 'arithmetic':
    case 'nullSafeEqual':
      return [expression.left, expression.right];
    case 'and':
    case 'or':
      return expression.operands;
    case 'not':
    case 'isNull':
    case 'isNotNull':
    case 'negate':
    case 'cast':
      return [expression.operand];
    case 'in':
      return [expression.operand, ...expression.list];
    case 'like':
      return [expression.operand, expression.pattern];
    case 'case': {
      const children = expression.branches.flatMap((branch) => [branch.when, branch.result]);
      return expression.otherwise === undefined ? children : [...children, expression.otherwise];
    }
    case 'function':
      return expression.arguments;
  }
}

/**
 * The node with its operands replaced by `children` (in the order of {@link childrenOf}); the
 * node itself when nothing changed, so that rewrites share untouched subtrees.
 */
export function withChildren(expression: Expression, children: readonly Expression[]): Expression {
  const current = childrenOf(expression);
  if (current.length === children.length && current.every((child, k) => child === children[k]))
    return expression;
  switch (expression.kind) {
    case 'column':
    case 'literal':
      return expression;
    case 'comparison':
    case 'arithmetic':
    case 'nullSafeEqual':
      return { ...expression, left: children[0]!, right: children[1]! };
    case 'and':
    case 'or':
      return { kind: expression.kind, operands: children };
    case 'not':
    case 'isNull':
    case 'isNotNull':
    case 'negate':
      return { kind: expression.kind, operand: children[0]! };
    case 'cast':
      return { ...expression, operand: children[0]! };
    case 'in':
      return { kind: 'in', operand: children[0]!, list: children.slice(1) };
    case 'like':
      return { ...expression, operand: children[0]!, pattern: children[1]! };
    case 'case': {
      const branches = expression.branches.map((_branch, k) => ({
        when: children[2 * k]!,
        result: children[2 * k + 1]!,
      }));
      return expression.otherwise === undefined
        ? { kind: 'case', branches }
        : { kind: 'case', branches, otherwise: children[children.length - 1]! };
    }
    case 'function':
      return { ...expression, arguments: children };
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
  if (expression.kind === 'column') return { kind: 'column', path: map(expression.path) };
  return withChildren(
    expression,
    childrenOf(expression).map((child) => mapColumns(child, map)),
  );
}

/** The column paths an expression reads, each once, in first-seen order. */
export function referencedColumns(expression: Expression): (readonly string[])[] {
  const seen = new Map<string, readonly string[]>();
  const visit = (node: Expression): void => {
    if (node.kind === 'column') seen.set(JSON.stringify(node.path), node.path);
    else childrenOf(node).forEach(visit);
  };
  visit(expression);
  return [...seen.values()];
}
