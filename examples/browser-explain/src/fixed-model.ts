import { gradcam } from '@bcos/gradcam';
import { bcosConv2d, encodeImage, explain, logitLayer, positionNorm2d } from '@bcos/layers';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

/** The numbers one run computes, as plain arrays (they cross from the page to Node as JSON). */
export interface FixedModelNumbers {
  logits: number[];
  classIndex: number[];
  /** B-cos contributions Σ x·W(x), [N, H, W] flattened. */
  contributions: number[];
  /** B-cos explanation colouring, [N, H, W, 4] flattened. */
  rgba: number[];
  /** Grad-CAM at `conv2`, [N, H, W] in [0, 1] flattened, and before scaling. */
  cams: number[];
  rawCams: number[];
}

const SIZE = 12;
const CLASSES = 3;

/** A small B-cos network: two B-cos convs around a position norm, a 1×1 B-cos classifier, pooling, logits. */
function bcosNet(): tfl.LayersModel {
  return tfl.sequential({
    name: 'fixed_bcos',
    layers: [
      bcosConv2d({ name: 'conv1', filters: 6, kernelSize: 3, padding: 'same', inputShape: [SIZE, SIZE, 6] }),
      positionNorm2d({ name: 'norm1' }),
      bcosConv2d({ name: 'conv2', filters: 8, kernelSize: 3, strides: 2, padding: 'same', maxOut: 2 }),
      bcosConv2d({ name: 'fc', filters: CLASSES, kernelSize: 1 }),
      tfl.layers.globalAveragePooling2d({ name: 'pool' }),
      logitLayer({ name: 'logits' }),
    ],
  });
}

/** Weights from seeded tfjs draws (made on the host, so every backend gets the same values). */
function fixWeights(model: tfl.LayersModel): void {
  const values = model.weights.map((weight, i) => {
    const gain = weight.originalName.endsWith('gamma');
    return tf.randomUniform(
      weight.shape as number[],
      gain ? 0.5 : -0.5,
      gain ? 1.5 : 0.5,
      'float32',
      1000 + i,
    );
  });
  model.setWeights(values);
  tf.dispose(values);
}

async function flat(tensor: tf.Tensor): Promise<number[]> {
  return Array.from(await tensor.data());
}

/**
 * A B-cos explanation and Grad-CAM of a fixed B-cos network on two fixed images, on the active
 * backend: the same computation in Node and in a page, so their numbers can be compared.
 */
export async function explainFixedModel(): Promise<FixedModelNumbers> {
  const model = bcosNet();
  fixWeights(model);
  const images = tf.tidy(() => encodeImage(tf.randomUniform([2, SIZE, SIZE, 3], 0, 1, 'float32', 7)));
  try {
    const explanation = await explain(model, images, { smooth: 3 });
    const cam = await gradcam(model, images as tf.Tensor4D, { layer: 'conv2' });
    const numbers: FixedModelNumbers = {
      logits: await flat(explanation.logits),
      classIndex: explanation.classIndex,
      contributions: await flat(explanation.contributions),
      rgba: await flat(explanation.rgba),
      cams: await flat(cam.cams),
      rawCams: await flat(cam.raw),
    };
    tf.dispose([explanation.logits, explanation.weights, explanation.contributions, explanation.rgba]);
    tf.dispose([cam.cams, cam.raw, cam.logits]);
    return numbers;
  } finally {
    images.dispose();
    model.dispose();
  }
}
