import { CorruptLog } from './errors/corrupt-log.js';

/** Where an action was read from, for error messages. */
export interface ActionLocation {
  /** The log file, relative to the table root. */
  file: string;
  /** The 1-based line of a commit file, or row of a checkpoint. */
  line?: number;
}

type JsonObject = Record<string, unknown>;

/**
 * Reads the fields of one decoded action object and checks their types. A missing or mistyped
 * required field throws {@link CorruptLog} naming the file, line, action and field; `null` counts
 * as missing, because checkpoints store absent fields as nulls.
 */
export class ActionFields {
  constructor(
    private readonly object: JsonObject,
    private readonly action: string,
    private readonly location: ActionLocation,
  ) {}

  /** The raw value of a field; `undefined` when absent or null. */
  raw(key: string): unknown {
    const value = this.object[key];
    return value === null ? undefined : value;
  }

  /** The object's fields without nulls, as written (free-form actions such as commitInfo). */
  toObject(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(this.object))
      if (value !== null && value !== undefined) out[key] = value;
    return out;
  }

  requiredString(key: string): string {
    const value = this.raw(key);
    if (typeof value !== 'string') throw this.invalid(key, 'a string', value);
    return value;
  }

  optionalString(key: string): string | undefined {
    const value = this.raw(key);
    if (value === undefined) return undefined;
    if (typeof value !== 'string') throw this.invalid(key, 'a string', value);
    return value;
  }

  requiredInteger(key: string): number {
    const value = this.optionalInteger(key);
    if (value === undefined) throw this.invalid(key, 'an integer', undefined);
    return value;
  }

  optionalInteger(key: string): number | undefined {
    const value = this.raw(key);
    if (value === undefined) return undefined;
    if (typeof value === 'bigint') {
      if (value < BigInt(Number.MIN_SAFE_INTEGER) || value > BigInt(Number.MAX_SAFE_INTEGER)) {
        throw this.invalid(key, 'an integer within ±2^53', value);
      }
      return Number(value);
    }
    if (typeof value !== 'number' || !Number.isInteger(value))
      throw this.invalid(key, 'an integer', value);
    return value;
  }

  requiredBoolean(key: string): boolean {
    const value = this.optionalBoolean(key);
    if (value === undefined) throw this.invalid(key, 'a boolean', undefined);
    return value;
  }

  optionalBoolean(key: string): boolean | undefined {
    const value = this.raw(key);
    if (value === undefined) return undefined;
    if (typeof value !== 'boolean') throw this.invalid(key, 'a boolean', value);
    return value;
  }

  /** A map of strings whose values may be null (partition values: null is the null partition). */
  nullableStringMap(key: string, required: boolean): Record<string, string | null> | undefined {
    const value = this.raw(key);
    if (value === undefined) {
      if (required) throw this.invalid(key, 'a map of strings', undefined);
      return undefined;
    }
    if (!isObject(value)) throw this.invalid(key, 'a map of strings', value);
    for (const [entryKey, entry] of Object.entries(value)) {
      if (entry !== null && typeof entry !== 'string')
        throw this.invalid(`${key}.${entryKey}`, 'a string or null', entry);
    }
    return value as Record<string, string | null>;
  }

  /** A map of strings; null values are dropped (they carry nothing in configuration or tags). */
  stringMap(key: string, required: boolean): Record<string, string> | undefined {
    const map = this.nullableStringMap(key, required);
    if (map === undefined) return undefined;
    const out: Record<string, string> = {};
    for (const [entryKey, entry] of Object.entries(map)) if (entry !== null) out[entryKey] = entry;
    return out;
  }

  stringArray(key: string, required: boolean): string[] | undefined {
    const value = this.raw(key);
    if (value === undefined) {
      if (required) throw this.invalid(key, 'an array of strings', undefined);
      return undefined;
    }
    if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
      throw this.invalid(key, 'an array of strings', value);
    }
    return value as string[];
  }

  /** A nested object field read with the same checks, or undefined when absent. */
  nested(key: string, required: boolean): ActionFields | undefined {
    const value = this.raw(key);
    if (value === undefined) {
      if (required) throw this.invalid(key, 'an object', undefined);
      return undefined;
    }
    if (!isObject(value)) throw this.invalid(key, 'an object', value);
    return new ActionFields(value, `${this.action}.${key}`, this.location);
  }

  /** A {@link CorruptLog} about this action, for checks beyond field types. */
  corrupt(reason: string): CorruptLog {
    return new CorruptLog({
      file: this.location.file,
      line: this.location.line,
      reason: `${this.action}: ${reason}`,
    });
  }

  private invalid(key: string, expected: string, value: unknown): CorruptLog {
    const found = value === undefined ? 'it is missing' : `found ${describe(value)}`;
    return this.corrupt(`"${key}" must be ${expected}, ${found}`);
  }
}

/** True for a plain JSON object (not null, not an array). */
export function isObject(value: unknown): value is JsonObject {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Uint8Array)
  );
}

function describe(value: unknown): string {
  if (typeof value === 'bigint') return `${value}`;
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
