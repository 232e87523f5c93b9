/**
 * Conversions from text (CSV fields, JSON map keys) and from decoded JSON values to the values
 * that {@link createColumnBuilder} takes, exactly: 64-bit integers and decimals never pass
 * through a float, because JSON is decoded with lossless-json, which keeps each number's text.
 */
import {
  isLosslessNumber,
  parse as parseLosslessJson,
  stringify as stringifyLosslessJson,
} from 'lossless-json';
import { parseDecimal, toDaysSinceEpoch, toMicrosSinceEpoch } from '../arrow/values.js';
import { UnsupportedType } from '../errors/schema-error.js';
import {
  type DeltaType,
  decimalParts,
  type StructField,
  type StructType,
  typeToDdl,
} from '../types/delta-type.js';

/** A value does not fit its type; readers turn it into a MalformedRecord or a rescued field. */
export class ValueError extends Error {}

const integerBounds: Record<string, readonly [bigint, bigint]> = {
  byte: [-(2n ** 7n), 2n ** 7n - 1n],
  short: [-(2n ** 15n), 2n ** 15n - 1n],
  integer: [-(2n ** 31n), 2n ** 31n - 1n],
  long: [-(2n ** 63n), 2n ** 63n - 1n],
};

const integerPattern = /^[+-]?\d+$/;
const floatPattern = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
// Spark accepts its own spellings (NaN, Inf, -Inf) as well as JavaScript's (Infinity).
const specialFloats: Record<string, number> = {
  nan: Number.NaN,
  '+nan': Number.NaN,
  '-nan': Number.NaN,
  inf: Number.POSITIVE_INFINITY,
  '+inf': Number.POSITIVE_INFINITY,
  infinity: Number.POSITIVE_INFINITY,
  '+infinity': Number.POSITIVE_INFINITY,
  '-inf': Number.NEGATIVE_INFINITY,
  '-infinity': Number.NEGATIVE_INFINITY,
};
const base64Pattern =
  /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2,3})?$/;
const encoder = new TextEncoder();

/** A short quoted form of `text` for messages; a long field would drown the message. */
export function quoteForMessage(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);
}

function parseInteger(text: string, type: string): number | bigint {
  const trimmed = text.trim();
  if (!integerPattern.test(trimmed))
    throw new ValueError(`${quoteForMessage(text)} is not an integer`);
  // Up to 15 digits is exact as a number, and the column builder takes a safe integer for a long.
  const value = trimmed.length <= 15 ? Number(trimmed) : BigInt(trimmed);
  const [min, max] = integerBounds[type]!;
  if (value < min || value > max) {
    throw new ValueError(
      `${trimmed} is outside the range of ${typeToDdl(type as DeltaType)} [${min}, ${max}]`,
    );
  }
  return typeof value === 'bigint' && type !== 'long' ? Number(value) : value;
}

function parseFloatText(text: string): number {
  const trimmed = text.trim();
  if (floatPattern.test(trimmed)) return Number(trimmed);
  const special = specialFloats[trimmed.toLowerCase()];
  if (special === undefined) throw new ValueError(`${quoteForMessage(text)} is not a number`);
  return special;
}

function parseBoolean(text: string): boolean {
  const lower = text.trim().toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  throw new ValueError(`${quoteForMessage(text)} is not a boolean (true or false)`);
}

/** Runs one of values.ts' conversions, which report bad input with RangeError or TypeError. */
function converting<T>(convert: () => T): T {
  try {
    return convert();
  } catch (error) {
    if (error instanceof RangeError || error instanceof TypeError)
      throw new ValueError(error.message);
    throw error;
  }
}

function decodeBase64(text: string): Uint8Array {
  if (!base64Pattern.test(text)) throw new ValueError(`${quoteForMessage(text)} is not base64`);
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let k = 0; k < binary.length; k++) bytes[k] = binary.charCodeAt(k);
  return bytes;
}

/**
 * The value of a text field of `type`: a CSV field or a JSON object key used as a map key.
 * Whitespace around numbers, booleans, dates and timestamps is ignored; strings are kept as they
 * are; binary is the UTF-8 bytes of the text (as Spark reads binary from text); nested types are
 * JSON text (see {@link convertJsonValue}).
 */
export function parseTextValue(text: string, type: DeltaType): unknown {
  if (typeof type !== 'string') return convertJsonValue(parseJsonText(text), type, '');
  switch (type) {
    case 'variant':
      throw variantUnsupported();
    case 'string':
      return text;
    case 'binary':
      return encoder.encode(text);
    case 'boolean':
      return parseBoolean(text);
    case 'byte':
    case 'short':
    case 'integer':
    case 'long':
      return parseInteger(text, type);
    case 'float':
    case 'double':
      return parseFloatText(text);
    case 'date':
      return converting(() => toDaysSinceEpoch(text.trim()));
    case 'timestamp':
    case 'timestamp_ntz':
      return converting(() => toMicrosSinceEpoch(text.trim(), type === 'timestamp'));
    default: {
      const decimal = decimalParts(type)!;
      return converting(() => parseDecimal(text.trim(), decimal.precision, decimal.scale));
    }
  }
}

/**
 * Decodes JSON text keeping every number as a lossless-json `LosslessNumber` (its source text).
 *
 * @throws {ValueError} for text that is not JSON.
 */
export function parseJsonText(text: string): unknown {
  try {
    return parseLosslessJson(text);
  } catch (error) {
    throw new ValueError(`invalid JSON: ${(error as Error).message}`);
  }
}

/** The text a JSON value stands for: a string itself, any other value its JSON text (as Spark reads them into strings). */
export function jsonValueText(value: unknown): string {
  return typeof value === 'string' ? value : (stringifyLosslessJson(value) ?? 'null');
}

function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (isLosslessNumber(value)) return `the number ${value.value}`;
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the string ${quoteForMessage(value)}`;
  return `${typeof value} ${String(value)}`;
}

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !isLosslessNumber(value)
  );
}

function mismatch(expected: string, type: DeltaType, value: unknown, path: string): ValueError {
  const where = path === '' ? '' : `at ${path}: `;
  return new ValueError(
    `${where}expected ${expected} for ${typeToDdl(type)}, got ${describeJson(value)}`,
  );
}

function within(path: string, error: unknown): unknown {
  return error instanceof ValueError && path !== '' && !error.message.startsWith('at ')
    ? new ValueError(`at ${path}: ${error.message}`)
    : error;
}

/** Field lookup by exact name first, then case-insensitively, as Delta names are case-insensitive. */
export class FieldLookup {
  private readonly exact = new Map<string, number>();
  private readonly folded = new Map<string, number>();
  constructor(readonly fields: readonly StructField[]) {
    fields.forEach((f, index) => {
      this.exact.set(f.name, index);
      this.folded.set(f.name.toLowerCase(), index);
    });
  }
  /** The index of the field named `name`, or undefined. */
  find(name: string): number | undefined {
    return this.exact.get(name) ?? this.folded.get(name.toLowerCase());
  }
}

const lookups = new WeakMap<StructType, FieldLookup>();

/** A cached {@link FieldLookup} of a struct type. */
export function lookupOf(type: StructType): FieldLookup {
  let lookup = lookups.get(type);
  if (!lookup) {
    lookup = new FieldLookup(type.fields);
    lookups.set(type, lookup);
  }
  return lookup;
}

function convertJsonPrimitive(value: unknown, type: DeltaType & string, path: string): unknown {
  switch (type) {
    case 'boolean':
      if (typeof value === 'boolean') return value;
      throw mismatch('true or false', type, value, path);
    case 'byte':
    case 'short':
    case 'integer':
    case 'long':
      if (isLosslessNumber(value)) return parseInteger(value.value, type);
      throw mismatch('an integer', type, value, path);
    case 'float':
    case 'double':
      if (isLosslessNumber(value)) return Number(value.value);
      // Non-finite floats cannot be JSON numbers; Silt's own JSON writes them as these strings.
      if (typeof value === 'string' && specialFloats[value.trim().toLowerCase()] !== undefined) {
        return specialFloats[value.trim().toLowerCase()];
      }
      throw mismatch('a number (or "NaN", "Infinity", "-Infinity")', type, value, path);
    case 'variant':
      throw variantUnsupported();
    case 'string':
      return jsonValueText(value);
    case 'binary':
      if (typeof value === 'string') return decodeBase64(value);
      throw mismatch('a base64 string', type, value, path);
    case 'date':
      if (typeof value === 'string') return converting(() => toDaysSinceEpoch(value.trim()));
      throw mismatch('a "YYYY-MM-DD" string', type, value, path);
    case 'timestamp':
    case 'timestamp_ntz':
      if (typeof value === 'string')
        return converting(() => toMicrosSinceEpoch(value.trim(), type === 'timestamp'));
      throw mismatch('an ISO 8601 string', type, value, path);
    default: {
      const decimal = decimalParts(type)!;
      if (isLosslessNumber(value) || typeof value === 'string') {
        const text = typeof value === 'string' ? value : value.value;
        return converting(() => parseDecimal(text.trim(), decimal.precision, decimal.scale));
      }
      throw mismatch('a number or a decimal string', type, value, path);
    }
  }
}

/**
 * The column-builder value of a JSON value (as decoded by {@link parseJsonText}) of `type`.
 * `null` stays null; nested nullability (`NOT NULL` struct fields, `containsNull`,
 * `valueContainsNull`) is checked here, top-level nullability by the caller.
 *
 * Forms: booleans; integers as JSON integers (exact, range-checked); floats as numbers or
 * `"NaN"`/`"Infinity"`/`"-Infinity"`; decimals as numbers or strings (exact); strings as strings
 * (another JSON value becomes its JSON text, as in Spark); binary as base64; dates as
 * `"YYYY-MM-DD"`; timestamps as ISO 8601 strings only; structs as objects (keys matched exactly,
 * then case-insensitively; an unknown key is an error); arrays as arrays; maps as objects (keys
 * parsed as text of the key type) or as `[[key, value], …]` pairs, the form Silt's JSON writes.
 *
 * @throws {ValueError} when the value does not fit the type.
 */
export function convertJsonValue(value: unknown, type: DeltaType, path: string): unknown {
  if (value === null || value === undefined) return null;
  if (typeof type === 'string') {
    try {
      return convertJsonPrimitive(value, type, path);
    } catch (error) {
      throw within(path, error);
    }
  }
  switch (type.type) {
    case 'struct': {
      if (!isJsonObject(value)) throw mismatch('an object', type, value, path);
      const lookup = lookupOf(type);
      // A null prototype, so that a field named __proto__ is an ordinary property.
      const record: Record<string, unknown> = Object.create(null);
      for (const [key, item] of Object.entries(value)) {
        const index = lookup.find(key);
        const childPath = path === '' ? key : `${path}.${key}`;
        if (index === undefined)
          throw new ValueError(`at ${childPath}: the field is not in the schema`);
        const f = type.fields[index]!;
        if (f.name in record)
          throw new ValueError(`at ${childPath}: the field ${f.name} is given twice`);
        record[f.name] = convertJsonValue(item, f.type, childPath);
      }
      for (const f of type.fields) {
        if (!f.nullable && (record[f.name] === null || record[f.name] === undefined)) {
          throw new ValueError(
            `at ${path === '' ? f.name : `${path}.${f.name}`}: null in a NOT NULL field`,
          );
        }
      }
      return record;
    }
    case 'array': {
      if (!Array.isArray(value)) throw mismatch('an array', type, value, path);
      return value.map((item, index) => {
        const converted = convertJsonValue(item, type.elementType, `${path}[${index}]`);
        if (converted === null && !type.containsNull) {
          throw new ValueError(`at ${path}[${index}]: null in an array that cannot contain nulls`);
        }
        return converted;
      });
    }
    case 'map': {
      // Each entry keeps the key's source text, for messages.
      let entries: { key: unknown; item: unknown; label: string }[];
      if (isJsonObject(value)) {
        if (typeof type.keyType !== 'string') {
          const where = path === '' ? '' : `at ${path}: `;
          throw new ValueError(
            `${where}a map with ${typeToDdl(type.keyType)} keys must be written as [[key, value], …] pairs`,
          );
        }
        const keyType = type.keyType;
        entries = Object.entries(value).map(([text, item]) => {
          const label = `${path}[${JSON.stringify(text)}]`;
          try {
            return { key: parseTextValue(text, keyType), item, label };
          } catch (error) {
            throw within(label, error);
          }
        });
      } else if (
        Array.isArray(value) &&
        value.every((pair) => Array.isArray(pair) && pair.length === 2)
      ) {
        entries = (value as [unknown, unknown][]).map(([key, item], index) => {
          const converted = convertJsonValue(key, type.keyType, `${path}[${index}][0]`);
          if (converted === null)
            throw new ValueError(`at ${path}[${index}][0]: a map key cannot be null`);
          return { key: converted, item, label: `${path}[${index}][1]` };
        });
      } else throw mismatch('an object or [[key, value], …] pairs', type, value, path);
      return entries.map(({ key, item, label }) => {
        const converted = convertJsonValue(item, type.valueType, label);
        if (converted === null && !type.valueContainsNull) {
          throw new ValueError(`at ${label}: null in a map whose values cannot be null`);
        }
        return [key, converted];
      });
    }
  }
}

/** Variants have a binary encoding of their own; text formats do not carry it. */
function variantUnsupported(): UnsupportedType {
  return new UnsupportedType({
    type: 'variant',
    context: 'in CSV or JSON lines (declare the column as STRING, or write variants from Parquet)',
  });
}
