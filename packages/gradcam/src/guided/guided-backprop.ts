import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { checkFinite, checkImages } from '../engine/check-images';
import { GraphRun } from '../graph/graph-run';
import { asCamModel, requireLayersModel } from '../model/as-cam-model';
import { outputKind } from '../targets/output-kind';
import { type CamTargets, resolveTargets } from '../targets/targets';
import { withGuidedRelu } from './guided-relu-gradient';

/**
 * Guided backpropagation (pytorch-grad-cam's GuidedBackpropReLUModel): the gradient of each image's
 * target score with respect to the image ([N, H, W, C]), every ReLU passing only positive
 * gradients where its input is positive. Default target: the predicted class.
 */
export async function guidedBackprop(
  model: LayersModel,
  images: tf.Tensor4D,
  { targets }: { targets?: CamTargets } = {},
): Promise<tf.Tensor4D> {
  checkImages(asCamModel(requireLayersModel(model, 'guided backpropagation')), images);
  await checkFinite(images);
  const logits = tf.tidy(() => new GraphRun(model, [images]).outputs()[0] as tf.Tensor2D);
  const scorer = await resolveTargets(targets, images.shape[0], outputKind(model))
    .fixed(logits)
    .finally(() => logits.dispose());
  const rows = Array.from({ length: images.shape[0] }, (_, i) => i);
  return withGuidedRelu(() =>
    tf.tidy(
      () =>
        tf.grad((x: tf.Tensor) =>
          tf.sum(scorer.score(new GraphRun(model, [x]).outputs()[0] as tf.Tensor2D, rows)),
        )(images) as tf.Tensor4D,
    ),
  );
}

/**
 * pytorch-grad-cam's deprocess_image, per image: standardise ((g − mean) / (std + 1e-5)), scale by
 * 0.1, shift to 0.5, clip to [0, 1] and truncate ×255 to integers (int32 in 0..255).
 */
export function deprocessImage(gradients: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(gradients, [1, 2, 3], true);
    const standardised = tf.div(tf.sub(gradients, mean), tf.add(tf.sqrt(variance), 1e-5));
    const shown = tf.clipByValue(tf.add(tf.mul(standardised, 0.1), 0.5), 0, 1);
    return tf.cast(tf.floor(tf.mul(shown, 255)), 'int32') as tf.Tensor4D;
  });
}

/** Guided Grad-CAM: guided-backpropagation gradients ([N, H, W, C]) times the CAMs ([N, H, W]). */
export function guidedGradCam(cams: tf.Tensor3D, gradients: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => tf.mul(tf.expandDims(cams, 3), gradients) as tf.Tensor4D);
}
