import type { DeltaType, StructType } from '@silt/parquet-io';
import { type Expression, referencedColumns, type ScalarType } from '../expr/expression.js';

/** An equality between a target and a source column in a MERGE condition, usable as a hash key. */
export interface JoinKey {
  /** The column's path in the target (alias stripped). */
  targetPath: readonly string[];
  /** The column's path in the source (alias stripped). */
  sourcePath: readonly string[];
  /** `<=>`: NULL matches NULL. */
  nullSafe: boolean;
  /** Both sides have one numeric or temporal type: the source's key range can prune target files. */
  comparable: boolean;
  /** The type of range literals (the shared type). */
  literalType: ScalarType;
}

const INTEGERS = new Set(['byte', 'short', 'integer', 'long']);
const RANGE_TYPES = new Set([
  'byte',
  'short',
  'integer',
  'long',
  'float',
  'double',
  'date',
  'timestamp',
  'timestamp_ntz',
]);

/** The top-level AND operands of a condition. */
export function conjuncts(expression: Expression): Expression[] {
  return expression.kind === 'and' ? expression.operands.flatMap(conjuncts) : [expression];
}

/**
 * The equalities `t.a = s.b` (or `<=>`) among the top-level conjuncts of a qualified MERGE
 * condition whose two columns hold values of one kind, so that equal values have equal hash
 * keys: the same type, two integer types, or two strings. The whole condition is still
 * evaluated on every candidate pair; keys only narrow the pairs.
 */
export function equiJoinKeys(
  condition: Expression,
  targetAlias: string,
  sourceAlias: string,
  targetSchema: StructType,
  sourceSchema: StructType,
): JoinKey[] {
  const keys: JoinKey[] = [];
  for (const conjunct of conjuncts(condition)) {
    const nullSafe = conjunct.kind === 'nullSafeEqual';
    if (!(nullSafe || (conjunct.kind === 'comparison' && conjunct.operator === '='))) continue;
    const { left, right } = conjunct as { left: Expression; right: Expression };
    if (left.kind !== 'column' || right.kind !== 'column') continue;
    const [target, source] =
      left.path[0] === targetAlias && right.path[0] === sourceAlias
        ? [left.path, right.path]
        : left.path[0] === sourceAlias && right.path[0] === targetAlias
          ? [right.path, left.path]
          : [undefined, undefined];
    if (!target || !source) continue;
    const targetType = typeAt(targetSchema, target.slice(1));
    const sourceType = typeAt(sourceSchema, source.slice(1));
    if (typeof targetType !== 'string' || typeof sourceType !== 'string') continue;
    const sameKind =
      targetType === sourceType || (INTEGERS.has(targetType) && INTEGERS.has(sourceType));
    // Floats hash unreliably (-0.0 and 0.0 are equal): leave them to the condition.
    if (!sameKind || targetType === 'float' || targetType === 'double') continue;
    keys.push({
      targetPath: target.slice(1),
      sourcePath: source.slice(1),
      nullSafe,
      comparable: targetType === sourceType && RANGE_TYPES.has(targetType),
      literalType: targetType as ScalarType,
    });
  }
  return keys;
}

/** The top-level conjuncts that read target columns only (and read some). */
export function targetOnlyConjuncts(condition: Expression, targetAlias: string): Expression[] {
  return conjuncts(condition).filter((conjunct) => {
    const columns = referencedColumns(conjunct);
    return (
      columns.length > 0 && columns.every((path) => path[0] === targetAlias && path.length > 1)
    );
  });
}

function typeAt(schema: StructType, path: readonly string[]): DeltaType | undefined {
  let type: DeltaType = schema;
  for (const name of path) {
    if (typeof type === 'string' || type.type !== 'struct') return undefined;
    const field: StructType['fields'][number] | undefined = type.fields.find(
      (f) => f.name === name,
    );
    if (!field) return undefined;
    type = field.type;
  }
  return type;
}
