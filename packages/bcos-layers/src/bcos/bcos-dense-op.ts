import * as tf from '@tensorflow/tfjs-core';
import { applyDetachedIf } from '../stop-gradient';
import type { BcosTransform } from './bcos-conv2d-op';
import { bcosScale } from './dynamic-scale';
import { maxOut } from './max-out';
import { unitNormFilters } from './unit-norm-filters';

/**
 * B-cos linear map of `x` [..., in] with an [in, out·maxOut] kernel of unit-norm columns:
 * y = MaxOut(x·ŵ) · |cos|^(b−1), the norm being ‖x‖ + 1e-12 (the reference's epsilon).
 */
export function bcosDenseOp(
  x: tf.Tensor,
  kernel: tf.Tensor2D,
  transform: BcosTransform,
  owner = 'bcosDense',
) {
  return tf.tidy(() => {
    const features = x.shape[x.rank - 1]!;
    const rows = tf.reshape(x, [-1, features]) as tf.Tensor2D;
    const linear = maxOut(tf.matMul(rows, unitNormFilters(kernel) as tf.Tensor2D), transform.maxOut, owner);
    const y =
      transform.b === 1
        ? linear
        : bcosScale(
            linear,
            applyDetachedIf(vectorNorms, rows, transform.detach),
            transform.b,
            transform.detach,
          );
    return tf.reshape(y, [...x.shape.slice(0, -1), y.shape[1]!]);
  });
}

function vectorNorms(rows: tf.Tensor): tf.Tensor {
  return tf.add(tf.sqrt(tf.sum(tf.square(rows), 1, true)), 1e-12);
}
