/**
 * The argument checks of every package: each takes the owner (a function, layer or transform:
 * `resnet18`, `BcosConv2d 'conv1'`), the argument's name and the value, and returns the value
 * checked or throws `<owner>: <argument> must be <expectation>, got <value>`.
 */

/** A value as an error message shows it: strings quoted, arrays item by item, objects as JSON. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) return `[${value.map(describeValue).join(', ')}]`;
  if (value === null || typeof value !== 'object') return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

export function argumentError(owner: string, argument: string, expectation: string, got: unknown): Error {
  return new Error(`${owner}: ${argument} must be ${expectation}, got ${describeValue(got)}`);
}

const isInteger = (value: unknown): value is number => Number.isSafeInteger(value);
const isFiniteNumber = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value);

/** An options object (not null, not a primitive). */
export function optionsObject<T extends object>(owner: string, value: T | undefined): T {
  if (typeof value !== 'object' || value === null)
    throw new Error(`${owner}: expected an options object, got ${describeValue(value)}`);
  return value;
}

export function integerAtLeast(owner: string, argument: string, value: unknown, minimum: number): number {
  if (!isInteger(value) || value < minimum)
    throw argumentError(owner, argument, `an integer ≥ ${minimum}`, value);
  return value;
}

export function positiveInteger(owner: string, argument: string, value: unknown): number {
  if (!isInteger(value) || value < 1) throw argumentError(owner, argument, 'a positive integer', value);
  return value;
}

export function nonNegativeInteger(owner: string, argument: string, value: unknown): number {
  if (!isInteger(value) || value < 0) throw argumentError(owner, argument, 'a non-negative integer', value);
  return value;
}

export function integer(owner: string, argument: string, value: unknown): number {
  if (!isInteger(value)) throw argumentError(owner, argument, 'an integer', value);
  return value;
}

/** A positive integer or a pair of them, as tf.layers takes kernel sizes, strides and dilations. */
export function positiveIntegerPair(owner: string, argument: string, value: unknown): [number, number] {
  if (!Array.isArray(value)) {
    const single = positiveInteger(owner, argument, value);
    return [single, single];
  }
  if (value.length !== 2) throw argumentError(owner, argument, 'a number or a pair', value);
  return [positiveInteger(owner, argument, value[0]), positiveInteger(owner, argument, value[1])];
}

export function finiteNumber(owner: string, argument: string, value: unknown): number {
  if (!isFiniteNumber(value)) throw argumentError(owner, argument, 'a finite number', value);
  return value;
}

export function positiveNumber(owner: string, argument: string, value: unknown): number {
  if (!isFiniteNumber(value) || value <= 0)
    throw argumentError(owner, argument, 'a finite number > 0', value);
  return value;
}

export function numberAtLeast(owner: string, argument: string, value: unknown, minimum: number): number {
  if (!isFiniteNumber(value) || value < minimum)
    throw argumentError(owner, argument, `a finite number ≥ ${minimum}`, value);
  return value;
}

export function probability(owner: string, argument: string, value: unknown): number {
  if (!isFiniteNumber(value) || value < 0 || value > 1)
    throw argumentError(owner, argument, 'in [0, 1]', value);
  return value;
}

export function oneOf<T extends string>(
  owner: string,
  argument: string,
  value: unknown,
  allowed: readonly T[],
): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value))
    throw argumentError(owner, argument, `one of ${allowed.map((a) => `'${a}'`).join(', ')}`, value);
  return value as T;
}

export function boolean(owner: string, argument: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw argumentError(owner, argument, 'true or false', value);
  return value;
}
