/** Checks of layer options; every error names the layer and the argument. */

export function describeValue(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : (JSON.stringify(value) ?? String(value));
}

export function positiveInteger(owner: string, argument: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new Error(`${owner}: ${argument} must be a positive integer, got ${describeValue(value)}`);
  }
  return value;
}

/** A positive integer or a pair of them, as tf.layers takes kernel sizes, strides and dilations. */
export function positiveIntegerPair(owner: string, argument: string, value: unknown): [number, number] {
  if (Array.isArray(value)) {
    if (value.length !== 2) {
      throw new Error(`${owner}: ${argument} must be a number or a pair, got ${describeValue(value)}`);
    }
    return [positiveInteger(owner, argument, value[0]), positiveInteger(owner, argument, value[1])];
  }
  const single = positiveInteger(owner, argument, value);
  return [single, single];
}

export function numberAtLeast(owner: string, argument: string, value: unknown, minimum: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < minimum) {
    throw new Error(
      `${owner}: ${argument} must be a finite number ≥ ${minimum}, got ${describeValue(value)}`,
    );
  }
  return value;
}

export function positiveNumber(owner: string, argument: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new Error(`${owner}: ${argument} must be a finite number > 0, got ${describeValue(value)}`);
  }
  return value;
}

export function finiteNumber(owner: string, argument: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new Error(`${owner}: ${argument} must be a finite number, got ${describeValue(value)}`);
  }
  return value;
}

export function oneOf<T extends string>(
  owner: string,
  argument: string,
  value: unknown,
  allowed: readonly T[],
): T {
  if (!allowed.includes(value as T)) {
    throw new Error(
      `${owner}: ${argument} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${describeValue(value)}`,
    );
  }
  return value as T;
}

export function boolean(owner: string, argument: string, value: unknown): boolean {
  if (typeof value !== 'boolean') {
    throw new Error(`${owner}: ${argument} must be true or false, got ${describeValue(value)}`);
  }
  return value;
}

/** How errors name a layer: `BcosConv2d 'conv1'`. */
export function layerOwner(className: string, name: string): string {
  return `${className} '${name}'`;
}
