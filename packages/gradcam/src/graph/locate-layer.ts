import type { LayersModel } from '@tensorflow/tfjs-layers';
import { containerNodes } from './container-nodes';
import type { ContainerCall, TensorLocation } from './graph-run';
import { isContainer, type Layer } from './layer-types';

/**
 * Where the output of `layer` is computed when `model` runs, looking inside nested models. The
 * layer must be called exactly once per forward pass and return one tensor: a CAM needs one
 * activation to explain.
 */
export function locateLayer(model: LayersModel, layer: Layer): TensorLocation {
  const found = findCalls(model, layer, []);
  if (found.length === 0) {
    throw new Error(`layer: '${layer.name}' is not part of the graph of model '${model.name}'`);
  }
  if (found.length > 1) {
    throw new Error(
      `layer: '${layer.name}' is called ${found.length} times in a forward pass of model '${model.name}'; ` +
        'a CAM needs a layer that is applied once',
    );
  }
  return found[0]!;
}

function findCalls(container: LayersModel, layer: Layer, path: readonly ContainerCall[]): TensorLocation[] {
  const found: TensorLocation[] = [];
  for (const node of containerNodes(container)) {
    const called = node.outboundLayer;
    if (called === layer) {
      if (node.outputTensors.length !== 1) {
        throw new Error(
          `layer: '${layer.name}' returns ${node.outputTensors.length} tensors; a CAM needs one`,
        );
      }
      found.push({ path, tensor: node.outputTensors[0]! });
    } else if (isContainer(called)) {
      const nodeIndex = called.inboundNodes.indexOf(node);
      found.push(...findCalls(called, layer, [...path, { container: called, nodeIndex }]));
    }
  }
  return found;
}
