/** Argument checks shared by the model factories; every error names the function and the option. */

export const STEMS = ['cifar', 'imagenet'] as const;
export type Stem = (typeof STEMS)[number];

/**
 * Total downsampling of each stem's network. Smaller inputs leave the last stage with nothing but
 * padding around a single pixel, so the factories reject them.
 */
export const TOTAL_STRIDE: Record<Stem, number> = { cifar: 8, imagenet: 32 };

export function checkOptions<T extends object>(options: T | undefined, where: string): T {
  if (typeof options !== 'object' || options === null) {
    throw new Error(`${where}: expected an options object, got ${describe(options)}`);
  }
  return options;
}

export function checkOneOf<T extends string>(
  value: unknown,
  allowed: readonly T[],
  where: string,
  option: string,
): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new Error(
    `${where}: option ${option} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${describe(value)}`,
  );
}

export function checkInteger(value: unknown, where: string, option: string, minimum: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < minimum) {
    throw new Error(`${where}: option ${option} must be an integer ≥ ${minimum}, got ${describe(value)}`);
  }
  return value;
}

export function checkPositiveNumber(value: unknown, where: string, option: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new Error(`${where}: option ${option} must be a positive finite number, got ${describe(value)}`);
  }
  return value;
}

export function checkFiniteNumber(value: unknown, where: string, option: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new Error(`${where}: option ${option} must be a finite number, got ${describe(value)}`);
  }
  return value;
}

/** [height, width, channels] large enough for the stem; `channels` fixes the channel count when given. */
export function checkInputShape(
  inputShape: unknown,
  stem: Stem,
  where: string,
  channels?: number,
): [number, number, number] {
  const valid =
    Array.isArray(inputShape) &&
    inputShape.length === 3 &&
    inputShape.every((d) => typeof d === 'number' && Number.isInteger(d) && d > 0);
  if (!valid) {
    throw new Error(
      `${where}: option inputShape must be [height, width, channels] of positive integers, got ${describe(inputShape)}`,
    );
  }
  const [height, width, depth] = inputShape as [number, number, number];
  const minimum = TOTAL_STRIDE[stem];
  if (height < minimum || width < minimum) {
    throw new Error(
      `${where}: inputShape ${height}×${width} is too small for the ${stem} stem, which downsamples ${minimum}×; use at least ${minimum}×${minimum}`,
    );
  }
  if (channels !== undefined && depth !== channels) {
    throw new Error(`${where}: inputShape must have ${channels} channels, got ${depth}`);
  }
  return [height, width, depth];
}

export function describe(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (value === undefined || typeof value === 'number') return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
