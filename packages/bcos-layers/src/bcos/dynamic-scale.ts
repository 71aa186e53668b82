import * as tf from '@tensorflow/tfjs-core';

/**
 * The B-cos transform of a linear output `out = ŵ·x` given the input norm ‖x‖ (broadcast over the
 * last axis): y = out·|cos|^(b−1) with |cos| = |out|/‖x‖. b = 2 takes the exact form out·|out|/‖x‖
 * (as the reference does); other b add 1e-6 to |cos| before the power. In explanation mode
 * (`detach`) the factor |cos|^(b−1) passes no gradient, leaving y linear in x.
 */
export function bcosScale(out: tf.Tensor, norm: tf.Tensor, b: number, detach: boolean): tf.Tensor {
  if (b === 1) return out;
  return scaleWithGradient(b, detach)(out, norm);
}

/**
 * The transform with its gradient written out: autodiff through abs, div and pow would record about
 * twice the kernels, and this op runs after every B-cos layer.
 */
function scaleWithGradient(b: number, detach: boolean) {
  return tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [out, norm, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    const cosine = tf.div(tf.abs(out), norm);
    const factor = b === 2 ? cosine : tf.pow(tf.add(cosine, 1e-6), b - 1);
    const value = tf.mul(out, factor);
    save([out, norm, cosine, factor, value]);
    return {
      value,
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) =>
        detach ? frozenGradients(dy as tf.Tensor, saved) : gradients(dy as tf.Tensor, saved, b),
    };
  });
}

/** Explanation mode: y = factor·out with the factor a constant. */
function frozenGradients(dy: tf.Tensor, [, norm, , factor]: tf.Tensor[]): tf.Tensor[] {
  return [tf.mul(dy, factor!), tf.zerosLike(norm!)];
}

/**
 * With c = |out|/n, f = (c + ε)^(b−1) and g = (b−1)·c·f/(c + ε) (= c for the exact b = 2 form):
 * ∂y/∂out = f + g and ∂y/∂n = −out·g/n, summed over the axis the norm was broadcast along.
 */
function gradients(dy: tf.Tensor, [out, norm, cosine, factor, value]: tf.Tensor[], b: number): tf.Tensor[] {
  const g = b === 2 ? cosine! : tf.mul(tf.div(tf.mul(cosine!, factor!), tf.add(cosine!, 1e-6)), b - 1);
  const dOut = tf.mul(dy, tf.add(factor!, g));
  // out·g = y·g/f; for b = 2 that is y itself, saving two kernels.
  const outTimesG = b === 2 ? value! : tf.mul(out!, g);
  const dNorm = tf.neg(tf.div(tf.sum(tf.mul(dy, outTimesG), -1, true), norm!));
  return [dOut, dNorm];
}
