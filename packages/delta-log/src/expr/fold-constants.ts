import { evaluateRowValue } from './evaluate-row.js';
import { EvaluationFailed } from './evaluation-failed.js';
import { childrenOf, type Expression, withChildren } from './expression.js';
import { InvalidPredicate } from './invalid-predicate.js';

const NO_COLUMNS = { type: 'struct', fields: [] } as const;

/**
 * The expression with every subtree that reads no column replaced by its value
 * (`CAST('2024-01-01' AS DATE)`, `-(5)`, `2 * 3`), so that consumers which look for
 * `column <op> literal` shapes (data skipping, partition pruning) find them. A subtree whose
 * evaluation fails is kept as it is: it fails, if at all, where it is evaluated.
 */
export function foldConstants(expression: Expression): Expression {
  if (expression.kind === 'column' || expression.kind === 'literal') return expression;
  const children = childrenOf(expression).map(foldConstants);
  const node = withChildren(expression, children);
  if (!children.every((child) => child.kind === 'literal')) return node;
  try {
    const { value, type } = evaluateRowValue(node, {}, { ...NO_COLUMNS, fields: [] });
    return { kind: 'literal', type, value };
  } catch (error) {
    if (error instanceof EvaluationFailed || error instanceof InvalidPredicate) return node;
    throw error;
  }
}
