/**
 * Type resolution: checks an expression against a table schema and makes Spark's implicit casts
 * explicit, so that evaluators only meet operands of the types their operation takes.
 *
 * The rules (Spark 4, ANSI mode, its default; departures marked ✱):
 *
 * - Columns are looked up by path through structs, exactly, else case-insensitively when that
 *   finds one field (Spark's default), and rewritten to the schema's spelling. Struct, array,
 *   map and variant columns cannot be used as values.
 * - Comparisons (`=`, `!=`, `<`, …, `<=>`, IN): numbers of any two numeric types compare by their
 *   exact value ✱ (Spark casts both to the wider type first, so that a long and a double can be
 *   equal by rounding; exact comparison is what data skipping and partition pruning compute, and
 *   it never differs from Spark's when the wider type holds both values exactly, as it does for
 *   integer/decimal pairs). A date meets a timestamp as its midnight, a timestamp_ntz meets a
 *   timestamp in the session time zone (UTC in Silt); a string meets a date or timestamp by being
 *   cast to it (raising CAST_INVALID_INPUT at evaluation when it is not one). A string is not
 *   compared with a number or a boolean ✱ (Spark 4 casts the string, raising on bad text): write
 *   the CAST. Other pairs of different types are refused.
 * - Arithmetic (`+ - * / %`, unary `-`): numbers only (no date arithmetic ✱). Integral and
 *   floating operands widen by byte < short < int < long < float < double (`int + long` is long,
 *   `int + double` is double); `/` of two non-decimals is a double. With a decimal, an integral
 *   operand becomes a decimal of its type's digits (an integer literal: of its own digits) and the
 *   result type follows Spark's DecimalPrecision (`p1+p2+1, s1+s2` for `*`, and so on, reduced to
 *   38 digits by giving up scale down to 6); a decimal with a float or double is a double.
 * - AND, OR, NOT, CASE conditions take booleans. CASE branches and COALESCE arguments take their
 *   common type (numbers widen as above; date with timestamp is timestamp); NULL takes any type.
 * - LIKE takes strings; `length` takes a string or binary; `lower` / `upper` take strings; `abs`
 *   takes a number and keeps its type.
 * - CAST exists between numbers and booleans, from and to strings, between strings and binary,
 *   and among dates and timestamps (see `castValue` for the values).
 * - Casts of literals are folded into literals where they succeed.
 */
import {
  type DeltaType,
  PRIMITIVE_TYPE_NAMES,
  type StructField,
  type StructType,
} from '@silt/parquet-io';
import { formatColumnPath } from './column-path.js';
import { EvaluationFailed } from './evaluation-failed.js';
import {
  type ArithmeticOperator,
  type CastType,
  childrenOf,
  type Expression,
  type LiteralExpression,
  type ScalarType,
  withChildren,
} from './expression.js';
import { formatExpression } from './format-expression.js';
import { InvalidPredicate } from './invalid-predicate.js';
import {
  arithmeticValue,
  castValue,
  type InternalValue,
  likeRegExp,
  negateValue,
  toInternal,
  toScalar,
} from './scalar-semantics.js';
import {
  canCast,
  commonType,
  decimalArithmeticType,
  decimalName,
  decimalOf,
  integralAsDecimal,
  isFractional,
  isNumeric,
  isTemporal,
  temporalCommonType,
  widerNumeric,
} from './type-rules.js';

/** An expression checked against a schema, with its implicit casts made explicit. */
export interface ResolvedExpression {
  /** The expression with columns spelled as in the schema and implicit casts inserted. */
  readonly expression: Expression;
  /** Its result type; `void` for an untyped NULL. */
  readonly type: ScalarType;
}

/** A resolved tree and the type of each of its nodes. */
export interface TypedTree extends ResolvedExpression {
  readonly types: WeakMap<Expression, ScalarType>;
}

const cache = new WeakMap<Expression, WeakMap<StructType, TypedTree>>();

/**
 * Checks an expression against a schema and infers its type, applying Spark's implicit casts
 * (listed in this module's header). Resolving a resolved expression changes nothing.
 *
 * @example
 * ```ts
 * import { parseExpression, resolveExpression } from '@silt/delta-log';
 * resolveExpression(parseExpression('price * 2'), schema).type; // 'decimal(13,2)' for decimal(10,2)
 * ```
 * @throws {InvalidPredicate} for a column the schema does not have (naming the columns it has),
 *   operands of types that do not go together, or a CAST that does not exist.
 */
export function resolveExpression(expression: Expression, schema: StructType): ResolvedExpression {
  const { expression: resolved, type } = resolveTyped(expression, schema);
  return { expression: resolved, type };
}

/**
 * {@link resolveExpression} for a predicate: the expression must be a boolean (or NULL).
 *
 * @throws {InvalidPredicate} as resolveExpression does, and for a non-boolean expression.
 */
export function resolvePredicate(expression: Expression, schema: StructType): Expression {
  const resolved = resolveTyped(expression, schema);
  expectBoolean(resolved.expression, resolved.type, 'a predicate');
  return resolved.expression;
}

/** {@link resolveExpression} with the type of every node, cached per expression and schema. */
export function resolveTyped(expression: Expression, schema: StructType): TypedTree {
  let bySchema = cache.get(expression);
  const cached = bySchema?.get(schema);
  if (cached) return cached;
  const types = new WeakMap<Expression, ScalarType>();
  const resolved = new Resolver(schema, types).resolve(expression);
  const tree: TypedTree = { expression: resolved.expression, type: resolved.type, types };
  if (!bySchema) {
    bySchema = new WeakMap();
    cache.set(expression, bySchema);
  }
  bySchema.set(schema, tree);
  return tree;
}

function expectBoolean(expression: Expression, type: ScalarType, role: string): void {
  if (type !== 'boolean' && type !== 'void')
    throw new InvalidPredicate({
      reason: `${role} must be a boolean, but ${formatExpression(expression)} is a ${type}`,
    });
}

/** The type at a column path of a schema, with the path as the schema spells it. */
export function columnTypeAt(
  schema: StructType,
  path: readonly string[],
): { path: string[]; type: DeltaType } {
  let current: DeltaType = schema;
  const spelled: string[] = [];
  for (const part of path) {
    if (typeof current === 'string' || current.type !== 'struct')
      throw new InvalidPredicate({
        reason: `${formatColumnPath(path)} is not a column: ${formatColumnPath(spelled)} is not a struct`,
        column: formatColumnPath(path),
      });
    const fields: StructField[] = current.fields;
    let field = fields.find((candidate) => candidate.name === part);
    if (!field) {
      const folded = fields.filter(
        (candidate) => candidate.name.toLowerCase() === part.toLowerCase(),
      );
      if (folded.length === 1) field = folded[0];
    }
    if (!field) {
      const available = fields.map((candidate) => formatColumnPath([...spelled, candidate.name]));
      throw new InvalidPredicate({
        reason: `the table has no column ${formatColumnPath(path)} (its ${spelled.length === 0 ? 'columns' : `fields of ${formatColumnPath(spelled)}`} are: ${available.join(', ')})`,
        column: formatColumnPath(path),
        available,
        hint: 'Check the spelling, quote names holding dots or spaces in backticks, and qualify nested fields by their struct (address.city).',
      });
    }
    spelled.push(field.name);
    current = field.type;
  }
  return { path: spelled, type: current };
}

interface Typed {
  readonly expression: Expression;
  readonly type: ScalarType;
}

class Resolver {
  constructor(
    private readonly schema: StructType,
    private readonly types: WeakMap<Expression, ScalarType>,
  ) {}

  resolve(expression: Expression): Typed {
    const typed = this.resolveNode(expression);
    this.types.set(typed.expression, typed.type);
    return typed;
  }

  private typed(expression: Expression, type: ScalarType): Typed {
    this.types.set(expression, type);
    return { expression, type };
  }

  private resolveNode(expression: Expression): Typed {
    switch (expression.kind) {
      case 'column': {
        const { path, type } = columnTypeAt(this.schema, expression.path);
        if (typeof type !== 'string' || type === 'variant')
          throw new InvalidPredicate({
            reason: `${formatColumnPath(path)} is a ${typeof type === 'string' ? type : type.type}, which expressions cannot use as a value; use one of its fields`,
            column: formatColumnPath(path),
          });
        const same =
          path.length === expression.path.length &&
          path.every((part, k) => part === expression.path[k]);
        return { expression: same ? expression : { kind: 'column', path }, type };
      }
      case 'literal':
        checkLiteralType(expression.type);
        return { expression, type: expression.type };
      case 'comparison':
      case 'nullSafeEqual': {
        const [left, right] = this.comparable(
          this.resolve(expression.left),
          this.resolve(expression.right),
        );
        return {
          expression: withChildren(expression, [left.expression, right.expression]),
          type: 'boolean',
        };
      }
      case 'in':
        return this.resolveIn(expression.operand, expression.list, expression);
      case 'and':
      case 'or':
      case 'not': {
        const operands = childrenOf(expression).map((operand) =>
          this.toBoolean(this.resolve(operand), `an operand of ${expression.kind.toUpperCase()}`),
        );
        return { expression: withChildren(expression, operands), type: 'boolean' };
      }
      case 'isNull':
      case 'isNotNull': {
        const operand = this.resolve(expression.operand);
        return { expression: withChildren(expression, [operand.expression]), type: 'boolean' };
      }
      case 'arithmetic':
        return this.resolveArithmetic(
          expression.operator,
          this.resolve(expression.left),
          this.resolve(expression.right),
          expression,
        );
      case 'negate': {
        const operand = this.resolve(expression.operand);
        const type = operand.type === 'void' ? 'double' : operand.type;
        this.expectNumeric(operand, 'unary minus');
        const cast = this.castTo(operand, type);
        if (cast.kind === 'literal') {
          const value = toInternal(cast.value, type);
          const folded = this.fold(() => (value === null ? null : negateValue(value, type)), type);
          if (folded) return folded;
        }
        return { expression: withChildren(expression, [cast]), type };
      }
      case 'cast': {
        const operand = this.resolve(expression.operand);
        checkLiteralType(expression.type);
        if (!canCast(operand.type, expression.type))
          throw new InvalidPredicate({
            reason: `there is no cast from ${operand.type} to ${expression.type} (in ${formatExpression(expression)})`,
          });
        return this.typed(this.castTo(operand, expression.type), expression.type);
      }
      case 'case': {
        const branches = expression.branches.map((branch) => ({
          when: this.toBoolean(this.resolve(branch.when), 'a WHEN condition'),
          result: this.resolve(branch.result),
        }));
        const otherwise =
          expression.otherwise === undefined ? undefined : this.resolve(expression.otherwise);
        const values = [
          ...branches.map((branch) => branch.result),
          ...(otherwise ? [otherwise] : []),
        ];
        const type = this.common(values, 'the branches of CASE');
        return {
          expression: {
            kind: 'case',
            branches: branches.map((branch) => ({
              when: branch.when,
              result: this.castTo(branch.result, type),
            })),
            ...(otherwise ? { otherwise: this.castTo(otherwise, type) } : {}),
          },
          type,
        };
      }
      case 'like': {
        const operand = this.toString(this.resolve(expression.operand), 'LIKE');
        const pattern = this.toString(this.resolve(expression.pattern), 'a LIKE pattern');
        if (expression.escape !== undefined && [...expression.escape].length !== 1)
          throw new InvalidPredicate({
            reason: `the ESCAPE of LIKE must be one character, not '${expression.escape}'`,
          });
        if (pattern.kind === 'literal' && typeof pattern.value === 'string') {
          try {
            likeRegExp(pattern.value, expression.escape);
          } catch (cause) {
            throw new InvalidPredicate({
              reason: cause instanceof EvaluationFailed ? cause.reason : String(cause),
              cause,
              hint: 'Escape a literal % or _ with the escape character, and the escape character with itself.',
            });
          }
        }
        return { expression: withChildren(expression, [operand, pattern]), type: 'boolean' };
      }
      case 'function':
        return this.resolveFunction(expression);
    }
  }

  private resolveFunction(expression: Expression & { kind: 'function' }): Typed {
    const name = expression.name;
    const args = expression.arguments.map((argument) => this.resolve(argument));
    const arity = (count: number) => {
      if (args.length !== count)
        throw new InvalidPredicate({
          reason: `${name} takes ${count} argument${count === 1 ? '' : 's'}, not ${args.length}`,
        });
    };
    switch (name) {
      case 'coalesce': {
        if (args.length === 0)
          throw new InvalidPredicate({ reason: 'coalesce takes at least one argument' });
        const type = this.common(args, 'the arguments of coalesce');
        return {
          expression: withChildren(
            expression,
            args.map((argument) => this.castTo(argument, type)),
          ),
          type,
        };
      }
      case 'lower':
      case 'upper':
        arity(1);
        return {
          expression: withChildren(expression, [this.toString(args[0]!, name)]),
          type: 'string',
        };
      case 'length': {
        arity(1);
        const argument = args[0]!;
        if (argument.type === 'binary')
          return { expression: withChildren(expression, [argument.expression]), type: 'integer' };
        return {
          expression: withChildren(expression, [this.toString(argument, name)]),
          type: 'integer',
        };
      }
      case 'abs': {
        arity(1);
        const argument = args[0]!;
        this.expectNumeric(argument, 'abs');
        const type = argument.type === 'void' ? 'double' : argument.type;
        return {
          expression: withChildren(expression, [this.castTo(argument, type)]),
          type,
        };
      }
    }
  }

  private resolveIn(
    operandExpression: Expression,
    listExpressions: readonly Expression[],
    original: Expression,
  ): Typed {
    let operand = this.resolve(operandExpression);
    let list = listExpressions.map((item) => this.resolve(item));
    const temporal = [operand, ...list]
      .map((item) => item.type)
      .filter(isTemporal)
      .reduce<ScalarType | undefined>(
        (wider, type) => (wider === undefined ? type : temporalCommonType(wider as never, type)),
        undefined,
      );
    if (temporal !== undefined && (isTemporal(operand.type) || operand.type === 'string')) {
      // Every side meets in one temporal type.
      operand = this.typed(this.castTo(operand, temporal), temporal);
      list = list.map((item) =>
        item.type === 'string' || isTemporal(item.type) || item.type === 'void'
          ? this.typed(this.castTo(item, temporal), temporal)
          : item,
      );
    }
    const items = list.map((item) => this.comparable(operand, item)[1].expression);
    return {
      expression: withChildren(original, [operand.expression, ...items]),
      type: 'boolean',
    };
  }

  /** Two operands of a comparison, cast so that they meet in one type (see the header). */
  private comparable(left: Typed, right: Typed): [Typed, Typed] {
    const a = left.type;
    const b = right.type;
    if (a === b || (a === 'void' && b === 'void')) return [left, right];
    if (a === 'void') return [this.typed(this.castTo(left, b), b), right];
    if (b === 'void') return [left, this.typed(this.castTo(right, a), a)];
    if (isNumeric(a) && isNumeric(b)) return [left, right];
    if (isTemporal(a) && isTemporal(b)) {
      const type = temporalCommonType(a, b);
      return [
        this.typed(this.castTo(left, type), type),
        this.typed(this.castTo(right, type), type),
      ];
    }
    if (a === 'string' && isTemporal(b)) return [this.typed(this.castTo(left, b), b), right];
    if (b === 'string' && isTemporal(a)) return [left, this.typed(this.castTo(right, a), a)];
    throw new InvalidPredicate({
      reason: `${formatExpression(left.expression)} (${a}) cannot be compared with ${formatExpression(right.expression)} (${b})`,
      hint: `Compare values of one type: CAST one side (CAST(x AS ${a.toUpperCase()})), or quote or unquote the literal.`,
    });
  }

  private resolveArithmetic(
    operator: ArithmeticOperator,
    leftTyped: Typed,
    rightTyped: Typed,
    original: Expression,
  ): Typed {
    this.expectNumeric(leftTyped, `the ${operator} operator`);
    this.expectNumeric(rightTyped, `the ${operator} operator`);
    let left = leftTyped;
    let right = rightTyped;
    if (left.type === 'void' && right.type === 'void') {
      // Spark types NULL + NULL as a double.
      left = this.typed(this.castTo(left, 'double'), 'double');
      right = this.typed(this.castTo(right, 'double'), 'double');
    }
    if (left.type === 'void') left = this.typed(this.castTo(left, right.type), right.type);
    if (right.type === 'void') right = this.typed(this.castTo(right, left.type), left.type);
    const a = left.type;
    const b = right.type;
    const literalOf = (typed: Typed) =>
      typed.expression.kind === 'literal' &&
      (typeof typed.expression.value === 'number' || typeof typed.expression.value === 'bigint')
        ? typed.expression.value
        : undefined;
    const decimalMode = (decimalOf(a) || decimalOf(b)) && !isFractional(a) && !isFractional(b);
    let resultType: ScalarType;
    let leftCast: ScalarType;
    let rightCast: ScalarType;
    if (decimalMode) {
      const shapeOf = (typed: Typed) =>
        decimalOf(typed.type) ?? integralAsDecimal(typed.type as never, literalOf(typed));
      const leftShape = shapeOf(left);
      const rightShape = shapeOf(right);
      leftCast = decimalName(leftShape);
      rightCast = decimalName(rightShape);
      resultType = decimalName(decimalArithmeticType(operator, leftShape, rightShape));
    } else if (operator === '/') {
      resultType = leftCast = rightCast = 'double';
    } else {
      resultType = leftCast = rightCast = widerNumeric(a, b);
    }
    const leftExpression = this.castTo(left, leftCast);
    const rightExpression = this.castTo(right, rightCast);
    this.types.set(leftExpression, leftCast);
    this.types.set(rightExpression, rightCast);
    const node = withChildren(original, [leftExpression, rightExpression]);
    if (leftExpression.kind === 'literal' && rightExpression.kind === 'literal') {
      const a = toInternal(leftExpression.value, leftCast);
      const b = toInternal(rightExpression.value, rightCast);
      const folded = this.fold(
        () =>
          a === null || b === null
            ? null
            : arithmeticValue(operator, a, leftCast, b, rightCast, resultType),
        resultType,
      );
      if (folded) return folded;
    }
    return { expression: node, type: resultType };
  }

  /** A constant computed into a literal of `type`, or undefined when computing it raises. */
  private fold(compute: () => InternalValue, type: ScalarType): Typed | undefined {
    try {
      return this.typed({ kind: 'literal', type, value: toScalar(compute(), type) }, type);
    } catch (error) {
      if (error instanceof EvaluationFailed) return undefined;
      throw error;
    }
  }

  private expectNumeric(typed: Typed, role: string): void {
    if (typed.type !== 'void' && !isNumeric(typed.type))
      throw new InvalidPredicate({
        reason: `${role} takes numbers, but ${formatExpression(typed.expression)} is a ${typed.type}`,
        hint: isTemporal(typed.type)
          ? 'Date and timestamp arithmetic is not supported; compare with a literal date or timestamp instead.'
          : `CAST it to a number first (CAST(x AS DOUBLE)).`,
      });
  }

  private toBoolean(typed: Typed, role: string): Expression {
    expectBoolean(typed.expression, typed.type, role);
    return this.castTo(typed, 'boolean');
  }

  private toString(typed: Typed, role: string): Expression {
    if (typed.type !== 'string' && typed.type !== 'void')
      throw new InvalidPredicate({
        reason: `${role} takes strings, but ${formatExpression(typed.expression)} is a ${typed.type}`,
        hint: 'CAST it to a string first (CAST(x AS STRING)).',
      });
    return this.castTo(typed, 'string');
  }

  private common(values: readonly Typed[], role: string): ScalarType {
    let type: ScalarType = 'void';
    for (const value of values) {
      const next = commonType(type, value.type);
      if (next === undefined)
        throw new InvalidPredicate({
          reason: `${role} have no common type (${values.map((v) => v.type).join(', ')})`,
          hint: 'CAST them to one type.',
        });
      type = next;
    }
    return type;
  }

  /** The typed expression as a value of `type`: itself, a folded literal or a CAST node. */
  private castTo(typed: Typed, type: ScalarType): Expression {
    const { expression } = typed;
    if (typed.type === type || type === 'void') return expression;
    const target = type as CastType;
    if (expression.kind === 'literal') {
      try {
        const value = castValue(toInternal(expression.value, typed.type), typed.type, target);
        const literal: LiteralExpression = {
          kind: 'literal',
          type: target,
          value: toScalar(value, target),
        };
        this.types.set(literal, target);
        return literal;
      } catch (error) {
        if (!(error instanceof EvaluationFailed)) throw error;
      }
    }
    const cast: Expression = { kind: 'cast', operand: expression, type: target };
    this.types.set(cast, target);
    return cast;
  }
}

function checkLiteralType(type: ScalarType): void {
  if (type === 'void' || decimalOf(type)) return;
  if (!(PRIMITIVE_TYPE_NAMES as readonly string[]).includes(type) || type === 'variant')
    throw new InvalidPredicate({ reason: `${type} is not a type expressions can hold` });
}
