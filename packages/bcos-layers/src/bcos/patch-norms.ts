import * as tf from '@tensorflow/tfjs-core';
import type { ConvGeometry } from './conv-geometry';
import { dilateKernel } from './dilate-kernel';

/**
 * ‖x‖ of every convolution window: sqrt(Σ x² over the zero-padded kh×kw×C window + 1e-6), shape
 * [N, H', W', 1]. The window sum is a convolution of the channel-summed squares with a ones kernel,
 * exact at the borders (tfjs' 'same' avgPool would leave the padded cells out of its count).
 */
export function patchNorms(x: tf.Tensor4D, geometry: ConvGeometry): tf.Tensor4D {
  return tf.tidy(() => {
    const squares = tf.sum(tf.square(x), 3, true) as tf.Tensor4D;
    const ones = dilateKernel(tf.ones([...geometry.kernelSize, 1, 1]) as tf.Tensor4D, geometry.dilationRate);
    const windowSums = tf.conv2d(squares, ones, geometry.strides, geometry.padding);
    return tf.sqrt(tf.add(windowSums, 1e-6)) as tf.Tensor4D;
  });
}
