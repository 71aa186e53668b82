import { gradcam, overlay } from '@bcos/gradcam';
import { compositeOver, contributionMapPicture, explain } from '@bcos/layers';
import type { InputPipeline } from '@bcos/train';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';

/** A trained model and how its input is prepared from dataset bytes. */
export interface TrainedModel {
  label: string;
  model: LayersModel;
  pipeline: InputPipeline;
}

/** One way of explaining one model: per image, a map [N, H, W] of the evidence for `targets`. */
export interface AttributionMethod {
  /** e.g. "B-cos explanation (B-cos ResNet-18)". */
  label: string;
  /** Image pixels: int32 [N, H, W, 3] in 0..255. */
  maps(images: tf.Tensor4D, targets: number[]): Promise<tf.Tensor3D>;
  /** One map drawn over its image ([H, W, 3] in [0, 1]) as an [H, W, 3] picture. */
  picture(image: tf.Tensor3D, map: tf.Tensor2D): tf.Tensor3D;
}

/** The B-cos model's own explanation: the contribution W(x)·x of every pixel to the target logit. */
export function bcosContributions(trained: TrainedModel): AttributionMethod {
  return {
    label: `B-cos explanation (${trained.label})`,
    async maps(images, targets) {
      const input = trained.pipeline.prepare(images);
      try {
        const { logits, weights, contributions, rgba } = await explain(trained.model, input, {
          classIndex: targets,
        });
        tf.dispose([logits, weights, rgba]);
        return contributions;
      } finally {
        input.dispose();
      }
    },
    picture: (image, map) => tf.tidy(() => compositeOver(image, contributionMapPicture(map))),
  };
}

/** Grad-CAM on the model's last 4-D layer (layer4.1 of a ResNet-18), upsampled to the image. */
export function gradcamMaps(trained: TrainedModel): AttributionMethod {
  return {
    label: `Grad-CAM (${trained.label})`,
    async maps(images, targets) {
      const input = trained.pipeline.prepare(images);
      try {
        const { cams, raw, logits } = await gradcam(trained.model, input, { targets });
        tf.dispose([raw, logits]);
        return cams as tf.Tensor3D;
      } finally {
        input.dispose();
      }
    },
    picture: (image, map) => overlay(image, map),
  };
}
