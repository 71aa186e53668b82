import { type BcosExplainer, type Explainer, explainer } from '@bcos/gradcam';
import type { InputPipeline } from '@bcos/train';
import type * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';

/** A trained model and how its input is prepared from dataset bytes. */
export interface TrainedModel {
  label: string;
  model: LayersModel;
  pipeline: InputPipeline;
}

/** Dataset pixels (int32 [N, H, W, 3] in 0..255) as the model's input. */
const pixelsToInput = (trained: TrainedModel) => (pixels: tf.Tensor4D) => trained.pipeline.prepare(pixels);

/** The B-cos model's own explanation of dataset pixels: the contribution W(x)·x of every pixel to the target logit. */
export function bcosContributions(trained: TrainedModel): BcosExplainer {
  return explainer(trained.model, 'bcos', {
    prepare: pixelsToInput(trained),
    label: `B-cos explanation (${trained.label})`,
  });
}

/** Grad-CAM of dataset pixels on the model's last 4-D layer (layer4.1 of a ResNet-18), upsampled to the image. */
export function gradcamMaps(trained: TrainedModel): Explainer {
  return explainer(trained.model, 'gradcam', {
    prepare: pixelsToInput(trained),
    label: `Grad-CAM (${trained.label})`,
  });
}
