import { argumentError } from '@bcos/backend';
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../rng';
import { floatTransform, type Transform } from '../transform';

export interface ColorJitterOptions {
  /** A number b for a factor uniform in [max(0, 1 − b), 1 + b], or a [min, max] factor range (default 0: off). */
  brightness?: number | readonly [number, number];
  contrast?: number | readonly [number, number];
  saturation?: number | readonly [number, number];
}

const ADJUSTMENTS = ['brightness', 'contrast', 'saturation'] as const;
type Adjustment = (typeof ADJUSTMENTS)[number];

/** ITU-R 601-2 luma, the weights of torchvision's rgb_to_grayscale. */
const LUMA = [0.2989, 0.587, 0.114];

/**
 * torchvision's ColorJitter for images in [0, 1]: brightness, contrast and saturation, each a blend
 * with a target (black, the mean grey level, the grey image) by a factor drawn per image, applied in
 * an order drawn per image, clamping to [0, 1] after each.
 */
export function colorJitter(options: ColorJitterOptions = {}): Transform {
  const name = 'ColorJitter';
  const ranges = new Map<Adjustment, [number, number]>();
  for (const adjustment of ADJUSTMENTS) {
    const range = factorRange(name, adjustment, options[adjustment] ?? 0);
    if (range[0] !== 1 || range[1] !== 1) ranges.set(adjustment, range);
  }
  const config = Object.fromEntries(ADJUSTMENTS.map((a) => [a, ranges.get(a) ?? [1, 1]]));
  return floatTransform(name, config, (batch, rng) => {
    const channels = batch.shape[3];
    if (channels !== 1 && channels !== 3) {
      throw new Error(`${name}: images must have 1 or 3 channels, got ${channels}`);
    }
    const plans = Array.from({ length: batch.shape[0] }, () => drawPlan(ranges, rng));
    let images = batch;
    for (let step = 0; step < ranges.size; step++) {
      const stepOfEachImage = plans.map((plan) => plan[step]!);
      images = blendStep(images, stepOfEachImage);
    }
    return images;
  });
}

const EXPECTATION = 'a number >= 0 or a factor range [min, max] with 0 <= min <= max';

function factorRange(name: string, adjustment: string, value: unknown): [number, number] {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) {
    return [Math.max(0, 1 - value), 1 + value];
  }
  const pair = value as number[];
  const valid = Array.isArray(pair) && pair.length === 2 && pair.every((v) => v >= 0 && Number.isFinite(v));
  if (!valid || pair[0]! > pair[1]!) throw argumentError(name, adjustment, EXPECTATION, value);
  return [pair[0]!, pair[1]!];
}

interface Step {
  adjustment: Adjustment;
  factor: number;
}

/** One image's adjustments in a random order, each with its factor. */
function drawPlan(ranges: Map<Adjustment, [number, number]>, rng: Rng): Step[] {
  const order = [...ranges.keys()];
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order.map((adjustment) => {
    const [lo, hi] = ranges.get(adjustment)!;
    return { adjustment, factor: rng.uniform(lo, hi) };
  });
}

/** factor·image + (1 − factor)·target, clamped, where each image has its own adjustment and factor. */
function blendStep(images: tf.Tensor4D, steps: Step[]): tf.Tensor4D {
  const n = images.shape[0];
  const perImage = (values: number[]) => tf.tensor4d(values, [n, 1, 1, 1]);
  const factor = perImage(steps.map((s) => s.factor));
  const towardsMean = perImage(steps.map((s) => (s.adjustment === 'contrast' ? 1 : 0)));
  const towardsGrey = perImage(steps.map((s) => (s.adjustment === 'saturation' ? 1 : 0)));
  const grey = greyLevel(images);
  const meanGrey = tf.mean(grey, [1, 2, 3], true);
  // Brightness blends towards black: both target weights are 0.
  const target = tf.add(tf.mul(towardsMean, meanGrey), tf.mul(towardsGrey, grey));
  const blended = tf.add(tf.mul(factor, images), tf.mul(tf.sub(1, factor), target));
  return tf.clipByValue(blended, 0, 1) as tf.Tensor4D;
}

function greyLevel(images: tf.Tensor4D): tf.Tensor4D {
  if (images.shape[3] === 1) return images;
  return tf.sum(tf.mul(images, tf.tensor1d(LUMA)), 3, true) as tf.Tensor4D;
}
