/** Small models with the structures the engine must handle, with seeded weights. */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

const seeded = (seed: number) => tfl.initializers.randomNormal({ mean: 0, stddev: 0.5, seed });

export interface ResidualParts {
  stem: tfl.layers.Layer;
  stemRelu: tfl.layers.Layer;
  /** The CAM layer: its output is bypassed by the skip connection around it. */
  inner: tfl.layers.Layer;
  add: tfl.layers.Layer;
  blockRelu: tfl.layers.Layer;
  head: tfl.layers.Layer;
  pool: tfl.layers.Layer;
  fc: tfl.layers.Layer;
}

/** Layers of: conv → relu → [inner conv, skip] → add → relu → conv → global average pool → dense. */
export function residualParts(classes = 3): ResidualParts {
  return {
    stem: tfl.layers.conv2d({
      name: 'stem',
      filters: 4,
      kernelSize: 3,
      padding: 'same',
      kernelInitializer: seeded(1),
      biasInitializer: seeded(2),
    }),
    stemRelu: tfl.layers.reLU({ name: 'stem_relu' }),
    inner: tfl.layers.conv2d({
      name: 'inner',
      filters: 4,
      kernelSize: 3,
      padding: 'same',
      kernelInitializer: seeded(3),
      biasInitializer: seeded(4),
    }),
    add: tfl.layers.add({ name: 'skip_add' }),
    blockRelu: tfl.layers.reLU({ name: 'block_relu' }),
    head: tfl.layers.conv2d({
      name: 'head',
      filters: 5,
      kernelSize: 3,
      strides: 2,
      padding: 'same',
      kernelInitializer: seeded(5),
    }),
    pool: tfl.layers.globalAveragePooling2d({ name: 'pool' }),
    fc: tfl.layers.dense({
      name: 'fc',
      units: classes,
      kernelInitializer: seeded(6),
      biasInitializer: seeded(7),
    }),
  };
}

/** The residual network as one flat functional model. */
export function residualModel(parts = residualParts()): tfl.LayersModel {
  const input = tfl.input({ shape: [8, 8, 3], name: 'image' });
  const stem = parts.stemRelu.apply(parts.stem.apply(input)) as tfl.SymbolicTensor;
  const block = parts.blockRelu.apply(
    parts.add.apply([stem, parts.inner.apply(stem) as tfl.SymbolicTensor]),
  ) as tfl.SymbolicTensor;
  const output = parts.fc.apply(parts.pool.apply(parts.head.apply(block))) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: output, name: 'residual' });
}

/** The same network (same layer objects) with the residual block as a nested model. */
export function nestedResidualModel(parts: ResidualParts): tfl.LayersModel {
  const blockInput = tfl.input({ shape: [8, 8, 4], name: 'block_input' });
  const blockOutput = parts.blockRelu.apply(
    parts.add.apply([blockInput, parts.inner.apply(blockInput) as tfl.SymbolicTensor]),
  ) as tfl.SymbolicTensor;
  const block = tfl.model({ inputs: blockInput, outputs: blockOutput, name: 'block' });
  const input = tfl.input({ shape: [8, 8, 3], name: 'image' });
  const stem = parts.stemRelu.apply(parts.stem.apply(input)) as tfl.SymbolicTensor;
  const output = parts.fc.apply(parts.pool.apply(parts.head.apply(block.apply(stem)))) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: output, name: 'nested' });
}

/** conv → batch norm (with non-trivial moving statistics) → relu → pool → dense. */
export function batchNormModel(units = 3, activation?: 'sigmoid'): tfl.LayersModel {
  const model = tfl.sequential({
    name: 'bn',
    layers: [
      tfl.layers.conv2d({
        name: 'conv',
        inputShape: [8, 8, 3],
        filters: 4,
        kernelSize: 3,
        padding: 'same',
        kernelInitializer: seeded(11),
      }),
      tfl.layers.batchNormalization({
        name: 'bn',
        movingMeanInitializer: seeded(12),
        movingVarianceInitializer: tfl.initializers.constant({ value: 2.5 }),
        gammaInitializer: seeded(13),
        betaInitializer: seeded(14),
      }),
      tfl.layers.reLU({ name: 'relu' }),
      tfl.layers.globalAveragePooling2d({ name: 'pool' }),
      tfl.layers.dense({
        name: 'fc',
        units,
        activation,
        kernelInitializer: seeded(15),
        biasInitializer: seeded(16),
      }),
    ],
  });
  return model;
}

export function randomImages(n: number, seed = 21, size = 8): tf.Tensor4D {
  return tf.randomUniform([n, size, size, 3], 0, 1, 'float32', seed) as tf.Tensor4D;
}
