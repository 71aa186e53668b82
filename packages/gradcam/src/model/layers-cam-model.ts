import type * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { GraphRun } from '../graph/graph-run';
import type { Layer } from '../graph/layer-types';
import { locateLayer } from '../graph/locate-layer';
import { layerCandidates, resolveLayer } from '../graph/resolve-layer';
import { type OutputKind, outputKind, soleOutput } from '../targets/output-kind';
import type { BoundLayer, CamLayerInfo, CamModel } from './cam-model';

/** A LayersModel evaluated layer call by layer call (`GraphRun`), in inference mode. */
export class LayersCamModel implements CamModel {
  readonly name: string;
  readonly inputShape: ReadonlyArray<number | null>;
  private readonly outputIndex: number;

  constructor(
    private readonly model: LayersModel,
    output: number | string | undefined,
  ) {
    this.name = model.name;
    if (model.inputs.length !== 1) {
      throw new Error(
        `model: '${model.name}' has ${model.inputs.length} inputs; Grad-CAM explains a model with one`,
      );
    }
    this.inputShape = model.inputs[0]!.shape;
    this.outputIndex = outputIndexOf(model, output);
  }

  predict(images: tf.Tensor4D): tf.Tensor2D {
    return new GraphRun(this.model, [images]).outputs()[this.outputIndex] as tf.Tensor2D;
  }

  outputKind(): OutputKind {
    return outputKind(this.model, this.outputIndex);
  }

  candidateLayers(): CamLayerInfo[] {
    return layerCandidates(this.model);
  }

  bind(requested: string | Layer | undefined): BoundLayer {
    const layer = resolveLayer(this.model, requested);
    const location = locateLayer(this.model, layer);
    const shape = location.tensor.shape;
    if (shape.length !== 4) {
      throw new Error(
        `layer: '${layer.name}' outputs shape [${shape}]; a CAM needs a 4-D [batch, height, width, channels] output`,
      );
    }
    return {
      layer,
      run: (images) => {
        const run = new GraphRun(this.model, [images]);
        return {
          activations: run.valueAt(location) as tf.Tensor4D,
          outputFrom: (activations) => {
            run.replace(location, activations);
            return run.outputs()[this.outputIndex] as tf.Tensor2D;
          },
        };
      },
    };
  }
}

function outputIndexOf(model: LayersModel, output: number | string | undefined): number {
  if (output === undefined) return soleOutput(model.name, model.outputs.length);
  const index = typeof output === 'number' ? output : model.outputNames.indexOf(output);
  if (!Number.isInteger(index) || index < 0 || index >= model.outputs.length) {
    throw new Error(
      `output: '${output}' is not an output of model '${model.name}' (outputs: ${model.outputNames.map((name, i) => `${i} '${name}'`).join(', ')})`,
    );
  }
  return index;
}
