import * as tf from '@tensorflow/tfjs-core';
import { tileGrid } from './tile-grid';

/** Attributions of the grid [1, n·H, n·W, C] for each of `classes` (one map per class, [n², n·H, n·W]). */
export type GridExplainer = (
  grid: tf.Tensor4D,
  classes: readonly number[],
) => tf.Tensor3D | Promise<tf.Tensor3D>;

export interface PointingGameOptions {
  /** n of the n×n grid. Default 3. */
  gridSize?: number;
  /** Average-pool the attributions with this odd window (zeros padded, as B-cos v2) before clamping. 0: none. */
  smooth?: number;
}

/**
 * The B-cos grid pointing game (Böhle et al., B-cos v2 localisation): n² images of distinct classes
 * ([n², H, W, C], e.g. from `pointingGameGrids`) are tiled column-major into one grid; each cell's
 * class is attributed on the whole grid, and the score of cell k is the share of the positive
 * attribution for its class that falls inside cell k. Returns one score per cell (1 is perfect).
 */
export async function gridPointingGame(
  explain: GridExplainer,
  images: tf.Tensor4D,
  classes: readonly number[],
  { gridSize = 3, smooth = 0 }: PointingGameOptions = {},
): Promise<number[]> {
  if (classes.length !== gridSize * gridSize || new Set(classes).size !== classes.length) {
    throw new Error(
      `gridPointingGame: classes must be ${gridSize * gridSize} distinct classes, got [${classes}]`,
    );
  }
  const grid = tileGrid(images, gridSize);
  try {
    const attributions = await explain(grid, classes);
    const shares = pointingGameShares(attributions, gridSize, smooth);
    attributions.dispose();
    return shares;
  } finally {
    grid.dispose();
  }
}

/**
 * For each map k of [n², n·H, n·W] (attributions of a column-major grid): its positive attribution
 * in cell k over that in the whole grid, 0 when it has none.
 */
export async function pointingGameShares(
  attributions: tf.Tensor3D,
  gridSize: number,
  smooth = 0,
): Promise<number[]> {
  const [maps, height, width] = attributions.shape;
  if (maps !== gridSize * gridSize || height % gridSize !== 0 || width % gridSize !== 0) {
    throw new Error(
      `gridPointingGame: expected ${gridSize * gridSize} attribution maps of a ${gridSize}×${gridSize} grid, got shape [${attributions.shape}]`,
    );
  }
  const cellSums = tf.tidy(() => {
    const positive = tf.relu(smoothed(tf.expandDims(attributions, 3) as tf.Tensor4D, smooth));
    const cells = tf.reshape(positive, [maps, gridSize, height / gridSize, gridSize, width / gridSize]);
    // [map, row, column] → [map, column, row]: column-major cell index, as the tiling.
    return tf.reshape(tf.transpose(tf.sum(cells, [2, 4]), [0, 2, 1]), [maps, maps]);
  });
  const sums = await cellSums.data();
  cellSums.dispose();
  return Array.from({ length: maps }, (_, k) => {
    let total = 0;
    for (let cell = 0; cell < maps; cell++) total += sums[k * maps + cell]!;
    const own = sums[k * maps + k]!;
    return total * own > 0 ? own / total : 0;
  });
}

function smoothed(maps: tf.Tensor4D, window: number): tf.Tensor4D {
  if (window === 0) return maps;
  if (!Number.isInteger(window) || window < 1 || window % 2 === 0) {
    throw new Error(`gridPointingGame: smooth must be 0 or an odd window size, got ${window}`);
  }
  const pad = (window - 1) / 2;
  const padded = tf.pad(maps, [
    [0, 0],
    [pad, pad],
    [pad, pad],
    [0, 0],
  ]);
  return tf.avgPool(padded, window, 1, 'valid');
}
