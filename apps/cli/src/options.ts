import { InvalidArgumentError } from 'commander';

/** A commander parser for a whole number >= 0. */
export function parseNonNegativeInteger(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n))
    throw new InvalidArgumentError('expected a whole number, such as 10');
  return n;
}

/** A commander parser that accepts one of `choices`. */
export function parseFormat<T extends string>(choices: readonly T[]): (value: string) => T {
  return (value) => {
    if (!(choices as readonly string[]).includes(value))
      throw new InvalidArgumentError(`expected one of ${choices.join(', ')}`);
    return value as T;
  };
}

/** A commander parser for a whole number >= 1. */
export function parsePositiveInteger(value: string): number {
  const n = parseNonNegativeInteger(value);
  if (n < 1) throw new InvalidArgumentError('expected a whole number of at least 1');
  return n;
}

/** A commander parser for comma-separated column names (`a,b`). */
export function parseColumnList(value: string): string[] {
  const names = value.split(',').map((name) => name.trim());
  if (names.some((name) => name === ''))
    throw new InvalidArgumentError('expected comma-separated column names, such as year,month');
  return names;
}

/** A commander parser for repeatable `key=value` options; collects them into one record. */
export function collectProperty(
  value: string,
  previous: Record<string, string> | undefined,
): Record<string, string> {
  const at = value.indexOf('=');
  if (at <= 0)
    throw new InvalidArgumentError(
      'expected key=value, such as delta.appendOnly=true (repeat the option for more)',
    );
  return { ...previous, [value.slice(0, at).trim()]: value.slice(at + 1) };
}
