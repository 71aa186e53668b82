import * as tf from '@tensorflow/tfjs-core';
import type { CamModel } from '../src/model/cam-model';

const RELATIVE_STEPS = [1e-2, 1e-3, 1e-4, 1e-5];

/**
 * Checks a layer of `model` independently of the CAM methods: the model continued from the layer's
 * activations A must predict what the model predicts (forward), and the score's directional
 * derivative along its gradient g, by central differences, must be |g| (gradient; the best of
 * steps 1e-2…1e-5·|A|: float32 rounding grows as the step shrinks, ReLU and max-pool switches as it
 * grows). The direction leaves out activations that are exactly 0 (ReLU outputs): a max-pool window
 * of zeros is a tie, where the gradient takes one of them (as tfjs and PyTorch do) and central
 * differences see the largest of the perturbations instead — not differentiable, so not checkable.
 * The score is output column 0 of the first image. Errors are relative.
 */
export async function finiteDifferenceCheck(
  model: CamModel,
  layer: string,
  images: tf.Tensor4D,
): Promise<{ forwardError: number; gradientError: number }> {
  const bound = model.bind(layer, images.shape);
  const score = (output: tf.Tensor2D) => tf.sum(tf.slice(output, [0, 0], [1, 1]));
  const checks = tf.tidy(() => {
    // A LayersModel's run continues from the layer once: each continuation gets a run of its own.
    const from = (activations: tf.Tensor) => bound.run(images).outputFrom(activations);
    const run = bound.run(images);
    const predicted = model.predict(images);
    const continued = from(run.activations);
    const forward = tf.div(tf.max(tf.abs(tf.sub(continued, predicted))), tf.max(tf.abs(predicted)));
    const nonZero = tf.cast(tf.notEqual(run.activations, 0), 'float32');
    const gradient = tf.mul(tf.grad((a: tf.Tensor) => score(from(a)))(run.activations), nonZero);
    const gNorm = tf.norm(gradient);
    const direction = tf.div(gradient, gNorm);
    const differences = RELATIVE_STEPS.map((relative) => {
      const h = tf.mul(relative, tf.norm(run.activations));
      const shifted = (sign: number) =>
        score(from(tf.add(run.activations, tf.mul(sign, tf.mul(h, direction)))));
      return tf.div(tf.sub(shifted(1), shifted(-1)), tf.mul(2, h));
    });
    return [forward, gNorm, ...differences];
  });
  const [forward, gradientNorm, ...differences] = await Promise.all(
    checks.map(async (t) => (await t.data())[0]!),
  );
  tf.dispose(checks);
  const errors = differences.map((d) => Math.abs(d - gradientNorm!) / Math.max(gradientNorm!, 1e-30));
  return { forwardError: forward!, gradientError: Math.min(...errors) };
}
