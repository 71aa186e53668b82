import { asCamModel, type ExplainableModel } from './as-cam-model';
import type { CamLayerInfo } from './cam-model';

export interface ListCamLayersOptions {
  /** The output (index or name) of a model with several. */
  output?: number | string;
  /** [N, H, W, C] images the layers' sizes are given for; needed only by a GraphModel that takes any size. */
  imageShape?: readonly number[];
}

/**
 * The layers (LayersModel) or graph nodes (GraphModel) a CAM can explain: those with a 4-D output,
 * in forward order, with their op and output shape. The last one larger than 1×1 is the default.
 */
export function listCamLayers(
  model: ExplainableModel,
  { output, imageShape }: ListCamLayersOptions = {},
): CamLayerInfo[] {
  const camModel = asCamModel(model, output);
  const [, ...size] = camModel.inputShape;
  const shape = imageShape ?? (size.every((d) => d !== null) ? [1, ...(size as number[])] : undefined);
  if (!shape) {
    throw new Error(
      `imageShape: model '${camModel.name}' takes images of any size [${camModel.inputShape}]; pass the [N, H, W, C] shape to list its layers for`,
    );
  }
  return camModel.candidateLayers(shape);
}
