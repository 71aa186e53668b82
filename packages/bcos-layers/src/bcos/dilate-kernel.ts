import * as tf from '@tensorflow/tfjs-core';

/**
 * Spreads a [kh, kw, in, out] kernel to its dilated footprint [(kh−1)·dh+1, (kw−1)·dw+1, in, out]
 * with zeros between the taps. A convolution with the result and dilation 1 equals the dilated
 * convolution, and (unlike tfjs' conv2d gradient) it trains.
 */
export function dilateKernel(kernel: tf.Tensor4D, [dh, dw]: [number, number]): tf.Tensor4D {
  if (dh === 1 && dw === 1) return kernel;
  return tf.tidy(() => {
    const [kh, kw, channelsIn, channelsOut] = kernel.shape;
    const tall = spreadAxis(tf.reshape(kernel, [kh, 1, kw * channelsIn * channelsOut]), dh);
    const rows = (kh - 1) * dh + 1;
    const wide = spreadAxis(
      tf.reshape(tf.slice(tall, 0, rows), [rows, kw, 1, channelsIn * channelsOut]),
      dw,
      2,
    );
    const cols = (kw - 1) * dw + 1;
    return tf.reshape(tf.slice(wide, [0, 0, 0], [rows, cols, -1]), [rows, cols, channelsIn, channelsOut]);
  });
}

/** Pads the unit axis that follows the tap axis to `step`, then merges the two: taps `step` apart. */
function spreadAxis(x: tf.Tensor, step: number, unitAxis = 1): tf.Tensor {
  const padding = x.shape.map((_, axis) => (axis === unitAxis ? [0, step - 1] : [0, 0])) as Array<
    [number, number]
  >;
  const padded = tf.pad(x, padding);
  const merged = [...x.shape];
  merged.splice(unitAxis - 1, 2, x.shape[unitAxis - 1]! * step);
  return tf.reshape(padded, merged);
}
