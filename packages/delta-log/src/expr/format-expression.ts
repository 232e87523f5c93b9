import { formatDate, formatTimestamp, typeToDdl } from '@silt/parquet-io';
import { formatColumnPath } from './column-path.js';
import type { Expression, LiteralExpression } from './expression.js';

/**
 * SQL text of an expression, in Spark SQL's literal syntax so that it reads back unchanged
 * through `parseExpression` (`5L` long, `1.5D` double, `1.50BD` decimal, `DATE'2024-01-01'`,
 * `TIMESTAMP'2024-01-01 00:00:00.000000Z'`, `X'00FF'`), for messages, logs and commitInfo.
 * Operands that are not names or literals are parenthesized, so that no precedence is implied.
 */
export function formatExpression(expression: Expression): string {
  switch (expression.kind) {
    case 'column':
      return formatColumnPath(expression.path);
    case 'literal':
      return formatLiteral(expression);
    case 'comparison':
    case 'arithmetic':
      return `${operand(expression.left)} ${expression.operator} ${operand(expression.right)}`;
    case 'nullSafeEqual':
      return `${operand(expression.left)} <=> ${operand(expression.right)}`;
    case 'and':
    case 'or':
      return expression.operands.map(operand).join(` ${expression.kind.toUpperCase()} `);
    case 'not':
      return `NOT ${operand(expression.operand)}`;
    case 'isNull':
      return `${operand(expression.operand)} IS NULL`;
    case 'isNotNull':
      return `${operand(expression.operand)} IS NOT NULL`;
    case 'in':
      return `${operand(expression.operand)} IN (${expression.list.map(formatExpression).join(', ')})`;
    case 'negate':
      return expression.operand.kind === 'column'
        ? `-${formatExpression(expression.operand)}`
        : `-(${formatExpression(expression.operand)})`;
    case 'cast':
      return `CAST(${formatExpression(expression.operand)} AS ${typeToDdl(expression.type)})`;
    case 'case': {
      const branches = expression.branches
        .map(
          (branch) =>
            ` WHEN ${formatExpression(branch.when)} THEN ${formatExpression(branch.result)}`,
        )
        .join('');
      const otherwise =
        expression.otherwise === undefined ? '' : ` ELSE ${formatExpression(expression.otherwise)}`;
      return `CASE${branches}${otherwise} END`;
    }
    case 'like': {
      const escapeCharacter =
        expression.escape === undefined ? '' : ` ESCAPE ${quote(expression.escape)}`;
      return `${operand(expression.operand)} LIKE ${operand(expression.pattern)}${escapeCharacter}`;
    }
    case 'function':
      return `${expression.name}(${expression.arguments.map(formatExpression).join(', ')})`;
  }
}

function operand(expression: Expression): string {
  const text = formatExpression(expression);
  switch (expression.kind) {
    case 'column':
    case 'function':
    case 'cast':
    case 'case':
      return text;
    case 'literal':
      return text;
    default:
      return `(${text})`;
  }
}

function quote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function formatLiteral({ type, value }: LiteralExpression): string {
  if (value === null) return type === 'void' ? 'NULL' : `CAST(NULL AS ${type.toUpperCase()})`;
  switch (type) {
    case 'boolean':
      return value ? 'TRUE' : 'FALSE';
    case 'string':
      return quote(String(value));
    case 'byte':
      return `${value}Y`;
    case 'short':
      return `${value}S`;
    case 'integer':
      return String(value);
    case 'long':
      return `${value}L`;
    case 'float':
    case 'double': {
      const number = value as number;
      const suffix = type === 'float' ? 'F' : 'D';
      if (!Number.isFinite(number))
        return `CAST('${number > 0 ? 'Infinity' : number < 0 ? '-Infinity' : 'NaN'}' AS ${type.toUpperCase()})`;
      return `${number}${suffix}`;
    }
    case 'date':
      return `DATE'${formatDate(value as number)}'`;
    case 'timestamp':
      return `TIMESTAMP'${formatTimestamp(value as bigint, true).replace('T', ' ')}'`;
    case 'timestamp_ntz':
      return `TIMESTAMP_NTZ'${formatTimestamp(value as bigint, false).replace('T', ' ')}'`;
    case 'binary':
      return `X'${Array.from(value as Uint8Array, (byte) => byte.toString(16).padStart(2, '0').toUpperCase()).join('')}'`;
    default:
      return `${value}BD`;
  }
}
