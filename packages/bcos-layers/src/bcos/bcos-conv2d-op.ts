import * as tf from '@tensorflow/tfjs-core';
import { applyDetachedIf } from '../stop-gradient';
import type { ConvGeometry } from './conv-geometry';
import { dilateKernel } from './dilate-kernel';
import { bcosScale } from './dynamic-scale';
import { maxOut } from './max-out';
import { patchNorms } from './patch-norms';
import { unitNormFilters } from './unit-norm-filters';

export interface BcosTransform {
  /** Alignment pressure: output = linear · |cos|^(b−1). */
  b: number;
  /** Linear pieces per output unit; the unit keeps the largest. */
  maxOut: number;
  /** Explanation mode: detach the dynamic factor. */
  detach: boolean;
}

/**
 * B-cos convolution of NHWC `x` with a [kh, kw, in, out·maxOut] kernel whose filters are scaled to
 * unit norm on every call: y = MaxOut(ŵ∗x) · |cos|^(b−1).
 */
export function bcosConv2dOp(
  x: tf.Tensor4D,
  kernel: tf.Tensor4D,
  geometry: ConvGeometry,
  transform: BcosTransform,
  owner = 'bcosConv2d',
): tf.Tensor4D {
  return tf.tidy(() => {
    const filters = dilateKernel(unitNormFilters(kernel) as tf.Tensor4D, geometry.dilationRate);
    const linear = maxOut(tf.conv2d(x, filters, geometry.strides, geometry.padding), transform.maxOut, owner);
    if (transform.b === 1) return linear as tf.Tensor4D;
    const norms = applyDetachedIf((input) => patchNorms(input as tf.Tensor4D, geometry), x, transform.detach);
    return bcosScale(linear, norms, transform.b, transform.detach) as tf.Tensor4D;
  });
}
