import { InvalidArgumentError } from 'commander';

/** A whole number written in an option, at least `min`; commander reports the error with the option. */
export function parseWholeNumber(value: string, min: number): number {
  if (!/^-?\d+$/.test(value)) throw new InvalidArgumentError(`expected a whole number, got "${value}"`);
  const number = Number(value);
  if (number < min) throw new InvalidArgumentError(`expected a number of at least ${min}, got "${value}"`);
  return number;
}

/** An option's count of at least 1. */
export function parsePositiveInteger(value: string): number {
  return parseWholeNumber(value, 1);
}
