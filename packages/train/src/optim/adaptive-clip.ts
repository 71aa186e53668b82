import * as tf from '@tensorflow/tfjs-core';

export interface AdaptiveClipOptions {
  /** λ: a unit's gradient norm is capped at λ · max(‖w‖, eps) (NFNets use 0.01–0.16). */
  clipFactor: number;
  /** Floor of the weight norm, so zero-initialised weights can still move (default 1e-3). */
  eps?: number;
  /** Variables whose name contains any of these are left unclipped (NFNets skip the classifier). */
  exclude?: readonly string[];
}

/**
 * Norm per output unit. tfjs keeps output units on the last axis (conv [kh, kw, in, out], dense
 * [in, out]), where PyTorch keeps them first; vectors (gains, biases) take one norm as in timm.
 */
function unitwiseNorm(x: tf.Tensor): tf.Tensor {
  if (x.rank <= 1) return tf.norm(x);
  const axes = Array.from({ length: x.rank - 1 }, (_, i) => i);
  return tf.sqrt(tf.sum(tf.square(x), axes, true));
}

/** Adaptive gradient clipping (Brock et al. 2021, NFNets), as timm's `adaptive_clip_grad`, unit-wise. */
export function adaptiveClip(gradients: tf.NamedTensorMap, options: AdaptiveClipOptions): tf.NamedTensorMap {
  const { clipFactor, eps = 1e-3, exclude = [] } = options;
  return tf.tidy(() =>
    Object.fromEntries(
      Object.entries(gradients).map(([name, g]) => {
        if (exclude.some((part) => name.includes(part))) return [name, tf.clone(g)];
        const weight = tf.engine().registeredVariables[name];
        if (!weight) throw new Error(`adaptiveClip: no variable named '${name}' is registered`);
        const maxNorm = tf.mul(tf.maximum(unitwiseNorm(weight), eps), clipFactor);
        const gradNorm = unitwiseNorm(g);
        const clipped = tf.mul(g, tf.div(maxNorm, tf.maximum(gradNorm, 1e-6)));
        return [name, tf.where(tf.less(gradNorm, maxNorm), g, clipped)];
      }),
    ),
  );
}
