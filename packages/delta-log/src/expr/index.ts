export {
  and,
  col,
  ExpressionBuilder,
  type ExpressionLike,
  lit,
  not,
  type Operand,
  or,
  PredicateBuilder,
  toExpression,
} from './builder.js';
export { formatColumnPath, parseColumnPath } from './column-path.js';
export {
  type AndExpression,
  type ColumnExpression,
  type ComparisonExpression,
  type ComparisonOperator,
  type Expression,
  type ExpressionKind,
  type InExpression,
  type IsNotNullExpression,
  type IsNullExpression,
  type LiteralExpression,
  mapColumns,
  type NotExpression,
  type OrExpression,
  referencedColumns,
  type ScalarType,
  type ScalarValue,
  swapOperator,
} from './expression.js';
export { formatExpression } from './format-expression.js';
export { InvalidPredicate } from './invalid-predicate.js';
export { type LiteralInput, literal } from './literal.js';
