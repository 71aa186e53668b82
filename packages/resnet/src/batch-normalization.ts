import { batchNormTraining } from '@bcos/backend';
import * as tf from '@tensorflow/tfjs-core';
import { layers } from '@tensorflow/tfjs-layers';

type StockLayer = ReturnType<typeof layers.batchNormalization>;
type BatchNormalizationArgs = NonNullable<Parameters<typeof layers.batchNormalization>[0]>;
type Kwargs = Parameters<layers.Layer['call']>[1];

/** tfjs-layers' BatchNormalization class: its factory is public, the class is not. */
const StockBatchNormalization = layers.batchNormalization({}).constructor as new (
  args: BatchNormalizationArgs,
) => StockLayer;

/**
 * tfjs-layers' BatchNormalization whose training pass over NHWC input (axis −1) runs as
 * @bcos/backend's batchNormTraining: one kernel each way on cpu and wasm instead of tf.moments,
 * tf.batchNorm and the dozens of kernels of their gradients. The same class name, config and
 * weights (a saved model loads as the stock layer) and the same moving averages (of the biased batch
 * variance, as tfjs); inference and other inputs take the stock path.
 */
class BatchNormalization extends StockBatchNormalization {
  private readonly settings: { axis: number; epsilon: number; momentum: number; center: boolean };

  constructor(args: BatchNormalizationArgs) {
    super(args);
    const { axis, epsilon, momentum, center } = this.getConfig() as BatchNormalization['settings'];
    this.settings = { axis, epsilon, momentum, center };
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const { axis, epsilon, momentum, center } = this.settings;
    const channelsLast = axis === -1 || axis === 3;
    if (kwargs?.training !== true || x.rank !== 4 || x.dtype !== 'float32' || !channelsLast)
      return super.call(inputs, kwargs);
    return tf.tidy(() => {
      const weight = (name: string) => this.weights.find((w) => w.originalName.split('/').at(-1) === name);
      const batch = batchNormTraining(x, {
        centered: center,
        epsilon,
        gamma: weight('gamma')?.read(),
        beta: weight('beta')?.read(),
      });
      for (const [name, value] of [
        ['moving_mean', batch.mean],
        ['moving_variance', batch.variance],
      ] as const) {
        const moving = weight(name)!;
        const old = moving.read();
        moving.write(tf.sub(old, tf.mul(tf.sub(old, value), 1 - momentum)));
      }
      return batch.y;
    });
  }
}

/** A batch normalization layer for NHWC feature maps that trains through batchNormTraining (see above). */
export function batchNormalization(args: BatchNormalizationArgs): layers.Layer {
  return new BatchNormalization(args);
}
