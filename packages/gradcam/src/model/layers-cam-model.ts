import type * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { GraphRun, type TensorLocation } from '../graph/graph-run';
import type { Layer } from '../graph/layer-types';
import { locateLayer } from '../graph/locate-layer';
import { layerCandidates, layersInForwardOrder, resolveLayer } from '../graph/resolve-layer';
import { type OutputKind, outputKind, soleOutput } from '../targets/output-kind';
import type { BoundLayer, CamLayerInfo, CamModel } from './cam-model';

/** A layer of a LayersModel, bound: where its output is computed. */
interface LayersBoundLayer extends BoundLayer {
  readonly layer: Layer;
  readonly location: TensorLocation;
}

/** A LayersModel evaluated layer call by layer call (`GraphRun`), in inference mode. */
export class LayersCamModel implements CamModel {
  readonly name: string;
  readonly inputShape: ReadonlyArray<number | null>;
  private readonly outputIndex: number;
  private forwardOrder: Map<Layer, number> | undefined;

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

  runTapped(
    layers: readonly BoundLayer[],
    images: tf.Tensor4D,
    tap: (index: number, output: tf.Tensor4D) => tf.Tensor,
  ): tf.Tensor2D {
    const bound = layers as readonly LayersBoundLayer[];
    this.forwardOrder ??= new Map(layersInForwardOrder(this.model).map((layer, i) => [layer, i]));
    const position = (i: number) => this.forwardOrder!.get(bound[i]!.layer) ?? -1;
    // In forward order, so that no layer's output is read before the taps of the layers before it.
    const order = bound.map((_, i) => i).sort((a, b) => position(a) - position(b));
    const run = new GraphRun(this.model, [images]);
    for (const i of order) {
      const { location } = bound[i]!;
      run.replace(location, tap(i, run.valueAt(location) as tf.Tensor4D));
    }
    return run.outputs()[this.outputIndex] as tf.Tensor2D;
  }

  bind(requested: string | Layer | undefined): LayersBoundLayer {
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
      location,
      run: (images) => {
        const run = new GraphRun(this.model, [images]);
        return {
          activations: run.valueAt(location) as tf.Tensor4D,
          outputFrom: (activations, imageOfRow) => {
            const after = run.fork(imageOfRow);
            after.replace(location, activations);
            return after.outputs()[this.outputIndex] as tf.Tensor2D;
          },
          computed: () => run.computed(),
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
