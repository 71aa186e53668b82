import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { containerNodes } from './container-nodes';
import type { ContainerCall, TensorLocation } from './graph-run';
import { isContainer, type Layer, layerWeight } from './layer-types';

/** A layer call whose output carries a per-channel bias, and that bias ([K]). */
export interface BiasSite {
  location: TensorLocation;
  bias: tf.Tensor1D;
}

/**
 * The convolutions with a bias and the batch normalisations of `model`, nested models included,
 * in evaluation order (FullGrad's bias layers, as pytorch-grad-cam's Conv2d / BatchNorm2d). A
 * batch norm's bias in inference form is β − μ·γ/√(σ² + ε). The caller disposes the biases.
 */
export function biasSites(model: LayersModel, path: readonly ContainerCall[] = []): BiasSite[] {
  const sites: BiasSite[] = [];
  for (const node of containerNodes(model)) {
    const layer = node.outboundLayer;
    if (isContainer(layer)) {
      sites.push(
        ...biasSites(layer, [...path, { container: layer, nodeIndex: layer.inboundNodes.indexOf(node) }]),
      );
      continue;
    }
    const bias = biasOf(layer);
    if (bias) sites.push({ location: { path, tensor: node.outputTensors[0]! }, bias });
  }
  return sites;
}

function biasOf(layer: Layer): tf.Tensor1D | undefined {
  const weight = (name: string) => layerWeight(layer, name);
  const className = layer.getClassName();
  if (className === 'Conv2D' || className === 'DepthwiseConv2D' || className === 'SeparableConv2D') {
    const bias = weight('bias');
    return bias ? (tf.clone(bias) as tf.Tensor1D) : undefined;
  }
  if (className !== 'BatchNormalization') return undefined;
  const epsilon = layer.getConfig().epsilon as number;
  return tf.tidy(() => {
    const mean = weight('moving_mean')!;
    const variance = weight('moving_variance')!;
    const gamma = weight('gamma') ?? tf.onesLike(mean);
    const beta = weight('beta') ?? tf.zerosLike(mean);
    return tf.sub(beta, tf.div(tf.mul(mean, gamma), tf.sqrt(tf.add(variance, epsilon)))) as tf.Tensor1D;
  });
}
