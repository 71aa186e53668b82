import * as tf from '@tensorflow/tfjs-core';
import { type Layer, layerWeight } from './layer-types';

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
  const linear = linearPart(layer, x);
  const kernel = linear && layerWeight(layer, 'kernel');
  if (!linear || !kernel) return undefined;
  return tf.tidy(() => {
    const product = linear(kernel);
    const bias = layerWeight(layer, 'bias');
    return activation.apply(bias ? tf.add(product, bias) : product);
  });
}

type LinearPart = (kernel: tf.Tensor) => tf.Tensor;

function linearPart(layer: Layer, x: tf.Tensor): LinearPart | undefined {
  const className = layer.getClassName();
  if (className === 'Dense' && x.rank === 2)
    return (kernel) => tf.matMul(x as tf.Tensor2D, kernel as tf.Tensor2D);
  if (className !== 'Conv2D' || x.rank !== 4) return undefined;
  const { padding, dataFormat, strides, dilationRate } = layer.getConfig();
  if (dataFormat === 'channelsFirst' || (padding !== 'same' && padding !== 'valid')) return undefined;
  return (kernel) =>
    tf.conv2d(
      x as tf.Tensor4D,
      kernel as tf.Tensor4D,
      strides as [number, number],
      padding,
      'NHWC',
      dilationRate as [number, number],
    );
}
