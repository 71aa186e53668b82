import type { LayersModel } from '@tensorflow/tfjs-layers';
import { isContainer, type SymbolicTensor } from '../graph/layer-types';

/** What the model's output is: `classes` scores per image; one unit is a binary classifier. */
export interface OutputKind {
  classes: number;
  /** One unit ending in a sigmoid: a probability p (the negative class scores 1 − p). */
  sigmoid: boolean;
}

/** The kind of output `outputIndex` of a LayersModel (default: its only output). */
export function outputKind(model: LayersModel, outputIndex?: number): OutputKind {
  const output = model.outputs[outputIndex ?? soleOutput(model.name, model.outputs.length)]!;
  return classifierKind(model.name, output.shape, () => endsInSigmoid(output));
}

/** The index of a model's only output; several need the `output` option. */
export function soleOutput(model: string, outputs: number): number {
  if (outputs !== 1) {
    throw new Error(
      `model: '${model}' has ${outputs} outputs; pass the \`output\` option to choose the one Grad-CAM explains`,
    );
  }
  return 0;
}

/** A [batch, classes] output's kind; `sigmoid` is asked only for one unit. */
export function classifierKind(
  model: string,
  shape: ReadonlyArray<number | null>,
  sigmoid: () => boolean,
): OutputKind {
  const classes = shape[1];
  if (shape.length !== 2 || typeof classes !== 'number') {
    throw new Error(`model: the output of '${model}' has shape [${shape}]; Grad-CAM needs [batch, classes]`);
  }
  return { classes, sigmoid: classes === 1 && sigmoid() };
}

function endsInSigmoid(tensor: SymbolicTensor): boolean {
  const layer = tensor.sourceLayer;
  if (isContainer(layer)) {
    const inner = layer.outputs[tensor.tensorIndex];
    return inner !== undefined && endsInSigmoid(inner);
  }
  return layer.getConfig().activation === 'sigmoid';
}
