import { type ExplainerName, explainer, withExplanations } from '@bcos/gradcam';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import type * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { InputPipeline } from '../../loop/input-pipeline';

/** What to explain: the class, the method and the layer(s) (none: the method's default). */
export interface ExplanationChoice {
  classIndex: number;
  method: ExplainerName;
  layers: readonly string[];
}

export interface ComputedExplanation {
  /** The explainer's map of the image: B-cos contributions (signed) or a CAM in [0, 1]. */
  map: Float32Array;
  /** [H, W] */
  shape: [number, number];
  /** The map drawn over the image, [H, W, 3] in [0, 1]. */
  picture: Float32Array;
}

/**
 * One image's explanation (the page's and its test's one computation): `batch` is the image's
 * bytes [1, H, W, C] (int32), prepared by `pipeline`; `shown` is the image drawn under the map.
 */
export async function explainImage(
  model: LayersModel | GraphModel,
  pipeline: InputPipeline,
  batch: tf.Tensor4D,
  shown: tf.Tensor3D,
  { classIndex, method, layers }: ExplanationChoice,
): Promise<ComputedExplanation> {
  const layer = layers.length === 0 ? undefined : layers.length === 1 ? layers[0] : [...layers];
  const chosen = explainer(model, method, { prepare: (images) => pipeline.prepare(images), layer });
  return withExplanations(chosen, batch, [classIndex], async (found) => {
    const picture = found.picture(0, shown);
    try {
      const [height, width] = found.maps.shape.slice(1) as [number, number];
      return {
        map: (await found.maps.data()) as Float32Array,
        shape: [height, width],
        picture: (await picture.data()) as Float32Array,
      };
    } finally {
      picture.dispose();
    }
  });
}
