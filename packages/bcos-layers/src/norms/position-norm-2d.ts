import type * as tf from '@tensorflow/tfjs-core';
import { serialization } from '@tensorflow/tfjs-core';
import type { NormArgs } from './norm-options';
import { Norm2d } from './norm2d';
import { standardizeOver } from './standardize';

/** Position norm (B-cos v2 PositionNormUncentered2d): statistics over the channels of each pixel. */
export class PositionNorm2d extends Norm2d {
  static readonly className = 'PositionNorm2d';

  protected override standardize(x: tf.Tensor4D, _training: boolean): tf.Tensor {
    return standardizeOver(x, [3], { ...this.settings, detachVariance: this.explanationMode });
  }
}
serialization.registerClass(PositionNorm2d);

export function positionNorm2d(args: NormArgs = {}): PositionNorm2d {
  return new PositionNorm2d(args);
}
