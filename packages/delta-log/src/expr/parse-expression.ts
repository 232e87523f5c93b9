/**
 * A SQL expression parser in Spark's dialect: a hand-written tokenizer and a recursive-descent
 * parser with one function per precedence level (never `eval` or `new Function`). From the
 * loosest binding to the tightest:
 *
 * ```
 * OR  <  AND  <  NOT  <  IS [NOT] NULL | [NOT] BETWEEN | [NOT] IN | [NOT] LIKE | IS [NOT] DISTINCT FROM
 *     <  = == != <> < <= > >= <=>  <  + -  <  * / %  <  unary - +  <  literals, names, ( ), CASE, CAST, f(…)
 * ```
 *
 * Keywords are case-insensitive. `BETWEEN` becomes `>= AND <=`; `IS [NOT] TRUE` and `IS [NOT]
 * DISTINCT FROM` become null-safe equality; `CASE x WHEN v` becomes `CASE WHEN x = v`; a minus
 * sign before a number is part of the literal (`-2147483648` is an int), as in Spark's grammar.
 */
import { formatDecimal, MAX_DECIMAL_PRECISION } from '@silt/parquet-io';
import type {
  ArithmeticOperator,
  CaseBranch,
  CastType,
  ComparisonOperator,
  Expression,
  FunctionName,
  LiteralExpression,
} from './expression.js';
import { InvalidPredicate } from './invalid-predicate.js';
import { parseDateText, parseTimestampText } from './scalar-semantics.js';

type TokenKind = 'number' | 'string' | 'identifier' | 'quoted' | 'operator' | 'end';

interface Token {
  readonly kind: TokenKind;
  /** The token's text: for strings and quoted names, the value without quotes and escapes. */
  readonly text: string;
  /** 0-based offset in the source. */
  readonly start: number;
  /** The source text of the token, for messages. */
  readonly raw: string;
}

const OPERATORS = [
  '<=>',
  '<>',
  '<=',
  '>=',
  '==',
  '!=',
  '||',
  '=',
  '<',
  '>',
  '+',
  '-',
  '*',
  '/',
  '%',
  '(',
  ')',
  ',',
  '.',
];

const RESERVED = new Set([
  'AND',
  'OR',
  'NOT',
  'IN',
  'IS',
  'NULL',
  'TRUE',
  'FALSE',
  'LIKE',
  'BETWEEN',
  'CASE',
  'WHEN',
  'THEN',
  'ELSE',
  'END',
  'CAST',
  'ESCAPE',
]);

const FUNCTIONS: Record<string, FunctionName> = {
  coalesce: 'coalesce',
  lower: 'lower',
  lcase: 'lower',
  upper: 'upper',
  ucase: 'upper',
  length: 'length',
  char_length: 'length',
  character_length: 'length',
  abs: 'abs',
};

const COMPARISONS: Record<string, ComparisonOperator | '<=>'> = {
  '=': '=',
  '==': '=',
  '!=': '!=',
  '<>': '!=',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
  '<=>': '<=>',
};

const HINT =
  "Write the expression in Spark SQL syntax: id = 2 AND name LIKE 'a%', quoting names that hold spaces or dots in backticks (`my col`).";

/**
 * Parses a SQL expression (a predicate or a value) into an {@link Expression}.
 *
 * @example
 * ```ts
 * import { parseExpression } from '@silt/delta-log';
 * parseExpression("id BETWEEN 1 AND 10 AND name LIKE 'a%'");
 * parseExpression('CASE WHEN price > 100 THEN price * 0.9 ELSE price END');
 * ```
 * @throws {InvalidPredicate} naming the 1-based `position` and what was expected there
 *   (`expected a value after '=' at position 7, found the end of the text`).
 */
export function parseExpression(text: string): Expression {
  const parser = new Parser(tokenize(text));
  const expression = parser.parseOr();
  parser.expectEnd();
  return expression;
}

function syntaxError(reason: string, start: number, found?: string): InvalidPredicate {
  return new InvalidPredicate({
    reason: `${reason} at position ${start + 1}${found === undefined ? '' : `, found ${found}`}`,
    position: start + 1,
    hint: HINT,
  });
}

function describe(token: Token): string {
  switch (token.kind) {
    case 'end':
      return 'the end of the text';
    case 'string':
      return `the string ${token.raw}`;
    case 'identifier':
      return RESERVED.has(token.text.toUpperCase())
        ? `the keyword ${token.text.toUpperCase()}`
        : `'${token.raw}'`;
    default:
      return `'${token.raw}'`;
  }
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  const push = (kind: TokenKind, value: string, start: number) =>
    tokens.push({ kind, text: value, start, raw: text.slice(start, index) });
  while (index < text.length) {
    const character = text[index]!;
    const start = index;
    if (/\s/.test(character)) {
      index++;
    } else if (text.startsWith('--', index)) {
      while (index < text.length && text[index] !== '\n') index++;
    } else if (text.startsWith('/*', index)) {
      const end = text.indexOf('*/', index + 2);
      if (end < 0) throw syntaxError('unclosed comment (expected */)', start);
      index = end + 2;
    } else if (character === "'" || character === '"') {
      const { value, end } = readString(text, start);
      index = end;
      push('string', value, start);
    } else if (character === '`') {
      let name = '';
      index++;
      while (true) {
        if (index >= text.length)
          throw syntaxError('unclosed backtick-quoted name (expected `)', start);
        if (text[index] === '`') {
          if (text[index + 1] === '`') {
            name += '`';
            index += 2;
            continue;
          }
          index++;
          break;
        }
        name += text[index++];
      }
      if (name === '') throw syntaxError('empty quoted name', start);
      push('quoted', name, start);
    } else if (/\d/.test(character) || (character === '.' && /\d/.test(text[index + 1] ?? ''))) {
      const match = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?(?:BD|[LSYDF])?/i.exec(
        text.slice(index),
      )!;
      index += match[0].length;
      if (/^[\p{L}\p{N}_]/u.test(text.slice(index)))
        throw syntaxError(`invalid number '${text.slice(start, index + 1)}'`, start);
      push('number', match[0], start);
    } else if (/[\p{L}_]/u.test(character)) {
      const match = /^[\p{L}\p{N}_]+/u.exec(text.slice(index))!;
      index += match[0].length;
      push('identifier', match[0], start);
    } else {
      const operator = OPERATORS.find((candidate) => text.startsWith(candidate, index));
      if (!operator) throw syntaxError(`unexpected character '${character}'`, start);
      index += operator.length;
      push('operator', operator, start);
    }
  }
  tokens.push({ kind: 'end', text: '', start: text.length, raw: '' });
  return tokens;
}

/** Reads a quoted string with Spark's escapes (`''`, `\'`, `\\`, `\n`, `\t`, `\uXXXX`…). */
function readString(text: string, start: number): { value: string; end: number } {
  const quote = text[start]!;
  let index = start + 1;
  let value = '';
  while (true) {
    if (index >= text.length) throw syntaxError(`unclosed string (expected ${quote})`, start);
    const character = text[index]!;
    if (character === quote) {
      if (text[index + 1] === quote) {
        value += quote;
        index += 2;
        continue;
      }
      return { value, end: index + 1 };
    }
    if (character === '\\' && index + 1 < text.length) {
      const next = text[index + 1]!;
      index += 2;
      switch (next) {
        case 'n':
          value += '\n';
          break;
        case 't':
          value += '\t';
          break;
        case 'r':
          value += '\r';
          break;
        case 'b':
          value += '\b';
          break;
        case '0':
          value += '\u0000';
          break;
        case 'Z':
          value += '\u001A';
          break;
        case '%':
        case '_':
          // Kept escaped, for LIKE patterns (as Spark does).
          value += `\\${next}`;
          break;
        case 'u': {
          const hex = text.slice(index, index + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex))
            throw syntaxError('invalid \\u escape (expected 4 hex digits)', index - 2);
          value += String.fromCharCode(Number.parseInt(hex, 16));
          index += 4;
          break;
        }
        default:
          value += next;
      }
      continue;
    }
    value += character;
    index++;
  }
}

class Parser {
  private index = 0;

  constructor(private readonly tokens: Token[]) {}

  private get token(): Token {
    return this.tokens[this.index]!;
  }

  private get previous(): Token {
    return this.tokens[this.index - 1]!;
  }

  private next(): Token {
    return this.tokens[this.index++]!;
  }

  private isKeyword(word: string, offset = 0): boolean {
    const token = this.tokens[this.index + offset];
    return token?.kind === 'identifier' && token.text.toUpperCase() === word;
  }

  private acceptKeyword(word: string): boolean {
    if (!this.isKeyword(word)) return false;
    this.index++;
    return true;
  }

  private isOperator(operator: string): boolean {
    return this.token.kind === 'operator' && this.token.text === operator;
  }

  private acceptOperator(operator: string): boolean {
    if (!this.isOperator(operator)) return false;
    this.index++;
    return true;
  }

  private fail(expected: string, token: Token = this.token, note = ''): never {
    throw syntaxError(expected, token.start, `${describe(token)}${note}`);
  }

  private expectKeyword(word: string, context: string): void {
    if (!this.acceptKeyword(word)) this.fail(`expected ${word} ${context}`);
  }

  private expectOperator(operator: string, context: string, note = ''): void {
    if (!this.acceptOperator(operator))
      this.fail(`expected '${operator}' ${context}`, this.token, note);
  }

  /** What follows the previous token, for "expected a value after …". */
  private after(): string {
    const previous = this.previous;
    return `after ${previous.kind === 'identifier' ? previous.text.toUpperCase() : `'${previous.raw}'`}`;
  }

  expectEnd(): void {
    if (this.token.kind !== 'end')
      this.fail(
        this.isOperator(')')
          ? "unbalanced ')': expected an operator or the end of the text"
          : 'expected an operator or the end of the text',
        this.token,
      );
  }

  parseOr(): Expression {
    const operands = [this.parseAnd()];
    while (this.acceptKeyword('OR')) operands.push(this.parseAnd());
    return operands.length === 1 ? operands[0]! : { kind: 'or', operands: flatten('or', operands) };
  }

  private parseAnd(): Expression {
    const operands = [this.parseNot()];
    while (this.acceptKeyword('AND')) operands.push(this.parseNot());
    return operands.length === 1
      ? operands[0]!
      : { kind: 'and', operands: flatten('and', operands) };
  }

  private parseNot(): Expression {
    if (this.acceptKeyword('NOT')) return { kind: 'not', operand: this.parseNot() };
    return this.parsePredicate();
  }

  private parsePredicate(): Expression {
    const operand = this.parseComparison();
    if (this.acceptKeyword('IS')) {
      const negated = this.acceptKeyword('NOT');
      if (this.acceptKeyword('NULL')) return { kind: negated ? 'isNotNull' : 'isNull', operand };
      if (this.isKeyword('TRUE') || this.isKeyword('FALSE')) {
        const value = this.next().text.toUpperCase() === 'TRUE';
        const test: Expression = {
          kind: 'nullSafeEqual',
          left: operand,
          right: { kind: 'literal', type: 'boolean', value },
        };
        return negated ? { kind: 'not', operand: test } : test;
      }
      if (this.acceptKeyword('DISTINCT')) {
        this.expectKeyword('FROM', 'after IS [NOT] DISTINCT');
        const right = this.parseValue();
        const same: Expression = { kind: 'nullSafeEqual', left: operand, right };
        return negated ? same : { kind: 'not', operand: same };
      }
      this.fail(`expected NULL, TRUE, FALSE or DISTINCT FROM after IS${negated ? ' NOT' : ''}`);
    }
    const negated =
      this.isKeyword('NOT') && ['BETWEEN', 'IN', 'LIKE'].some((w) => this.isKeyword(w, 1));
    if (negated) this.index++;
    let predicate: Expression | undefined;
    if (this.acceptKeyword('BETWEEN')) {
      const lower = this.parseValue();
      this.expectKeyword('AND', 'between the bounds of BETWEEN');
      const upper = this.parseValue();
      predicate = {
        kind: 'and',
        operands: [
          { kind: 'comparison', operator: '>=', left: operand, right: lower },
          { kind: 'comparison', operator: '<=', left: operand, right: upper },
        ],
      };
    } else if (this.acceptKeyword('IN')) {
      this.expectOperator('(', 'after IN');
      const list: Expression[] = [];
      if (!this.isOperator(')')) {
        do list.push(this.parseValue());
        while (this.acceptOperator(','));
      }
      this.expectOperator(')', 'to close the IN list');
      predicate = { kind: 'in', operand, list };
    } else if (this.acceptKeyword('LIKE')) {
      const pattern = this.parseValue();
      let escapeCharacter: string | undefined;
      if (this.acceptKeyword('ESCAPE')) {
        const token = this.next();
        if (token.kind !== 'string' || [...token.text].length !== 1)
          this.fail('expected a one-character string after ESCAPE', token);
        escapeCharacter = token.text;
      }
      predicate =
        escapeCharacter === undefined
          ? { kind: 'like', operand, pattern }
          : { kind: 'like', operand, pattern, escape: escapeCharacter };
    }
    if (!predicate) return operand;
    return negated ? { kind: 'not', operand: predicate } : predicate;
  }

  /** An operand of BETWEEN, IN, LIKE: a comparison-level expression, required. */
  private parseValue(): Expression {
    return this.parseComparison();
  }

  private parseComparison(): Expression {
    let left = this.parseAdditive();
    while (this.token.kind === 'operator' && this.token.text in COMPARISONS) {
      const operator = COMPARISONS[this.next().text]!;
      const right = this.parseAdditive();
      left =
        operator === '<=>'
          ? { kind: 'nullSafeEqual', left, right }
          : { kind: 'comparison', operator, left, right };
    }
    return left;
  }

  private parseAdditive(): Expression {
    let left = this.parseMultiplicative();
    while (true) {
      if (this.isOperator('||'))
        this.fail('string concatenation (||) is not supported; expected an operator');
      if (!this.isOperator('+') && !this.isOperator('-')) return left;
      const operator = this.next().text as ArithmeticOperator;
      left = { kind: 'arithmetic', operator, left, right: this.parseMultiplicative() };
    }
  }

  private parseMultiplicative(): Expression {
    let left = this.parseUnary();
    while (this.isOperator('*') || this.isOperator('/') || this.isOperator('%')) {
      const operator = this.next().text as ArithmeticOperator;
      left = { kind: 'arithmetic', operator, left, right: this.parseUnary() };
    }
    return left;
  }

  private parseUnary(): Expression {
    if (this.acceptOperator('-')) {
      if (this.token.kind === 'number') return this.numberLiteral(this.next(), true);
      return { kind: 'negate', operand: this.parseUnary() };
    }
    if (this.acceptOperator('+')) return this.parseUnary();
    return this.parsePrimary();
  }

  private parsePrimary(): Expression {
    const token = this.token;
    switch (token.kind) {
      case 'number':
        this.index++;
        return this.numberLiteral(token, false);
      case 'string':
        this.index++;
        return { kind: 'literal', type: 'string', value: token.text };
      case 'quoted':
        return this.columnPath();
      case 'operator':
        if (this.acceptOperator('(')) {
          const inner = this.parseOr();
          this.expectOperator(
            ')',
            'to close a parenthesis',
            ` (the '(' is at position ${token.start + 1})`,
          );
          return inner;
        }
        return this.fail(
          this.index === 0 ? 'expected a value' : `expected a value ${this.after()}`,
        );
      case 'end':
        return this.fail(
          this.index === 0 ? 'expected a value' : `expected a value ${this.after()}`,
        );
      case 'identifier':
        return this.identifierExpression(token);
    }
  }

  private identifierExpression(token: Token): Expression {
    const word = token.text.toUpperCase();
    const following = this.tokens[this.index + 1]!;
    switch (word) {
      case 'TRUE':
      case 'FALSE':
        this.index++;
        return { kind: 'literal', type: 'boolean', value: word === 'TRUE' };
      case 'NULL':
        this.index++;
        return { kind: 'literal', type: 'void', value: null };
      case 'CASE':
        this.index++;
        return this.caseExpression(token);
      case 'CAST':
        this.index++;
        return this.castExpression();
    }
    if (following.kind === 'string') {
      switch (word) {
        case 'DATE':
        case 'TIMESTAMP':
        case 'TIMESTAMP_LTZ':
        case 'TIMESTAMP_NTZ':
        case 'X':
          this.index += 2;
          return this.typedLiteral(word, following);
      }
    }
    if (word === 'INTERVAL') this.fail('INTERVAL literals are not supported; expected a value');
    if (RESERVED.has(word))
      this.fail(this.index === 0 ? 'expected a value' : `expected a value ${this.after()}`);
    if (following.kind === 'operator' && following.text === '(') {
      const name = FUNCTIONS[token.text.toLowerCase()];
      if (!name)
        throw syntaxError(
          `unknown function ${token.text}; the functions are ${Object.keys(FUNCTIONS).join(', ')}`,
          token.start,
        );
      this.index += 2;
      const args: Expression[] = [];
      if (!this.isOperator(')')) {
        do args.push(this.parseOr());
        while (this.acceptOperator(','));
      }
      this.expectOperator(')', `to close the arguments of ${token.text}`);
      return { kind: 'function', name, arguments: args };
    }
    return this.columnPath();
  }

  private columnPath(): Expression {
    const path: string[] = [];
    while (true) {
      const token = this.token;
      if (token.kind === 'quoted') path.push(token.text);
      else if (
        token.kind === 'identifier' &&
        (path.length > 0 || !RESERVED.has(token.text.toUpperCase()))
      )
        path.push(token.text);
      else this.fail(`expected a field name ${this.after()}`);
      this.index++;
      if (!this.isOperator('.')) return { kind: 'column', path };
      this.index++;
    }
  }

  private caseExpression(start: Token): Expression {
    const subject = this.isKeyword('WHEN') ? undefined : this.parseOr();
    const branches: CaseBranch[] = [];
    while (this.acceptKeyword('WHEN')) {
      const value = this.parseOr();
      this.expectKeyword('THEN', 'after the WHEN condition');
      const result = this.parseOr();
      branches.push({
        when: subject ? { kind: 'comparison', operator: '=', left: subject, right: value } : value,
        result,
      });
    }
    if (branches.length === 0) this.fail('expected WHEN in CASE');
    const otherwise = this.acceptKeyword('ELSE') ? this.parseOr() : undefined;
    if (!this.acceptKeyword('END'))
      this.fail(
        'expected END to close CASE',
        this.token,
        ` (CASE is at position ${start.start + 1})`,
      );
    return otherwise === undefined
      ? { kind: 'case', branches }
      : { kind: 'case', branches, otherwise };
  }

  private castExpression(): Expression {
    this.expectOperator('(', 'after CAST');
    const operand = this.parseOr();
    this.expectKeyword('AS', 'in CAST(… AS type)');
    const type = this.parseType();
    this.expectOperator(')', 'to close CAST');
    // A NULL of a type is a typed NULL literal (how formatExpression writes one).
    if (operand.kind === 'literal' && operand.value === null)
      return { kind: 'literal', type, value: null };
    return { kind: 'cast', operand, type };
  }

  private parseType(): CastType {
    const token = this.next();
    if (token.kind !== 'identifier') this.fail('expected a type name', token);
    const word = token.text.toUpperCase();
    const simple: Record<string, CastType> = {
      BOOLEAN: 'boolean',
      TINYINT: 'byte',
      BYTE: 'byte',
      SMALLINT: 'short',
      SHORT: 'short',
      INT: 'integer',
      INTEGER: 'integer',
      BIGINT: 'long',
      LONG: 'long',
      FLOAT: 'float',
      REAL: 'float',
      DOUBLE: 'double',
      STRING: 'string',
      BINARY: 'binary',
      DATE: 'date',
      TIMESTAMP: 'timestamp',
      TIMESTAMP_LTZ: 'timestamp',
      TIMESTAMP_NTZ: 'timestamp_ntz',
    };
    if (simple[word]) return simple[word];
    if (word === 'VARCHAR' || word === 'CHAR') {
      this.expectOperator('(', `after ${word}`);
      const length = this.next();
      if (length.kind !== 'number' || !/^\d+$/.test(length.text))
        this.fail(`expected the length of ${word}`, length);
      this.expectOperator(')', `to close ${word}(n)`);
      return 'string';
    }
    if (word === 'DECIMAL' || word === 'DEC' || word === 'NUMERIC') {
      let precision = 10;
      let scale = 0;
      if (this.acceptOperator('(')) {
        precision = this.integer('a decimal precision');
        if (this.acceptOperator(',')) scale = this.integer('a decimal scale');
        this.expectOperator(')', 'to close DECIMAL(p, s)');
      }
      if (precision < 1 || precision > MAX_DECIMAL_PRECISION || scale > precision)
        throw syntaxError(
          `DECIMAL(${precision}, ${scale}) is not a decimal type (1 <= precision <= 38, scale <= precision)`,
          token.start,
        );
      return `decimal(${precision},${scale})`;
    }
    return this.fail(
      'expected a type (BOOLEAN, TINYINT, SMALLINT, INT, BIGINT, FLOAT, DOUBLE, DECIMAL(p,s), STRING, BINARY, DATE, TIMESTAMP, TIMESTAMP_NTZ)',
      token,
    );
  }

  private integer(what: string): number {
    const token = this.next();
    if (token.kind !== 'number' || !/^\d+$/.test(token.text)) this.fail(`expected ${what}`, token);
    return Number(token.text);
  }

  private typedLiteral(word: string, token: Token): LiteralExpression {
    const value = token.text;
    const invalid = (what: string) => syntaxError(`'${value}' is not a valid ${what}`, token.start);
    switch (word) {
      case 'DATE': {
        const days = parseDateText(value);
        if (days === undefined) throw invalid('date (YYYY-MM-DD)');
        return { kind: 'literal', type: 'date', value: days };
      }
      case 'TIMESTAMP':
      case 'TIMESTAMP_LTZ':
      case 'TIMESTAMP_NTZ': {
        const ntz = word === 'TIMESTAMP_NTZ';
        const micros = parseTimestampText(value, !ntz);
        if (micros === undefined) throw invalid('timestamp (YYYY-MM-DD HH:MM:SS[.ffffff][+HH:MM])');
        return { kind: 'literal', type: ntz ? 'timestamp_ntz' : 'timestamp', value: micros };
      }
      default: {
        const hex = value.length % 2 === 1 ? `0${value}` : value;
        if (!/^[0-9a-fA-F]*$/.test(hex)) throw invalid('hexadecimal binary literal');
        const bytes = new Uint8Array(hex.length / 2);
        for (let k = 0; k < bytes.length; k++)
          bytes[k] = Number.parseInt(hex.slice(2 * k, 2 * k + 2), 16);
        return { kind: 'literal', type: 'binary', value: bytes };
      }
    }
  }

  /** A numeric literal typed as Spark types it. */
  private numberLiteral(token: Token, negative: boolean): LiteralExpression {
    const match = /^(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?(BD|[LSYDF])?$/i.exec(token.text)!;
    const [, whole = '', fraction, exponent, suffixText] = match;
    const suffix = suffixText?.toUpperCase();
    const sign = negative ? '-' : '';
    const fail = (reason: string): never => {
      throw syntaxError(`${sign}${token.text} ${reason}`, token.start);
    };
    if (suffix === 'D' || suffix === 'F' || (exponent !== undefined && suffix !== 'BD')) {
      if (suffix !== undefined && suffix !== 'D' && suffix !== 'F')
        fail('is not a valid number (an exponent makes a DOUBLE)');
      const value = Number(`${sign}${token.text.replace(/[dDfF]$/, '')}`);
      if (!Number.isFinite(value)) fail('is out of range of DOUBLE');
      return suffix === 'F'
        ? { kind: 'literal', type: 'float', value: Math.fround(value) }
        : { kind: 'literal', type: 'double', value };
    }
    if (fraction !== undefined || suffix === 'BD') {
      const scale = Math.max(0, (fraction ?? '').length - Number(exponent ?? 0));
      let digits = `${whole}${fraction ?? ''}`;
      const shift = Number(exponent ?? 0) - (fraction ?? '').length;
      if (shift > 0) digits += '0'.repeat(shift);
      const unscaled = BigInt(`${sign}${digits || '0'}`);
      const precision = Math.max(
        (unscaled < 0n ? -unscaled : unscaled).toString().replace(/^0$/, '').length,
        scale,
        1,
      );
      if (precision > MAX_DECIMAL_PRECISION)
        fail(`has ${precision} digits, more than a DECIMAL holds (38)`);
      return {
        kind: 'literal',
        type: `decimal(${precision},${scale})`,
        value: formatDecimal(unscaled, scale),
      };
    }
    const value = BigInt(`${sign}${whole}`);
    const ranges = { Y: 8, S: 16, L: 64 } as const;
    if (suffix === 'Y' || suffix === 'S' || suffix === 'L') {
      const bits = ranges[suffix];
      if (BigInt.asIntN(bits, value) !== value)
        fail(`is out of range of ${{ Y: 'TINYINT', S: 'SMALLINT', L: 'BIGINT' }[suffix]}`);
      if (suffix === 'L') return { kind: 'literal', type: 'long', value };
      return { kind: 'literal', type: suffix === 'Y' ? 'byte' : 'short', value: Number(value) };
    }
    if (BigInt.asIntN(32, value) === value)
      return { kind: 'literal', type: 'integer', value: Number(value) };
    if (BigInt.asIntN(64, value) === value) return { kind: 'literal', type: 'long', value };
    const precision = whole.replace(/^0+/, '').length;
    if (precision > MAX_DECIMAL_PRECISION)
      fail(`has ${precision} digits, more than a DECIMAL holds (38)`);
    return { kind: 'literal', type: `decimal(${precision},0)`, value: value.toString() };
  }
}

function flatten(kind: 'and' | 'or', operands: Expression[]): Expression[] {
  return operands.flatMap((operand) => (operand.kind === kind ? operand.operands : [operand]));
}
