import type { LayersModel } from '@tensorflow/tfjs-layers';
import { isContainer, type SymbolicTensor } from '../graph/layer-types';

/** What the model's output is: `classes` scores per image; one unit is a binary classifier. */
export interface OutputKind {
  classes: number;
  /** One unit ending in a sigmoid: a probability p (the negative class scores 1 − p). */
  sigmoid: boolean;
}

export function outputKind(model: LayersModel): OutputKind {
  if (model.outputs.length !== 1) {
    throw new Error(
      `model: '${model.name}' has ${model.outputs.length} outputs; Grad-CAM explains a model with one`,
    );
  }
  const output = model.outputs[0]!;
  const classes = output.shape[1];
  if (output.shape.length !== 2 || typeof classes !== 'number') {
    throw new Error(
      `model: the output of '${model.name}' has shape [${output.shape}]; Grad-CAM needs [batch, classes]`,
    );
  }
  return { classes, sigmoid: classes === 1 && endsInSigmoid(output) };
}

function endsInSigmoid(tensor: SymbolicTensor): boolean {
  const layer = tensor.sourceLayer;
  if (isContainer(layer)) {
    const inner = layer.outputs[tensor.tensorIndex];
    return inner !== undefined && endsInSigmoid(inner);
  }
  return layer.getConfig().activation === 'sigmoid';
}
