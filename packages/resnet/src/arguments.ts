import { describeValue } from '@bcos/backend';

/** The stems and the input-shape check of the model factories (the other checks: @bcos/backend's). */

export const STEMS = ['cifar', 'imagenet'] as const;
export type Stem = (typeof STEMS)[number];

/**
 * Total downsampling of each stem's network. Smaller inputs leave the last stage with nothing but
 * padding around a single pixel, so the factories reject them.
 */
export const TOTAL_STRIDE: Record<Stem, number> = { cifar: 8, imagenet: 32 };

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
      `${where}: inputShape must be [height, width, channels] of positive integers, got ${describeValue(inputShape)}`,
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
