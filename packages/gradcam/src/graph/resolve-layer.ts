import type { LayersModel } from '@tensorflow/tfjs-layers';
import { type CamLayerInfo, describeCandidates, lastSpatialLayer } from '../model/cam-model';
import { containerNodes } from './container-nodes';
import { isContainer, type Layer, type LayerNode } from './layer-types';

/**
 * The layer to explain: a `Layer` of the model, a layer name (searched in nested models too), or by
 * default the last layer whose output still has spatial extent (a 1×1 pooled tensor in front of a
 * `Flatten` gives an all-zero map).
 */
export function resolveLayer(model: LayersModel, layer: string | Layer | undefined): Layer {
  if (layer === undefined)
    return layerNamed(model, lastSpatialLayer(model.name, layerCandidates(model)).name);
  if (typeof layer !== 'string') return layer;
  const matches = layersNamed(model, layer);
  if (matches.length === 0) {
    throw new Error(
      `layer: no layer named '${layer}' in model '${model.name}' (layers with 4-D outputs: ${describeCandidates(layerCandidates(model))})`,
    );
  }
  if (matches.length > 1) {
    throw new Error(
      `layer: ${matches.length} layers are named '${layer}' in model '${model.name}' and its nested models; pass the Layer itself`,
    );
  }
  return matches[0]!;
}

/** The layers with one 4-D output, nested models' layers before the nested model, each listed once. */
export function layerCandidates(model: LayersModel): CamLayerInfo[] {
  const listed = new Set<Layer>();
  return callsInForwardOrder(model).flatMap((node) => {
    const layer = node.outboundLayer;
    const shape = node.outputTensors.length === 1 ? node.outputTensors[0]!.shape : [];
    if (shape.length !== 4 || listed.has(layer)) return [];
    listed.add(layer);
    return [{ name: layer.name, op: layer.getClassName(), shape }];
  });
}

/** Every layer the model calls, in the order of a forward pass, each once (where first called). */
export function layersInForwardOrder(model: LayersModel): Layer[] {
  return [...new Set(callsInForwardOrder(model).map((node) => node.outboundLayer))];
}

/** The layer calls of a forward pass in order, a nested model's calls before the call of the nested model. */
function callsInForwardOrder(container: LayersModel): LayerNode[] {
  return containerNodes(container).flatMap((node) => [
    ...(isContainer(node.outboundLayer) ? callsInForwardOrder(node.outboundLayer) : []),
    node,
  ]);
}

function layerNamed(model: LayersModel, name: string): Layer {
  return layersNamed(model, name)[0]!;
}

function layersNamed(container: LayersModel, name: string): Layer[] {
  return container.layers.flatMap((layer) => [
    ...(layer.name === name ? [layer] : []),
    ...(isContainer(layer) ? layersNamed(layer, name) : []),
  ]);
}
