import type { LayersModel } from '@tensorflow/tfjs-layers';
import { containerNodes } from './container-nodes';
import { isContainer, type Layer } from './layer-types';

/**
 * The layer to explain: a `Layer` of the model, a layer name (searched in nested models too), or by
 * default the last layer of the outer model whose output is 4-D ([batch, height, width, channels]).
 */
export function resolveLayer(model: LayersModel, layer: string | Layer | undefined): Layer {
  if (layer === undefined) return lastSpatialLayer(model);
  if (typeof layer !== 'string') return layer;
  const matches = layersNamed(model, layer);
  if (matches.length === 0) {
    throw new Error(
      `layer: no layer named '${layer}' in model '${model.name}' (layers with 4-D outputs: ${spatialLayerNames(model).join(', ') || 'none'})`,
    );
  }
  if (matches.length > 1) {
    throw new Error(
      `layer: ${matches.length} layers are named '${layer}' in model '${model.name}' and its nested models; pass the Layer itself`,
    );
  }
  return matches[0]!;
}

function layersNamed(container: LayersModel, name: string): Layer[] {
  return container.layers.flatMap((layer) => [
    ...(layer.name === name ? [layer] : []),
    ...(isContainer(layer) ? layersNamed(layer, name) : []),
  ]);
}

function lastSpatialLayer(model: LayersModel): Layer {
  const nodes = containerNodes(model);
  for (let i = nodes.length - 1; i >= 0; i--) {
    const node = nodes[i]!;
    if (node.outputTensors.length === 1 && node.outputTensors[0]!.shape.length === 4)
      return node.outboundLayer;
  }
  throw new Error(
    `layer: model '${model.name}' has no layer with a 4-D [batch, height, width, channels] output`,
  );
}

function spatialLayerNames(model: LayersModel): string[] {
  return containerNodes(model)
    .filter((node) => node.outputTensors.some((tensor) => tensor.shape.length === 4))
    .map((node) => node.outboundLayer.name);
}
