import type * as tf from '@tensorflow/tfjs-core';
import { model as functionalModel, type LayersModel, type SymbolicTensor } from '@tensorflow/tfjs-layers';

/** Builds a model, hands it to `body`, and disposes it whatever happens. */
export async function withModel<T>(
  build: () => LayersModel,
  body: (model: LayersModel) => T | Promise<T>,
): Promise<T> {
  const model = build();
  try {
    return await body(model);
  } finally {
    model.dispose();
  }
}

/** torchvision's / B-cos v2's ResNet-18 modules that hold parameters, as state_dict prefixes. */
export const RESNET18_WEIGHTED_LAYERS: readonly string[] = [
  'conv1',
  'bn1',
  ...[1, 2, 3, 4].flatMap((stage) =>
    [0, 1].flatMap((block) => {
      const name = `layer${stage}.${block}`;
      const own = [`${name}.conv1`, `${name}.bn1`, `${name}.conv2`, `${name}.bn2`];
      return stage > 1 && block === 0 ? [...own, `${name}.downsample.0`, `${name}.downsample.1`] : own;
    }),
  ),
  'fc',
];

export function weightedLayerNames(model: LayersModel): string[] {
  return model.layers.filter((layer) => layer.weights.length > 0).map((layer) => layer.name);
}

/** The outputs of the named layers, from one forward pass. */
export function outputsOf(model: LayersModel, x: tf.Tensor, layers: readonly string[]): tf.Tensor[] {
  const probe = functionalModel({
    inputs: model.inputs,
    outputs: layers.map((name) => model.getLayer(name).output as SymbolicTensor),
  });
  const outputs = probe.predict(x);
  return Array.isArray(outputs) ? outputs : [outputs];
}

/**
 * A B-cos model's logits before the logit layer adds its bias, read off the global average pooling:
 * the float32 logits themselves hold small pre-bias values only to float32's resolution at the bias.
 */
export function logitsBeforeBias(model: LayersModel, x6: tf.Tensor): tf.Tensor2D {
  return outputsOf(model, x6, ['avgpool'])[0] as tf.Tensor2D;
}
