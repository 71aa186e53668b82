import { describeBackends, expectAllClose, expectNoLeaks } from '@bcos/backend/testing';
import * as tf from '@tensorflow/tfjs-core';
import '@bcos/backend';
import { expect, it } from 'vitest';
import { randomImages, residualModel } from '../test-models';
import { camMultImageConfidenceChange } from './cam-mult-image';
import { gridPointingGame, pointingGameShares } from './grid-pointing-game';
import { maskLocalisation } from './mask-localisation';
import { pointingGameGrids } from './pointing-game-grids';
import { roadScores } from './road';
import { tileGrid } from './tile-grid';

/** Scores class 0 by the mean of the left half of the image, class 1 by nothing. */
const leftHalfMean = (images: tf.Tensor4D) =>
  tf.tidy(() => {
    const [, h, w] = images.shape;
    const left = tf.mean(tf.slice(images, [0, 0, 0, 0], [-1, h, w / 2, -1]), [1, 2, 3]);
    return tf.stack([left, tf.zerosLike(left)], 1) as tf.Tensor2D;
  });

describeBackends(
  'attribution metrics',
  () => {
    it('camMultImageConfidenceChange compares target scores of image·cam and image', async () => {
      const model = residualModel();
      const x = randomImages(3);
      const cams = tf.randomUniform([3, 8, 8], 0, 1, 'float32', 4) as tf.Tensor3D;
      const targets = [0, 1, 2];
      const expected = tf.tidy(() => {
        const oneHot = tf.oneHot(targets, 3);
        const score = (images: tf.Tensor) => tf.sum(tf.mul(model.predict(images) as tf.Tensor, oneHot), 1);
        return tf.sub(score(tf.mul(x, tf.expandDims(cams, 3))), score(x));
      });
      const result = await expectNoLeaks(() => camMultImageConfidenceChange(model, x, cams, { targets }));
      await expectAllClose(result.change, expected, { atol: 1e-5 });
      expect(result.drop).toEqual(result.change.map((c) => Math.max(-c, 0)));
      expect(result.increase).toEqual(result.change.map((c) => (c > 0 ? 1 : 0)));
      await expect(
        camMultImageConfidenceChange(model, x, tf.zeros([3, 4, 4]) as tf.Tensor3D),
      ).rejects.toThrow(
        /camMultImageConfidenceChange: cams must be \[3, 8, 8\] like the images, got shape \[3,4,4\]/,
      );
      tf.dispose([x, cams, expected]);
    });

    it('ROAD: removing the relevant half destroys the score, removing the irrelevant half keeps it', async () => {
      const left = tf.concat([tf.ones([2, 6, 3, 1]), tf.zeros([2, 6, 3, 1])], 2);
      const images = tf.tile(left, [1, 1, 1, 3]) as tf.Tensor4D;
      // Relevance 1 on the left half, 0 on the right, plus a tiny ramp so that no two pixels tie.
      const ramp = tf.reshape(tf.linspace(0, 0.01, 36), [1, 6, 6]);
      const maps = tf.add(tf.squeeze(left, [3]), ramp) as tf.Tensor3D;
      const scores = await expectNoLeaks(() =>
        roadScores(leftHalfMean, images, maps, { percentiles: [50], noise: 0, targets: 0 }),
      );
      await expectAllClose(scores.mostRelevantFirst[0]!, [-1, -1], { atol: 1e-6 });
      await expectAllClose(scores.leastRelevantFirst[0]!, [0, 0], { atol: 1e-6 });
      await expectAllClose(scores.combined, [0.5, 0.5], { atol: 1e-6 });
      expect(scores.mostRelevantFirstMean).toEqual(scores.mostRelevantFirst[0]);
      tf.dispose([left, images, ramp, maps]);
    });

    it('tiles n² images column-major and scores each cell by the share of its class attribution inside it', async () => {
      const images = tf.reshape(tf.range(1, 5), [4, 1, 1, 1]) as tf.Tensor4D;
      const grid = tileGrid(images, 2);
      // Image k fills column ⌊k/2⌋, row k mod 2.
      await expectAllClose(grid, [1, 3, 2, 4], { atol: 0 });
      const cells = tf.tile(tf.reshape(tf.range(1, 10), [9, 1, 1, 1]), [1, 2, 2, 1]) as tf.Tensor4D;
      const explain = (tiled: tf.Tensor4D, classes: readonly number[]) =>
        tf.tidy(() => {
          const values = tf.squeeze(tiled, [0, 3]);
          // The class's own image is attributed 1 per pixel, the rest 0.1 (negative on class 0's map, clamped away).
          return tf.stack(
            classes.map((c) =>
              tf.where(
                tf.equal(values, c + 1),
                tf.onesLike(values),
                tf.fill(values.shape, c === 0 ? -0.1 : 0.1),
              ),
            ),
          ) as tf.Tensor3D;
        });
      const shares = await gridPointingGame(explain, cells, [0, 1, 2, 3, 4, 5, 6, 7, 8]);
      expect(shares[0]).toBeCloseTo(1, 6);
      for (const share of shares.slice(1)) expect(share).toBeCloseTo(4 / (4 + 8 * 4 * 0.1), 6);
      await expect(gridPointingGame(explain, cells, [0, 0, 2, 3, 4, 5, 6, 7, 8])).rejects.toThrow(
        /9 distinct classes/,
      );
      tf.dispose([images, grid, cells]);
    });

    it('smooths pointing-game attributions with a zero-padded window before clamping', async () => {
      // One positive pixel at the corner of cell 0 of a 2×2 grid of 2×2 cells; smoothing with a 3×3
      // window spreads 1/9 of it into each neighbouring pixel, three of which lie in other cells.
      const single = tf.tensor3d(
        [
          [
            [1, 0, 0, 0],
            [0, 0, 0, 0],
            [0, 0, 0, 0],
            [0, 0, 0, 0],
          ],
        ].flatMap((m) => [m, m, m, m]),
      );
      const raw = await pointingGameShares(single, 2);
      expect(raw[0]).toBe(1);
      const smoothed = await pointingGameShares(single, 2, 3);
      expect(smoothed[0]).toBeCloseTo(1, 6);
      const shifted = tf.tensor3d(
        [
          [
            [0, 1, 0, 0],
            [0, 0, 0, 0],
            [0, 0, 0, 0],
            [0, 0, 0, 0],
          ],
        ].flatMap((m) => [m, m, m, m]),
      );
      expect((await pointingGameShares(shifted, 2, 3))[0]).toBeCloseTo(4 / 6, 6);
      await expect(pointingGameShares(single, 2, 2)).rejects.toThrow(
        /smooth must be 0 or an odd window size, got 2/,
      );
      tf.dispose([single, shifted]);
    });

    it('selects correctly classified images of distinct classes, most confident first per class', async () => {
      // 6 classes × 3 images; image i has label i mod 6 and logit 1 + i/10 for its class.
      const labels = Array.from({ length: 18 }, (_, i) => i % 6);
      const logits = tf.tidy(() =>
        tf.mul(tf.oneHot(labels, 6), tf.reshape(tf.linspace(1, 2.7, 18), [18, 1])),
      ) as tf.Tensor2D;
      const wrong = labels.map((label, i) => (i === 17 ? (label + 1) % 6 : label));
      const grids = await pointingGameGrids(logits, wrong, { gridSize: 2 });
      expect(grids.length).toBeGreaterThan(0);
      const used = grids.flat();
      expect(used).not.toContain(17);
      for (const grid of grids) expect(new Set(grid.map((i) => labels[i])).size).toBe(4);
      for (let c = 0; c < 6; c++) {
        const order = used.filter((i) => labels[i] === c);
        expect(order).toEqual([...order].sort((a, b) => b - a));
      }
      expect(await pointingGameGrids(logits, labels, { gridSize: 2, grids: 1 })).toHaveLength(1);
      const confident = await pointingGameGrids(logits, labels, { gridSize: 2, minConfidence: 0.999 });
      expect(confident).toEqual([]);
      logits.dispose();
    });

    it('maskLocalisation: the share of positive attribution inside the mask', async () => {
      const attributions = tf.tensor3d([
        [
          [2, -5],
          [1, 1],
        ],
        [
          [-1, -1],
          [-1, -1],
        ],
      ]);
      const masks = tf.tensor3d([
        [
          [1, 1],
          [0, 0],
        ],
        [
          [1, 0],
          [0, 0],
        ],
      ]);
      expect(await maskLocalisation(attributions, masks)).toEqual([0.5, 0]);
      await expect(maskLocalisation(attributions, tf.zeros([2, 2, 3]) as tf.Tensor3D)).rejects.toThrow(
        /must both be \[N, H, W\] of one shape/,
      );
      tf.dispose([attributions, masks]);
    });
  },
  { backends: ['cpu'] },
);
