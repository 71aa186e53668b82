import * as tf from '@tensorflow/tfjs-core';
import { seededUniform } from './seeded-uniform';

export interface PointingGameGridOptions {
  /** n of the n×n grid. Default 3. */
  gridSize?: number;
  /** Most grids to return. Default: as many as the images allow. */
  grids?: number;
  /**
   * Only images whose predicted logit z has sigmoid(z) above this (B-cos v2's `conf_thresh`).
   * Default 0.5; 0 keeps every correctly classified image.
   */
  minConfidence?: number;
  /** Seed of the class sampling. Default 42. */
  seed?: number;
}

/**
 * Groups of n² image indices for the grid pointing game, as B-cos v2 selects them: correctly
 * classified images, per class in order of decreasing confidence (the predicted logit); each grid
 * samples n² distinct classes at random among those with images left and takes each one's next most
 * confident image, while more than n² classes remain.
 */
export async function pointingGameGrids(
  logits: tf.Tensor2D,
  labels: ArrayLike<number>,
  {
    gridSize = 3,
    grids = Number.POSITIVE_INFINITY,
    minConfidence = 0.5,
    seed = 42,
  }: PointingGameGridOptions = {},
): Promise<number[][]> {
  const perClass = await confidentImagesPerClass(logits, labels, minConfidence);
  const cellsPerGrid = gridSize * gridSize;
  const uniform = seededUniform(seed);
  const next = new Map<number, number>();
  const available = () => [...perClass.keys()].filter((c) => (next.get(c) ?? 0) < perClass.get(c)!.length);
  const result: number[][] = [];
  for (
    let classes = available();
    classes.length > cellsPerGrid && result.length < grids;
    classes = available()
  ) {
    result.push(
      sampleWithoutReplacement(classes, cellsPerGrid, uniform).map((c) => {
        const position = next.get(c) ?? 0;
        next.set(c, position + 1);
        return perClass.get(c)![position]!;
      }),
    );
  }
  return result;
}

/** Class → indices of its correctly classified, confident images, most confident first. */
async function confidentImagesPerClass(
  logits: tf.Tensor2D,
  labels: ArrayLike<number>,
  minConfidence: number,
): Promise<Map<number, number[]>> {
  const [n] = logits.shape;
  if (labels.length !== n) throw new Error(`pointingGameGrids: ${labels.length} labels for ${n} logits`);
  const [predicted, confidence] = tf.tidy(() => [tf.argMax(logits, 1), tf.max(logits, 1)]);
  const predictedClass = await predicted!.data();
  const logit = await confidence!.data();
  tf.dispose([predicted!, confidence!]);
  const perClass = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const sigmoid = 1 / (1 + Math.exp(-logit[i]!));
    if (predictedClass[i] !== labels[i] || (minConfidence > 0 && !(sigmoid > minConfidence))) continue;
    const indices = perClass.get(labels[i]!) ?? [];
    indices.push(i);
    perClass.set(labels[i]!, indices);
  }
  for (const indices of perClass.values()) indices.sort((a, b) => logit[b]! - logit[a]!);
  return perClass;
}

function sampleWithoutReplacement(values: number[], count: number, uniform: () => number): number[] {
  const pool = [...values];
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(uniform() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, count);
}
