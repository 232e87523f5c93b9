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
export { evaluateRow, evaluateRowValue, type Row } from './evaluate-row.js';
export { evaluateExpression, evaluatePredicate } from './evaluate-vector.js';
export { type EvaluationCondition, EvaluationFailed } from './evaluation-failed.js';
export {
  type AndExpression,
  type ArithmeticExpression,
  type ArithmeticOperator,
  type CaseBranch,
  type CaseExpression,
  type CastExpression,
  type CastType,
  type ColumnExpression,
  type ComparisonExpression,
  type ComparisonOperator,
  childrenOf,
  type Expression,
  type ExpressionKind,
  type FunctionExpression,
  type FunctionName,
  type InExpression,
  type IsNotNullExpression,
  type IsNullExpression,
  type LikeExpression,
  type LiteralExpression,
  mapColumns,
  type NegateExpression,
  type NotExpression,
  type NullSafeEqualExpression,
  type OrExpression,
  referencedColumns,
  type ScalarType,
  type ScalarValue,
  swapOperator,
  withChildren,
} from './expression.js';
export { foldConstants } from './fold-constants.js';
export { formatExpression } from './format-expression.js';
export { InvalidPredicate } from './invalid-predicate.js';
export { type LiteralInput, literal } from './literal.js';
export { parseExpression } from './parse-expression.js';
export {
  qualifyColumns,
  type Scopes,
  scopesSchema,
  splitQualifier,
  unqualifyColumns,
} from './qualify-columns.js';
export {
  type ResolvedExpression,
  resolveExpression,
  resolvePredicate,
} from './resolve-expression.js';
export { castValue } from './scalar-semantics.js';
