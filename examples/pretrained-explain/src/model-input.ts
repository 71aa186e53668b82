import { encodeImage } from '@bcos/layers';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';

export type ModelKind = 'bcos' | 'plain';

/** torchvision's ImageNet normalisation, which its pretrained ResNets expect. */
const IMAGENET_MEAN = [0.485, 0.456, 0.406];
const IMAGENET_STD = [0.229, 0.224, 0.225];

/** B-cos models take the 6-channel encoding; any other model is a torchvision-style RGB network. */
export function modelKind(model: LayersModel): ModelKind {
  const shape = model.inputs[0]?.shape;
  if (model.inputs.length !== 1 || shape?.length !== 4) {
    throw new Error(
      `model '${model.name}': expected one image input [N, H, W, C], got ${JSON.stringify(model.inputs.map((i) => i.shape))}`,
    );
  }
  return shape[3] === 6 ? 'bcos' : 'plain';
}

/** The square image size the model was converted for. */
export function modelImageSize(model: LayersModel): number {
  const [, height, width] = model.inputs[0]!.shape;
  if (height == null || height !== width) {
    throw new Error(`model '${model.name}': expected a square input size, got ${height}×${width}`);
  }
  return height;
}

/** Images [N, H, W, 3] in [0, 1] → what the model takes. */
export function modelInput(kind: ModelKind, images: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() =>
    kind === 'bcos'
      ? encodeImage(images)
      : (tf.div(tf.sub(images, IMAGENET_MEAN), IMAGENET_STD) as tf.Tensor4D),
  );
}
