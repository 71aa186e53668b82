import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from './rng';
import { floatBatch } from './validate';

/** The options of a transform after defaults: plain JSON values, nested transforms as their own configs. */
export type TransformConfig = Readonly<Record<string, unknown>>;

/** A batched augmentation: the same operation for the whole NHWC batch, per-image parameters from `rng`. */
export interface Transform {
  /** The torchvision / albumentations name, e.g. 'RandomCrop'. */
  readonly name: string;
  readonly config: TransformConfig;
  /**
   * A new batch; the caller still owns (and disposes) `batch`. Every random parameter is drawn from
   * `rng` on the host, in a fixed order, so the output depends only on the input and the rng state.
   */
  apply(batch: tf.Tensor4D, rng: Rng): tf.Tensor4D;
  /** `RandomCrop(size=32, padding=4, …)`, for logs and reports. */
  toString(): string;
}

/** The config of a nested transform, as it appears inside a composite's config. */
export function nestedConfig(transform: Transform): TransformConfig {
  return { name: transform.name, ...transform.config };
}

/**
 * A transform on float32 batches: checks the batch, and runs `apply` in a tidy so that its
 * intermediate tensors are freed.
 */
export function floatTransform(
  name: string,
  config: TransformConfig,
  apply: (batch: tf.Tensor4D, rng: Rng) => tf.Tensor4D,
): Transform {
  return transform(name, config, (batch, rng) => apply(floatBatch(name, batch), rng));
}

/** A transform that checks its input itself (toFloat, composites). */
export function transform(
  name: string,
  config: TransformConfig,
  apply: (batch: tf.Tensor4D, rng: Rng) => tf.Tensor4D,
): Transform {
  return {
    name,
    config,
    apply: (batch, rng) =>
      tf.tidy(() => {
        const result = apply(batch, rng);
        return result === batch ? tf.clone(batch) : result;
      }),
    toString: () => formatTransform(name, config),
  };
}

function formatTransform(name: string, config: TransformConfig): string {
  const fields = Object.entries(config).map(([key, value]) => `${key}=${formatValue(value)}`);
  return `${name}(${fields.join(', ')})`;
}

function formatValue(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(formatValue).join(', ')}]`;
  if (value && typeof value === 'object' && 'name' in value) {
    const { name, ...config } = value as { name: string };
    return formatTransform(name, config);
  }
  if (typeof value === 'string') return `'${value}'`;
  return String(value);
}
