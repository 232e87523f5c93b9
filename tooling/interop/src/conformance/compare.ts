import type { DeltaField } from './types.ts';

/** The text of a Delta type without field metadata: `struct<a:long,b:array<string>>`. */
export function typeText(type: unknown): string {
  if (typeof type === 'string') return type;
  if (type === null || typeof type !== 'object') return JSON.stringify(type);
  const t = type as Record<string, unknown>;
  switch (t.type) {
    case 'struct':
      return `struct<${((t.fields as DeltaField[] | undefined) ?? []).map(fieldText).join(',')}>`;
    case 'array':
      return `array<${typeText(t.elementType)}${t.containsNull === false ? ' not null' : ''}>`;
    case 'map':
      return `map<${typeText(t.keyType)},${typeText(t.valueType)}${t.valueContainsNull === false ? ' not null' : ''}>`;
    default:
      return JSON.stringify(type);
  }
}

function fieldText(field: DeltaField): string {
  return `${field.name}:${typeText(field.type)}${field.nullable === false ? ' not null' : ''}`;
}

/**
 * The top-level fields of a schema as texts (names, types, nullability; no metadata), from a
 * Delta schema object or its JSON text. Null when it is neither.
 */
export function schemaFields(schema: unknown): string[] | null {
  let value = schema;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return null;
    }
  }
  if (!value || typeof value !== 'object') return null;
  const fields = (value as { fields?: unknown }).fields;
  if (!Array.isArray(fields)) return null;
  return (fields as DeltaField[]).map(fieldText);
}

/** Why two schemas differ (first differing top-level field), or null when they agree. */
export function schemaDifference(expected: unknown, actual: unknown): string | null {
  const want = schemaFields(expected);
  const got = schemaFields(actual);
  if (!want) return 'the reference schema is not a Delta schema';
  if (!got) return 'Silt\u2019s schema is not a Delta schema (struct with fields)';
  const length = Math.max(want.length, got.length);
  for (let k = 0; k < length; k += 1) {
    if (want[k] !== got[k]) {
      return `schema differs at field ${k + 1}: expected ${clip(want[k] ?? '(none)')}, Silt ${clip(got[k] ?? '(none)')}`;
    }
  }
  return null;
}

export interface RowDifference {
  missing: number;
  extra: number;
  firstMissing?: string;
  firstExtra?: string;
}

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Multiset difference of two lists of canonical JSON lines; null when they hold the same lines. */
export function rowsDifference(
  expected: readonly string[],
  actual: readonly string[],
): RowDifference | null {
  const want = [...expected].sort(byCodeUnits);
  const got = [...actual].sort(byCodeUnits);
  const difference: RowDifference = { missing: 0, extra: 0 };
  let i = 0;
  let j = 0;
  while (i < want.length || j < got.length) {
    const a = want[i];
    const b = got[j];
    if (a !== undefined && b !== undefined && a === b) {
      i += 1;
      j += 1;
    } else if (b === undefined || (a !== undefined && a < b)) {
      difference.missing += 1;
      difference.firstMissing ??= a;
      i += 1;
    } else {
      difference.extra += 1;
      difference.firstExtra ??= b;
      j += 1;
    }
  }
  return difference.missing === 0 && difference.extra === 0 ? null : difference;
}

export function clip(text: string, length = 160): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length <= length ? flat : `${flat.slice(0, length - 1)}\u2026`;
}

/**
 * An engine's error message made short for a report: the wrappers delta-rs stacks up
 * ("C Data interface error: External error: Parquet error: Parquet error: ...") and the table's
 * own folder in paths are dropped.
 */
export function shortError(message: string, tableDir?: string): string {
  let text = message;
  if (tableDir) {
    const bare = tableDir.replace(/^\/+/, '').replace(/\/+$/, '');
    text = text
      .split(`file:/${bare}/`)
      .join('')
      .split(`/${bare}/`)
      .join('')
      .split(`${bare}/`)
      .join('');
  }
  text = text.replace(/(C Data interface error|External error|Kernel error|Generic error): /g, '');
  text = text.replace(/(\b[A-Z][A-Za-z]* error: )(\1)+/g, '$1');
  return text.trim();
}

export function describeRowDifference(difference: RowDifference): string {
  const parts = [`rows differ (${difference.missing} missing / ${difference.extra} extra)`];
  if (difference.firstMissing !== undefined)
    parts.push(`first missing ${clip(difference.firstMissing, 120)}`);
  if (difference.firstExtra !== undefined)
    parts.push(`first extra ${clip(difference.firstExtra, 120)}`);
  return parts.join('; ');
}
