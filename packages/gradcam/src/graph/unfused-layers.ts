import * as tf from '@tensorflow/tfjs-core';
import type { Layer } from './layer-types';

interface WeightedLayer {
  activation?: { apply(x: tf.Tensor): tf.Tensor };
}

/**
 * tfjs-layers' Conv2D and Dense call tfjs-core's fused ops, whose gradient (a `customGrad`) computes
 * the weights' gradients along with the input's, read or not: half of Grad-CAM's backward pass
 * through InceptionV3 went to filter gradients. While a gradient is being recorded, such a layer is
 * evaluated here as the same ops unfused (what tfjs-core itself does for a fused non-linear
 * activation then), whose gradients are computed per input, on demand. Undefined for other layers,
 * and outside gradients, where the fused kernel is the faster one.
 */
export function unfusedLayerOutput(layer: Layer, inputs: readonly tf.Tensor[]): tf.Tensor | undefined {
  const [x] = inputs;
  const { activation } = layer as WeightedLayer;
  if (inputs.length !== 1 || !x || !activation || tf.engine().state.gradientDepth === 0) return undefined;
  const linear = linearPart(layer.getClassName(), layer.getConfig(), x);
  const kernel = weightOf(layer, 'kernel');
  if (!linear || !kernel) return undefined;
  return tf.tidy(() => {
    const product = linear(kernel);
    const bias = weightOf(layer, 'bias');
    return activation.apply(bias ? tf.add(product, bias) : product);
  });
}

type LinearPart = (kernel: tf.Tensor) => tf.Tensor;

function linearPart(
  className: string,
  config: tf.serialization.ConfigDict,
  x: tf.Tensor,
): LinearPart | undefined {
  if (className === 'Dense' && x.rank === 2)
    return (kernel) => tf.matMul(x as tf.Tensor2D, kernel as tf.Tensor2D);
  const { padding } = config;
  if (className !== 'Conv2D' || x.rank !== 4 || config.dataFormat === 'channelsFirst') return undefined;
  if (padding !== 'same' && padding !== 'valid') return undefined;
  const strides = config.strides as [number, number];
  const dilations = config.dilationRate as [number, number];
  return (kernel) => tf.conv2d(x as tf.Tensor4D, kernel as tf.Tensor4D, strides, padding, 'NHWC', dilations);
}

function weightOf(layer: Layer, name: string): tf.Tensor | undefined {
  return layer.weights.find((w) => w.originalName.endsWith(`/${name}`))?.read();
}
