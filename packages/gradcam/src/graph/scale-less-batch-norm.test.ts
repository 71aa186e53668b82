import { describeBackends, expectAllClose } from '@bcos/backend/testing';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@bcos/backend';
import { it } from 'vitest';
import { gradcam } from '../engine/gradcam';
import { randomImages } from '../test-models';

/** conv → batch norm (scale on or off, same β and statistics) → relu → pool → dense. */
function normModel(scale: boolean): tfl.LayersModel {
  const seeded = (seed: number) => tfl.initializers.randomNormal({ mean: 0, stddev: 0.5, seed });
  return tfl.sequential({
    name: scale ? 'unit_gamma' : 'scale_less',
    layers: [
      tfl.layers.conv2d({
        name: 'conv',
        inputShape: [8, 8, 3],
        filters: 4,
        kernelSize: 3,
        kernelInitializer: seeded(1),
      }),
      tfl.layers.batchNormalization({
        name: 'bn',
        scale,
        gammaInitializer: 'ones',
        betaInitializer: seeded(2),
        movingMeanInitializer: seeded(3),
        movingVarianceInitializer: tfl.initializers.constant({ value: 1.7 }),
      }),
      tfl.layers.reLU({ name: 'relu' }),
      tfl.layers.globalAveragePooling2d({ name: 'pool' }),
      tfl.layers.dense({ name: 'fc', units: 3, kernelInitializer: seeded(4) }),
    ],
  });
}

describeBackends('scale-less batch norm', () => {
  it('is differentiated as the same batch norm with γ = 1 (tfjs-core alone crashes)', async () => {
    const x = randomImages(2);
    const scaleLess = await gradcam(normModel(false), x, { layer: 'conv', method: 'hirescam', targets: 1 });
    const unitGamma = await gradcam(normModel(true), x, { layer: 'conv', method: 'hirescam', targets: 1 });
    await expectAllClose(scaleLess.raw, unitGamma.raw, { atol: 1e-5 });
    await expectAllClose(scaleLess.logits, unitGamma.logits, { atol: 1e-5 });
    tf.dispose([
      x,
      scaleLess.cams,
      scaleLess.raw,
      scaleLess.logits,
      unitGamma.cams,
      unitGamma.raw,
      unitGamma.logits,
    ]);
  });
});
