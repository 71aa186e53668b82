import * as tf from '@tensorflow/tfjs-core';
import { classScores, predictedClasses } from './class-scores';
import type { OutputKind } from './output-kind';

/**
 * A score to explain, computed from model outputs ([rows, classes]) as one value per row, like
 * pytorch-grad-cam's target callables (e.g. a softmax probability instead of the raw output).
 */
export type TargetFunction = (output: tf.Tensor2D) => tf.Tensor1D;

/**
 * What to explain: one class index for every image, a class index per image, one function for every
 * image, or a function per image. Omitted: the class each image is predicted as.
 */
export type CamTargets = number | readonly number[] | TargetFunction | readonly TargetFunction[];

/** Targets resolved for one batch of images. */
export interface TargetScorer {
  /** One score per row of `output`; row r is a model output for image `imageOfRow[r]`. */
  score(output: tf.Tensor2D, imageOfRow: readonly number[]): tf.Tensor1D;
  /** The same targets with "the predicted class" fixed to the classes `logits` predict. */
  fixed(logits: tf.Tensor2D): Promise<TargetScorer>;
}

export function resolveTargets(
  targets: CamTargets | undefined,
  images: number,
  kind: OutputKind,
): TargetScorer {
  if (targets === undefined) return predictedClassTargets(kind);
  if (typeof targets === 'function') return sharedFunctionTarget(targets);
  if (typeof targets === 'number') return classIndexTargets(Array<number>(images).fill(targets), kind);
  if (targets.length !== images) {
    throw new Error(`targets: got ${targets.length} targets for ${images} images`);
  }
  if (targets.every((target) => typeof target === 'number'))
    return classIndexTargets(targets as number[], kind);
  if (targets.every((target) => typeof target === 'function')) {
    return perImageFunctionTargets(targets as readonly TargetFunction[]);
  }
  throw new Error('targets: expected all class indices or all functions');
}

function classIndexTargets(classes: readonly number[], kind: OutputKind): TargetScorer {
  const limit = Math.max(kind.classes, 2);
  classes.forEach((value, image) => {
    if (!Number.isInteger(value)) {
      throw new Error(`targets: class ${value} for image ${image} is not an integer class index`);
    }
    if (value < 0 || value >= limit) {
      throw new Error(
        `targets: class ${value} for image ${image} is out of range for a model with ${kind.classes} output${kind.classes === 1 ? ' (binary: 0 or 1)' : 's'}`,
      );
    }
  });
  const classesOf = (imageOfRow: readonly number[]) =>
    tf.tensor1d(
      imageOfRow.map((image) => classes[image]!),
      'int32',
    );
  const scorer: TargetScorer = {
    score: (output, imageOfRow) => tf.tidy(() => classScores(output, classesOf(imageOfRow), kind)),
    fixed: async () => scorer,
  };
  return scorer;
}

function predictedClassTargets(kind: OutputKind): TargetScorer {
  return {
    score: (output) => tf.tidy(() => classScores(output, predictedClasses(output, kind), kind)),
    fixed: async (logits) => {
      const predicted = predictedClasses(logits, kind);
      const classes = Array.from(await predicted.data());
      predicted.dispose();
      return classIndexTargets(classes, kind);
    },
  };
}

function sharedFunctionTarget(target: TargetFunction): TargetScorer {
  const scorer: TargetScorer = {
    score: (output) => tf.tidy(() => checkedScores(target(output), output.shape[0])),
    fixed: async () => scorer,
  };
  return scorer;
}

/** Rows are grouped into runs of one image, and each run is scored by that image's function. */
function perImageFunctionTargets(targets: readonly TargetFunction[]): TargetScorer {
  const scorer: TargetScorer = {
    score: (output, imageOfRow) =>
      tf.tidy(() => {
        const scores = imageRuns(imageOfRow).map(({ image, start, size }) =>
          checkedScores(targets[image]!(tf.slice(output, [start, 0], [size, -1])), size),
        );
        return scores.length === 1 ? scores[0]! : (tf.concat(scores) as tf.Tensor1D);
      }),
    fixed: async () => scorer,
  };
  return scorer;
}

function imageRuns(imageOfRow: readonly number[]): Array<{ image: number; start: number; size: number }> {
  const runs: Array<{ image: number; start: number; size: number }> = [];
  imageOfRow.forEach((image, row) => {
    const last = runs[runs.length - 1];
    if (last && last.image === image) last.size++;
    else runs.push({ image, start: row, size: 1 });
  });
  return runs;
}

function checkedScores(scores: tf.Tensor, rows: number): tf.Tensor1D {
  if (scores.rank !== 1 || scores.shape[0] !== rows) {
    throw new Error(
      `targets: a target function returned shape [${scores.shape}] for ${rows} outputs, expected [${rows}]`,
    );
  }
  return scores as tf.Tensor1D;
}
