import type { LayersModel } from '@tensorflow/tfjs-layers';
import { isInputNode, type LayerNode, producingNode, type SymbolicTensor } from './layer-types';

/**
 * The computed layer calls of one container's graph in topological order, found by walking back
 * from its outputs to its inputs (which are fed, so their nodes are not listed). Calls of the same
 * layers in other graphs (a layer shared with another model) are not part of it.
 */
export function containerNodes(container: LayersModel): LayerNode[] {
  const fed = new Set(container.inputs.map((input) => input.id));
  const ordered: LayerNode[] = [];
  const seen = new Set<LayerNode>();
  const visit = (tensor: SymbolicTensor): void => {
    if (fed.has(tensor.id)) return;
    const node = producingNode(tensor);
    if (seen.has(node)) return;
    seen.add(node);
    if (isInputNode(node)) {
      throw new Error(
        `model '${container.name}': graph input '${tensor.name}' is not one of the model's inputs`,
      );
    }
    for (const input of node.inputTensors) visit(input);
    ordered.push(node);
  };
  for (const output of container.outputs) visit(output);
  return ordered;
}
