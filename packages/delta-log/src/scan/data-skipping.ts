/**
 * Data skipping: whether a data file might hold a row for which a predicate is TRUE, decided from
 * the file's statistics and partition values alone (PROTOCOL.md, "Per-file Statistics").
 *
 * The answer must never be "no" wrongly: a file is skipped only when the predicate is certainly
 * FALSE or NULL on every row. Each sub-expression is therefore evaluated to the set of values it
 * can take over the rows of the file — a subset of {TRUE, FALSE, NULL} — and sets combine by SQL's
 * three-valued logic. Keeping FALSE apart from NULL is what makes NOT exact: NOT turns the rows
 * where `x = 5` is FALSE into TRUE, and leaves NULL rows NULL, so `NOT (x = 5)` skips a file
 * only when no non-null value can differ from 5 (min = max = 5, exactly). Missing or unusable
 * statistics give the full set, which keeps the file.
 *
 * ```
 * predicate ─compile─▶ closure per node ─(stats, partition values)─▶ {TRUE?, FALSE?, NULL?}
 *                                                                    TRUE ∉ set → skip the file
 * ```
 */
import type { DeltaType, StructField, StructType } from '@silt/parquet-io';
import { type ExpressionLike, toExpression } from '../expr/builder.js';
import { compareUtf8, comparisonHolds } from '../expr/compare-values.js';
import type {
  ComparisonOperator,
  Expression,
  ScalarType,
  ScalarValue,
} from '../expr/expression.js';
import { swapOperator } from '../expr/expression.js';
import { foldConstants } from '../expr/fold-constants.js';
import { likePrefix, likeRegExp } from '../expr/scalar-semantics.js';
import { type FileStatistics, parseFileStatistics, statisticAt } from './file-statistics.js';
import {
  type Bound,
  type BoundOptions,
  type Comparable,
  compareIn,
  type Family,
  familyOf,
  lowerBound,
  toComparable,
  upperBound,
} from './skipping-values.js';

/** Options of {@link createDataSkippingFilter}. */
export interface DataSkippingOptions {
  /**
   * Every writer of the table counts NaN in the max of float and double columns (Spark does: in
   * its order NaN is above every number). Then `x > c` can skip by the max. Default false: some
   * writers (those that copy Parquet footer statistics) leave NaN out, and a NaN row satisfies
   * `x > c`, so the max of a float column bounds nothing.
   */
  floatBoundsIncludeNaN?: boolean;
}

/** What data skipping knows of one file. */
export interface FileSkippingInput {
  /** `add.stats`, parsed ({@link parseFileStatistics}) or as the JSON text. */
  stats?: FileStatistics | string | null;
  /**
   * The file's partition values in exact form ({@link parsePartitionValues}), keyed like the
   * schema's top-level fields. A column with a key here is a partition column: its value is the
   * same on every row.
   */
  partitionValues?: Readonly<Record<string, ScalarValue>>;
}

/** A compiled predicate that tells which files may hold matching rows. */
export interface DataSkippingFilter {
  /** False only when no row of the file can satisfy the predicate. */
  mightMatch(file: FileSkippingInput): boolean;
}

// The values a sub-expression can take over a file's rows, as bits.
const TRUE = 1;
const FALSE = 2;
const NULL = 4;
const ANY = TRUE | FALSE | NULL;
type Outcomes = number;

/** What is known of a column's values in one file. */
interface ColumnFacts {
  /** Some row may hold NULL. */
  readonly nullable: boolean;
  /** Some row may hold a non-null value. */
  readonly nonNull: boolean;
  readonly lower?: Bound | undefined;
  readonly upper?: Bound | undefined;
}

const UNKNOWN_FACTS: ColumnFacts = { nullable: true, nonNull: true };

/** A resolved column: its path, its type and family (undefined when not a primitive of the schema). */
interface ColumnInfo {
  readonly path: readonly string[];
  readonly type: Exclude<ScalarType, 'void'> | undefined;
  readonly family: Family | undefined;
}

/** The evaluation context of one file: statistics, partition values and a cache of facts. */
interface FileContext {
  readonly stats: FileStatistics | undefined;
  readonly partitionValues: Readonly<Record<string, ScalarValue>> | undefined;
  readonly facts: Map<ColumnInfo, ColumnFacts>;
}

type Compiled = (file: FileContext) => Outcomes;

/**
 * Compiles a predicate for data skipping over the files of a table.
 *
 * @param schema the schema the predicate's column paths and the statistics use (the physical
 *   schema under column mapping: translate the predicate with `mapColumns` and
 *   `physicalColumnPath` first)
 * @example
 * ```ts
 * import { col, createDataSkippingFilter, parsePartitionValues } from '@silt/delta-log';
 * const filter = createDataSkippingFilter(col('id').eq(2).and(col('value').gt(0.5)), snapshot.schema);
 * const files = snapshot.files.filter((add) => filter.mightMatch({ stats: add.stats }));
 * ```
 */
export function createDataSkippingFilter(
  predicate: ExpressionLike,
  schema: StructType,
  options: DataSkippingOptions = {},
): DataSkippingFilter {
  const columns = new Map<string, ColumnInfo>();
  const resolve = (path: readonly string[]): ColumnInfo => {
    const key = JSON.stringify(path);
    let info = columns.get(key);
    if (!info) {
      const type = primitiveAt(schema, path);
      info = { path, type, family: type === undefined ? undefined : familyOf(type) };
      columns.set(key, info);
    }
    return info;
  };
  const boundOptions: BoundOptions = {
    floatBoundsIncludeNaN: options.floatBoundsIncludeNaN ?? false,
  };
  const evaluate = compile(foldConstants(toExpression(predicate)), resolve, boundOptions);
  return {
    mightMatch(file: FileSkippingInput): boolean {
      const stats =
        typeof file.stats === 'string'
          ? parseFileStatistics(file.stats)
          : (file.stats ?? undefined);
      // A file without rows matches nothing, whatever the predicate.
      if (stats?.numRecords !== undefined && Number(stats.numRecords) === 0) return false;
      return (
        (evaluate({ stats, partitionValues: file.partitionValues, facts: new Map() }) & TRUE) !== 0
      );
    },
  };
}

/**
 * Whether a file might hold a row satisfying `predicate` (see {@link createDataSkippingFilter};
 * compile once with it when checking many files).
 */
export function mightMatch(
  predicate: ExpressionLike,
  file: FileSkippingInput,
  schema: StructType,
  options: DataSkippingOptions = {},
): boolean {
  return createDataSkippingFilter(predicate, schema, options).mightMatch(file);
}

/** The primitive type at a path of struct fields, or undefined. */
function primitiveAt(
  schema: StructType,
  path: readonly string[],
): Exclude<ScalarType, 'void'> | undefined {
  let current: DeltaType = schema;
  for (const part of path) {
    if (typeof current === 'string' || current.type !== 'struct') return undefined;
    const field: StructField | undefined = current.fields.find(
      (candidate) => candidate.name === part,
    );
    if (!field) return undefined;
    current = field.type;
  }
  if (typeof current !== 'string') return undefined;
  return current;
}

function compile(
  expression: Expression,
  resolve: (path: readonly string[]) => ColumnInfo,
  options: BoundOptions,
): Compiled {
  const recurse = (node: Expression) => compile(node, resolve, options);
  switch (expression.kind) {
    case 'literal': {
      const { value } = expression;
      const outcome = value === null ? NULL : value === true ? TRUE : value === false ? FALSE : ANY;
      return () => outcome;
    }
    case 'column': {
      // A boolean column used as a predicate is `column = TRUE`.
      const info = resolve(expression.path);
      if (info.family !== 'boolean') return () => ANY;
      return (file) => compareColumn(columnFacts(info, file, options), info.family!, '=', true);
    }
    case 'not': {
      const operand = recurse(expression.operand);
      return (file) => negate(operand(file));
    }
    case 'and':
    case 'or': {
      const operands = expression.operands.map(recurse);
      const combine = expression.kind === 'and' ? and : or;
      return (file) => {
        let outcomes = operands[0]!(file);
        for (let index = 1; index < operands.length; index++)
          outcomes = combine(outcomes, operands[index]!(file));
        return outcomes;
      };
    }
    case 'isNull':
    case 'isNotNull': {
      const test = nullTest(expression.operand, resolve, options);
      return expression.kind === 'isNull' ? test : (file) => negate(test(file));
    }
    case 'comparison':
      return compileComparison(
        expression.operator,
        expression.left,
        expression.right,
        resolve,
        options,
      );
    case 'nullSafeEqual':
      return compileNullSafeEqual(expression.left, expression.right, resolve, options);
    case 'like':
      return compileLike(expression, resolve, options);
    case 'arithmetic':
    case 'negate':
    case 'cast':
    case 'case':
    case 'function':
      // Values Silt does not bound from statistics: any outcome.
      return () => ANY;
    case 'in': {
      // SQL defines `x IN (a, b)` as `x = a OR x = b`, NULLs included.
      // An empty list is an empty OR: FALSE.
      if (expression.list.length === 0) return () => FALSE;
      const items = expression.list.map((item) =>
        compileComparison('=', expression.operand, item, resolve, options),
      );
      return (file) => {
        let outcomes = items[0]!(file);
        for (let index = 1; index < items.length; index++)
          outcomes = or(outcomes, items[index]!(file));
        return outcomes;
      };
    }
  }
}

/** `operand IS NULL`: from null counts for columns, from the operand's outcomes for predicates. */
function nullTest(
  operand: Expression,
  resolve: (path: readonly string[]) => ColumnInfo,
  options: BoundOptions,
): Compiled {
  switch (operand.kind) {
    case 'column': {
      const info = resolve(operand.path);
      return (file) => {
        const facts = info.type === undefined ? UNKNOWN_FACTS : columnFacts(info, file, options);
        return (facts.nullable ? TRUE : 0) | (facts.nonNull ? FALSE : 0);
      };
    }
    case 'literal': {
      const outcome = operand.value === null ? TRUE : FALSE;
      return () => outcome;
    }
    default: {
      const inner = compile(operand, resolve, options);
      return (file) => {
        const outcomes = inner(file);
        return (outcomes & NULL ? TRUE : 0) | (outcomes & (TRUE | FALSE) ? FALSE : 0);
      };
    }
  }
}

/** `left <=> right`: `=` where NULL = NULL is TRUE and NULL = value is FALSE. */
function compileNullSafeEqual(
  left: Expression,
  right: Expression,
  resolve: (path: readonly string[]) => ColumnInfo,
  options: BoundOptions,
): Compiled {
  if (left.kind === 'literal' && right.kind !== 'literal')
    return compileNullSafeEqual(right, left, resolve, options);
  if (right.kind !== 'literal') return () => TRUE | FALSE;
  if (right.value === null) return nullTest(left, resolve, options);
  if (left.kind !== 'column' && left.kind !== 'literal') return () => TRUE | FALSE;
  // With a non-null literal, both sides are never NULL together.
  const equal = compileComparison('=', left, right, resolve, options);
  return (file) => {
    const outcomes = equal(file);
    return (outcomes & TRUE) | (outcomes & (FALSE | NULL) ? FALSE : 0);
  };
}

/**
 * `column LIKE 'prefix…'`: only values starting with the pattern's fixed prefix can match, and
 * those lie at or above the prefix and below any value that is greater without starting with it.
 */
function compileLike(
  expression: Expression & { kind: 'like' },
  resolve: (path: readonly string[]) => ColumnInfo,
  options: BoundOptions,
): Compiled {
  const { operand, pattern, escape: escapeCharacter } = expression;
  if (
    (operand.kind === 'literal' && operand.value === null) ||
    (pattern.kind === 'literal' && pattern.value === null)
  )
    return () => NULL;
  if (operand.kind !== 'column' || pattern.kind !== 'literal' || typeof pattern.value !== 'string')
    return () => ANY;
  const info = resolve(operand.path);
  if (info.family !== 'string') return () => ANY;
  let matcher: RegExp;
  try {
    matcher = likeRegExp(pattern.value, escapeCharacter);
  } catch {
    return () => ANY;
  }
  const prefix = likePrefix(pattern.value, escapeCharacter);
  return (file) => {
    const facts = columnFacts(info, file, options);
    let outcomes = facts.nullable ? NULL : 0;
    if (!facts.nonNull) return outcomes;
    const { lower, upper } = facts;
    if (lower?.exact && upper?.exact && compareIn('string', lower.value, upper.value) === 0)
      return outcomes | (matcher.test(lower.value as string) ? TRUE : FALSE);
    outcomes |= FALSE;
    const reachesPrefix = (compareColumn(facts, 'string', '>=', prefix) & TRUE) !== 0;
    const min = lower?.value as string | undefined;
    const pastPrefix = min !== undefined && compareUtf8(min, prefix) > 0 && !min.startsWith(prefix);
    if (reachesPrefix && !pastPrefix) outcomes |= TRUE;
    return outcomes;
  };
}

function compileComparison(
  operator: ComparisonOperator,
  left: Expression,
  right: Expression,
  resolve: (path: readonly string[]) => ColumnInfo,
  options: BoundOptions,
): Compiled {
  // Comparing with NULL gives NULL on every row.
  if (
    (left.kind === 'literal' && left.value === null) ||
    (right.kind === 'literal' && right.value === null)
  )
    return () => NULL;
  if (left.kind === 'literal' && right.kind === 'literal') {
    const outcome = compareLiterals(operator, left.type, left.value!, right.type, right.value!);
    return () => outcome;
  }
  if (left.kind === 'literal' && right.kind === 'column')
    return compileComparison(swapOperator(operator), right, left, resolve, options);
  if (left.kind !== 'column') return () => ANY;
  const info = resolve(left.path);
  if (right.kind === 'column') {
    const other = resolve(right.path);
    // Two columns: only nullness is known.
    return (file) => {
      const a = info.type === undefined ? UNKNOWN_FACTS : columnFacts(info, file, options);
      const b = other.type === undefined ? UNKNOWN_FACTS : columnFacts(other, file, options);
      return (a.nullable || b.nullable ? NULL : 0) | (a.nonNull && b.nonNull ? TRUE | FALSE : 0);
    };
  }
  if (right.kind !== 'literal' || info.family === undefined) return () => ANY;
  const family = info.family;
  const value = toComparable(right.value!, right.type, family);
  if (value === undefined) return () => ANY;
  return (file) => compareColumn(columnFacts(info, file, options), family, operator, value);
}

function compareLiterals(
  operator: ComparisonOperator,
  leftType: ScalarType,
  left: Exclude<ScalarValue, null>,
  rightType: ScalarType,
  right: Exclude<ScalarValue, null>,
): Outcomes {
  const family = familyOf(leftType);
  if (family === undefined) return ANY;
  const a = toComparable(left, leftType, family);
  const b = toComparable(right, rightType, family);
  if (a === undefined || b === undefined) return ANY;
  return comparisonHolds(operator, compareIn(family, a, b)) ? TRUE : FALSE;
}

/** The outcomes of `column <operator> value` over the rows of a file. */
function compareColumn(
  facts: ColumnFacts,
  family: Family,
  operator: ComparisonOperator,
  value: Comparable,
): Outcomes {
  let outcomes = facts.nullable ? NULL : 0;
  if (!facts.nonNull) return outcomes;
  const { lower, upper } = facts;
  const fromLower = lower === undefined ? undefined : compareIn(family, lower.value, value);
  const fromUpper = upper === undefined ? undefined : compareIn(family, upper.value, value);
  // Values starting with a cut max's prefix may lie above the max.
  const aboveCut =
    upper?.prefix !== undefined && typeof value === 'string' && value.startsWith(upper.prefix);
  const someBelow = fromLower === undefined || fromLower < 0;
  const someAtMost = fromLower === undefined || fromLower <= 0;
  const someAbove = fromUpper === undefined || fromUpper > 0 || aboveCut;
  const someAtLeast = fromUpper === undefined || fromUpper >= 0 || aboveCut;
  const someEqual = someAtMost && someAtLeast;
  // Only exact bounds both equal to the value prove that every value equals it.
  const someDifferent = !(lower?.exact && upper?.exact && fromLower === 0 && fromUpper === 0);
  let canBeTrue: boolean;
  let canBeFalse: boolean;
  switch (operator) {
    case '<':
      [canBeTrue, canBeFalse] = [someBelow, someAtLeast];
      break;
    case '<=':
      [canBeTrue, canBeFalse] = [someAtMost, someAbove];
      break;
    case '>':
      [canBeTrue, canBeFalse] = [someAbove, someAtMost];
      break;
    case '>=':
      [canBeTrue, canBeFalse] = [someAtLeast, someBelow];
      break;
    case '=':
      [canBeTrue, canBeFalse] = [someEqual, someDifferent];
      break;
    case '!=':
      [canBeTrue, canBeFalse] = [someDifferent, someEqual];
      break;
  }
  if (canBeTrue) outcomes |= TRUE;
  if (canBeFalse) outcomes |= FALSE;
  return outcomes;
}

/** What the statistics or the partition value of a file tell of a column, cached per file. */
function columnFacts(info: ColumnInfo, file: FileContext, options: BoundOptions): ColumnFacts {
  let facts = file.facts.get(info);
  if (!facts) {
    facts = computeFacts(info, file, options);
    file.facts.set(info, facts);
  }
  return facts;
}

function computeFacts(info: ColumnInfo, file: FileContext, options: BoundOptions): ColumnFacts {
  const { type, family, path } = info;
  if (type === undefined || family === undefined) return UNKNOWN_FACTS;
  const name = path[0]!;
  if (path.length === 1 && file.partitionValues && Object.hasOwn(file.partitionValues, name)) {
    const value = file.partitionValues[name];
    if (value === null || value === undefined) return { nullable: true, nonNull: false };
    const comparable = toComparable(value, type, family);
    if (comparable === undefined) return UNKNOWN_FACTS;
    const bound: Bound = { value: comparable, exact: true };
    return { nullable: false, nonNull: true, lower: bound, upper: bound };
  }
  const stats = file.stats;
  if (!stats) return UNKNOWN_FACTS;
  const nullCount = count(statisticAt(stats.nullCount, path));
  const numRecords = count(stats.numRecords);
  return {
    // With wide bounds only 0 and numRecords carry information (PROTOCOL.md); these two tests use
    // nothing else, so they hold for tight and wide bounds alike.
    nullable: nullCount === undefined || nullCount > 0,
    nonNull: nullCount === undefined || numRecords === undefined || nullCount < numRecords,
    lower: lowerBound(statisticAt(stats.minValues, path), type),
    upper: upperBound(statisticAt(stats.maxValues, path), type, options),
  };
}

function count(value: unknown): number | undefined {
  if (typeof value === 'bigint') return Number(value);
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

/** NOT: TRUE and FALSE swap, NULL stays. */
function negate(outcomes: Outcomes): Outcomes {
  return (outcomes & TRUE ? FALSE : 0) | (outcomes & FALSE ? TRUE : 0) | (outcomes & NULL);
}

/** The outcomes of `a AND b` for a in `left`, b in `right`, by three-valued logic. */
function and(left: Outcomes, right: Outcomes): Outcomes {
  let outcomes = 0;
  if (left & TRUE && right & TRUE) outcomes |= TRUE;
  if (left & FALSE || right & FALSE) outcomes |= FALSE;
  if ((left & NULL && right & (TRUE | NULL)) || (right & NULL && left & (TRUE | NULL)))
    outcomes |= NULL;
  return outcomes;
}

/** The outcomes of `a OR b` for a in `left`, b in `right`, by three-valued logic. */
function or(left: Outcomes, right: Outcomes): Outcomes {
  let outcomes = 0;
  if (left & TRUE || right & TRUE) outcomes |= TRUE;
  if (left & FALSE && right & FALSE) outcomes |= FALSE;
  if ((left & NULL && right & (FALSE | NULL)) || (right & NULL && left & (FALSE | NULL)))
    outcomes |= NULL;
  return outcomes;
}
