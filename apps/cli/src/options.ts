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
