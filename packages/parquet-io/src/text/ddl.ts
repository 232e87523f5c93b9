import { InvalidSchema } from '../errors/schema-error.js';
import {
  type DeltaType,
  decimalType,
  MAX_DECIMAL_PRECISION,
  type StructField,
  type StructType,
} from '../types/delta-type.js';
import { parseSchemaJson } from '../types/schema-json.js';

type TokenKind = 'word' | 'number' | 'quoted-name' | 'string' | 'symbol' | 'end';

interface Token {
  kind: TokenKind;
  /** The identifier, digits, unescaped string or symbol character. */
  text: string;
  /** 0-based character offset of the token in the DDL text. */
  position: number;
}

const symbols = new Set(['<', '>', '(', ')', ',', ':']);

/** Spark's type keywords; the value is the Delta type, or a marker for types that take arguments. */
const simpleTypes: Record<string, DeltaType> = {
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
const decimalKeywords = new Set(['DECIMAL', 'DEC', 'NUMERIC']);
const lengthStringKeywords = new Set(['VARCHAR', 'CHAR', 'CHARACTER']);
const knownButUnsupported = new Set([
  'INTERVAL',
  'VOID',
  'VARIANT',
  'OBJECT',
  'GEOMETRY',
  'GEOGRAPHY',
]);

/** Spark's string-literal escapes; any other escaped character stands for itself, as in Spark. */
const stringEscapes: Record<string, string> = {
  '0': '\0',
  b: '\b',
  n: '\n',
  r: '\r',
  t: '\t',
  Z: '\x1a',
};

function describeToken(token: Token): string {
  switch (token.kind) {
    case 'end':
      return 'the end of the text';
    case 'string':
      return `the string '${token.text}'`;
    case 'quoted-name':
      return `\`${token.text}\``;
    default:
      return `"${token.text}"`;
  }
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < text.length) {
    const char = text[at]!;
    if (/\s/.test(char)) {
      at++;
      continue;
    }
    const start = at;
    if (/[A-Za-z0-9_]/.test(char)) {
      while (at < text.length && /[A-Za-z0-9_]/.test(text[at]!)) at++;
      const word = text.slice(start, at);
      tokens.push({ kind: /^\d+$/.test(word) ? 'number' : 'word', text: word, position: start });
      continue;
    }
    if (char === '`') {
      // A backtick inside a quoted name is written twice, as in Spark.
      let name = '';
      at++;
      for (;;) {
        if (at >= text.length) {
          throw new InvalidSchema({ reason: 'a `quoted name` is not closed', position: start });
        }
        if (text[at] === '`') {
          if (text[at + 1] === '`') {
            name += '`';
            at += 2;
            continue;
          }
          at++;
          break;
        }
        name += text[at];
        at++;
      }
      tokens.push({ kind: 'quoted-name', text: name, position: start });
      continue;
    }
    if (char === "'" || char === '"') {
      let value = '';
      at++;
      for (;;) {
        if (at >= text.length) {
          throw new InvalidSchema({ reason: 'a string literal is not closed', position: start });
        }
        const next = text[at]!;
        if (next === char) {
          at++;
          break;
        }
        if (next === '\\' && at + 1 < text.length) {
          const escaped = text[at + 1]!;
          if (escaped === 'u' && /^[0-9A-Fa-f]{4}$/.test(text.slice(at + 2, at + 6))) {
            value += String.fromCharCode(Number.parseInt(text.slice(at + 2, at + 6), 16));
            at += 6;
            continue;
          }
          value += stringEscapes[escaped] ?? escaped;
          at += 2;
          continue;
        }
        value += next;
        at++;
      }
      tokens.push({ kind: 'string', text: value, position: start });
      continue;
    }
    if (symbols.has(char)) {
      tokens.push({ kind: 'symbol', text: char, position: start });
      at++;
      continue;
    }
    throw new InvalidSchema({ reason: `unexpected character "${char}"`, position: start });
  }
  tokens.push({ kind: 'end', text: '', position: text.length });
  return tokens;
}

class DdlParser {
  private index = 0;
  constructor(private readonly tokens: Token[]) {}

  private get current(): Token {
    return this.tokens[this.index]!;
  }

  private peek(offset: number): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)]!;
  }

  private fail(expected: string, token: Token = this.current): never {
    throw new InvalidSchema({
      reason: `expected ${expected}, found ${describeToken(token)}`,
      position: token.position,
    });
  }

  private isSymbol(symbol: string): boolean {
    return this.current.kind === 'symbol' && this.current.text === symbol;
  }

  private isKeyword(keyword: string): boolean {
    return this.current.kind === 'word' && this.current.text.toUpperCase() === keyword;
  }

  /** Consumes `symbol` when it is next. */
  private acceptSymbol(symbol: string): boolean {
    if (!this.isSymbol(symbol)) return false;
    this.index++;
    return true;
  }

  private expectSymbol(symbol: string, expected = `"${symbol}"`): Token {
    if (!this.isSymbol(symbol)) this.fail(expected);
    return this.tokens[this.index++]!;
  }

  private expectKeyword(keyword: string): void {
    if (!this.isKeyword(keyword)) this.fail(keyword);
    this.index++;
  }

  /** `STRUCT<...>` as a whole schema, which Spark's `DataType.fromDDL` also accepts. */
  parseSchema(): StructType {
    const wrapped =
      this.isKeyword('STRUCT') && this.peek(1).kind === 'symbol' && this.peek(1).text === '<';
    const schema = wrapped ? this.parseStructType() : this.parseColumnList();
    if (this.current.kind !== 'end')
      this.fail(wrapped ? 'the end of the schema' : '"," or the end of the schema');
    return schema;
  }

  private parseColumnList(): StructType {
    const fields: StructField[] = [];
    const seen = new Set<string>();
    do {
      fields.push(this.parseField(seen, 'a column name'));
    } while (this.acceptSymbol(','));
    return { type: 'struct', fields };
  }

  /** Spark wants `name TYPE` for columns and allows `name: TYPE` in structs; both are accepted everywhere. */
  private parseField(seen: Set<string>, what: string): StructField {
    const nameToken = this.current;
    if (nameToken.kind !== 'word' && nameToken.kind !== 'quoted-name') this.fail(what);
    this.index++;
    const lower = nameToken.text.toLowerCase();
    if (seen.has(lower)) {
      throw new InvalidSchema({
        reason: `duplicate field "${nameToken.text}" (names are case-insensitive)`,
        position: nameToken.position,
      });
    }
    seen.add(lower);
    this.acceptSymbol(':');
    const type = this.parseType();
    let nullable = true;
    const metadata: Record<string, unknown> = {};
    for (;;) {
      if (this.isKeyword('NOT')) {
        this.index++;
        this.expectKeyword('NULL');
        nullable = false;
      } else if (this.isKeyword('COMMENT')) {
        this.index++;
        if (this.current.kind !== 'string') this.fail("a comment string ('text')");
        metadata.comment = this.current.text;
        this.index++;
      } else break;
    }
    return { name: nameToken.text, type, nullable, metadata };
  }

  private parseType(): DeltaType {
    const token = this.current;
    if (token.kind !== 'word') this.fail('a type (INT, STRING, DECIMAL(10,2), ARRAY<…>…)');
    const keyword = token.text.toUpperCase();
    this.index++;
    const simple = simpleTypes[keyword];
    if (simple !== undefined) return simple;
    if (decimalKeywords.has(keyword)) return this.parseDecimalArguments();
    if (lengthStringKeywords.has(keyword)) {
      // Spark keeps the length only as a write-time check; the stored type is a string.
      this.expectSymbol('(');
      if (this.current.kind !== 'number') this.fail('a length');
      this.index++;
      this.expectSymbol(')');
      return 'string';
    }
    switch (keyword) {
      case 'ARRAY': {
        this.expectSymbol('<');
        const elementType = this.parseType();
        this.expectSymbol('>', '">" to close ARRAY<');
        return { type: 'array', elementType, containsNull: true };
      }
      case 'MAP': {
        this.expectSymbol('<');
        const keyType = this.parseType();
        this.expectSymbol(',', '"," between the key and value types of MAP<');
        const valueType = this.parseType();
        this.expectSymbol('>', '">" to close MAP<');
        return { type: 'map', keyType, valueType, valueContainsNull: true };
      }
      case 'STRUCT':
        this.index--;
        return this.parseStructType();
    }
    if (knownButUnsupported.has(keyword)) {
      throw new InvalidSchema({
        reason: `the type ${keyword} is not supported by Delta tables in Silt`,
        position: token.position,
      });
    }
    throw new InvalidSchema({ reason: `unknown type "${token.text}"`, position: token.position });
  }

  private parseStructType(): StructType {
    this.index++;
    this.expectSymbol('<');
    const fields: StructField[] = [];
    const seen = new Set<string>();
    if (!this.isSymbol('>')) {
      do {
        fields.push(this.parseField(seen, 'a field name'));
      } while (this.acceptSymbol(','));
    }
    this.expectSymbol('>', '"," or ">" to close STRUCT<');
    return { type: 'struct', fields };
  }

  private parseDecimalArguments(): DeltaType {
    if (!this.isSymbol('(')) return decimalType(10, 0);
    this.index++;
    const precisionToken = this.current;
    if (precisionToken.kind !== 'number') this.fail('a precision');
    this.index++;
    let scaleToken: Token | undefined;
    if (this.isSymbol(',')) {
      this.index++;
      scaleToken = this.current;
      if (scaleToken.kind !== 'number') this.fail('a scale');
      this.index++;
    }
    this.expectSymbol(')', scaleToken ? '")"' : '"," or ")"');
    const precision = Number(precisionToken.text);
    const scale = scaleToken ? Number(scaleToken.text) : 0;
    if (precision < 1 || precision > MAX_DECIMAL_PRECISION) {
      throw new InvalidSchema({
        reason: `decimal precision ${precision} is outside 1..${MAX_DECIMAL_PRECISION}`,
        position: precisionToken.position,
      });
    }
    if (scaleToken && scale > precision) {
      throw new InvalidSchema({
        reason: `decimal scale ${scale} is larger than the precision ${precision}`,
        position: scaleToken.position,
      });
    }
    return decimalType(precision, scale);
  }
}

/**
 * Parses a Spark-style DDL column list into a Delta schema. Type names are case-insensitive and
 * Spark's aliases are accepted (`TINYINT`/`BYTE`, `SMALLINT`/`SHORT`, `INT`/`INTEGER`,
 * `BIGINT`/`LONG`, `FLOAT`/`REAL`, `DECIMAL`/`DEC`/`NUMERIC` — `(10,0)` when written bare —,
 * `VARCHAR(n)`/`CHAR(n)` as `string`, `TIMESTAMP_LTZ` as `timestamp`). Names may be quoted with
 * backticks (a backtick inside is doubled). `NOT NULL` makes a field required and
 * `COMMENT 'text'` goes to the field metadata as `{ comment: text }`. Struct fields are written
 * `name: TYPE` or `name TYPE`. A whole `STRUCT<…>` is accepted as well.
 *
 * Arrays and map values are always nullable: DDL has no syntax for `containsNull`.
 *
 * @example
 * ```ts
 * import { parseDdl } from '@silt/parquet-io';
 * const schema = parseDdl('id BIGINT NOT NULL, price DECIMAL(10,2), tags ARRAY<STRING>, addr STRUCT<city: STRING, zip: INT>');
 * schema.fields[1].type; // 'decimal(10,2)'
 * ```
 *
 * @throws {InvalidSchema} with `position` (0-based character offset) and what was expected there,
 * for a syntax error, an unknown type, a bad decimal precision or scale, or a duplicate name
 * (names are case-insensitive, as in Delta).
 */
export function parseDdl(text: string): StructType {
  return new DdlParser(tokenize(text)).parseSchema();
}

/**
 * Parses a schema written either as DDL (see {@link parseDdl}) or as Delta schema JSON (text
 * that starts with `{`, see {@link parseSchemaJson}).
 *
 * @example
 * ```ts
 * import { parseSchema } from '@silt/parquet-io';
 * parseSchema('id INT, name STRING');
 * parseSchema('{"type":"struct","fields":[{"name":"id","type":"integer","nullable":true,"metadata":{}}]}');
 * ```
 *
 * @throws {InvalidSchema} when the text is neither valid DDL nor a valid Delta schema JSON struct.
 */
export function parseSchema(text: string): StructType {
  return text.trimStart().startsWith('{') ? parseSchemaJson(text) : parseDdl(text);
}
