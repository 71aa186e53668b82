import type * as tf from '@tensorflow/tfjs-core';
import type { LayersModel, SymbolicTensor } from '@tensorflow/tfjs-layers';

/** tfjs-layers' `Layer` and `Node`, named through the public `LayersModel` type (no deep imports). */
export type Layer = LayersModel['layers'][number];
export type LayerNode = Layer['inboundNodes'][number];
export type { SymbolicTensor };

/**
 * A layer that is itself a graph of layers (a functional model or a Sequential used as a layer).
 * Duck-typed: the ESM and CJS builds of tfjs-layers are separate module instances, so `instanceof`
 * would fail for models built with the other one.
 */
export function isContainer(layer: Layer): layer is LayersModel {
  const candidate = layer as Partial<LayersModel>;
  return (
    Array.isArray(candidate.layers) && Array.isArray(candidate.inputs) && Array.isArray(candidate.outputs)
  );
}

/** The call of a layer that produced `tensor`. */
export function producingNode(tensor: SymbolicTensor): LayerNode {
  const node = tensor.sourceLayer.inboundNodes[tensor.nodeIndex];
  if (!node)
    throw new Error(`tensor '${tensor.name}' has no producing node in layer '${tensor.sourceLayer.name}'`);
  return node;
}

/** True for the node of an `InputLayer`: a graph input, fed rather than computed. */
export function isInputNode(node: LayerNode): boolean {
  return node.inboundLayers.length === 0;
}

/** The value of `layer`'s weight called `name` (`kernel`, `bias`, `moving_mean`, …), if it has one. */
export function layerWeight(layer: Layer, name: string): tf.Tensor | undefined {
  return layer.weights.find((w) => w.originalName.endsWith(`/${name}`))?.read();
}
