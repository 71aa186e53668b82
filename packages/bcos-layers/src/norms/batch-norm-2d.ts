import { batchNormTraining } from '@bcos/backend';
import * as tf from '@tensorflow/tfjs-core';
import { serialization } from '@tensorflow/tfjs-core';
import { initializers } from '@tensorflow/tfjs-layers';
import type { LayerVariable } from '../layer-types';
import type { NormArgs } from './norm-options';
import { type Affine, Norm2d } from './norm2d';
import { divideByDeviation } from './standardize';

/**
 * Batch norm over (N, H, W) per channel. Uncentered (default) is B-cos v2's BatchNormUncentered2d:
 * x/sqrt(var + ε) with only `moving_variance`; centered adds `moving_mean`. Training standardises by
 * the batch and updates the moving statistics (as tfjs BatchNormalization does, inside `call`);
 * inference uses the moving statistics.
 */
export class BatchNorm2d extends Norm2d {
  static readonly className = 'BatchNorm2d';
  private movingMean?: LayerVariable;
  private movingVariance?: LayerVariable;

  protected override buildStatistics(channels: number): void {
    if (this.settings.centered) {
      this.movingMean = this.addWeight(
        'moving_mean',
        [channels],
        'float32',
        initializers.zeros(),
        undefined,
        false,
      );
    }
    this.movingVariance = this.addWeight(
      'moving_variance',
      [channels],
      'float32',
      initializers.ones(),
      undefined,
      false,
    );
  }

  /** Inference: the moving statistics (training runs in `fusedNorm`). */
  protected override standardize(x: tf.Tensor4D): tf.Tensor {
    const moving = { mean: this.movingMean?.read() ?? null, variance: this.movingVariance!.read() };
    return divideByDeviation(x, moving, this.settings.epsilon);
  }

  /**
   * Training: standardises by the batch statistics (@bcos/backend's batchNormTraining: one kernel
   * each way on cpu and wasm) and updates the moving statistics. Explanation mode detaches the variance.
   */
  protected override fusedNorm(x: tf.Tensor4D, training: boolean, affine: Affine): tf.Tensor | undefined {
    if (!training) return undefined;
    const { centered, epsilon } = this.settings;
    const batch = batchNormTraining(x, {
      centered,
      epsilon,
      ...affine,
      detachVariance: this.explanationMode,
    });
    this.updateMovingStatistics(batch.mean, batch.variance, x.size / x.shape[3]);
    return batch.y;
  }

  /**
   * Centered: PyTorch's BatchNorm2d (unbiased batch variance in the moving average); uncentered:
   * B-cos v2's (biased). Both so that weights trained here or there mean the same.
   */
  private updateMovingStatistics(mean: tf.Tensor, variance: tf.Tensor, count: number): void {
    tf.tidy(() => {
      const keep = this.settings.momentum;
      const blend = (moving: LayerVariable, batch: tf.Tensor) =>
        moving.write(tf.add(tf.mul(moving.read(), keep), tf.mul(batch, 1 - keep)));
      if (this.movingMean) blend(this.movingMean, mean);
      const unbiased = this.settings.centered && count > 1;
      blend(this.movingVariance!, unbiased ? tf.mul(variance, count / (count - 1)) : variance);
    });
  }
}
serialization.registerClass(BatchNorm2d);

/** Batch norm for NHWC feature maps; B-cos defaults (uncentered, no bias). */
export function batchNorm2d(args: NormArgs = {}): BatchNorm2d {
  return new BatchNorm2d(args);
}
