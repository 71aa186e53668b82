import type * as tf from '@tensorflow/tfjs-core';
import { finerWeightedTarget } from './target-functions';
import type { TargetFunction } from './targets';

export interface FinerOptions {
  /** How strongly the similar classes are subtracted. Default 1. */
  alpha?: number;
  /** Ranks (1 = most similar) of the classes compared with the main one. Default [1, 2, 3]. */
  comparisonCategories?: readonly number[];
  /** The main class; default the predicted one. */
  targetIdx?: number;
}

/**
 * Finer-CAM's targets from the model outputs, as pytorch-grad-cam's FinerCAM does without explicit
 * targets: classes are ranked by |z_j − z_target| (the target logit: the largest, or that of
 * `targetIdx`); rank 0 is the main class, the ranks in `comparisonCategories` are compared with it.
 */
export async function finerTargets(
  logits: tf.Tensor2D,
  { alpha = 1, comparisonCategories = [1, 2, 3], targetIdx }: FinerOptions = {},
): Promise<TargetFunction[]> {
  const [, classes] = logits.shape;
  for (const rank of comparisonCategories) {
    if (!Number.isInteger(rank) || rank < 1 || rank >= classes)
      throw new Error(
        `comparisonCategories: rank ${rank} is out of range for ${classes} classes (1 to ${classes - 1})`,
      );
  }
  if (targetIdx !== undefined && !(Number.isInteger(targetIdx) && targetIdx >= 0 && targetIdx < classes))
    throw new Error(`targetIdx: ${targetIdx} is out of range for ${classes} classes`);
  const rows = (await logits.array()) as number[][];
  return rows.map((row) => {
    const target = targetIdx === undefined ? Math.max(...row) : row[targetIdx]!;
    const ranked = row
      .map((_, j) => j)
      .sort((a, b) => Math.abs(row[a]! - target) - Math.abs(row[b]! - target));
    return finerWeightedTarget(
      ranked[0]!,
      comparisonCategories.map((rank) => ranked[rank]!),
      alpha,
    );
  });
}
