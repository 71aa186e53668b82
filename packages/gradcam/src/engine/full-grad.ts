import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { type BiasSite, biasSites } from '../graph/bias-layers';
import { GraphRun } from '../graph/graph-run';
import { asCamModel, requireLayersModel } from '../model/as-cam-model';
import { type OutputKind, outputKind } from '../targets/output-kind';
import { type CamTargets, resolveTargets, type TargetScorer } from '../targets/targets';
import { checkFinite, checkImages } from './check-images';
import type { CamsAndLogits } from './multi-layer-cam';
import { minMaxPerImage } from './scale-cams';

/**
 * FullGrad (Srinivas & Fleuret 2019): |x·∂S/∂x| per input channel plus, for every convolution and
 * batch norm, |b·∂S/∂z| per channel of its output z, each map min–max scaled and resized to the
 * input, summed and scaled. It explains the whole network, so it takes no layer. A convolution
 * with a fused activation is read after it (tfjs exposes no pre-activation output).
 */
export class FullGrad {
  private readonly kind: OutputKind;

  constructor(private readonly model: LayersModel) {
    requireLayersModel(model, 'FullGrad');
    if (model.inputs.length !== 1)
      throw new Error(
        `model: '${model.name}' has ${model.inputs.length} inputs; FullGrad explains a model with one`,
      );
    this.kind = outputKind(model);
  }

  async compute(images: tf.Tensor4D, { targets }: { targets?: CamTargets } = {}): Promise<CamsAndLogits> {
    checkImages(asCamModel(this.model), images);
    await checkFinite(images);
    const sites = biasSites(this.model);
    try {
      const logits = tf.tidy(() => new GraphRun(this.model, [images]).outputs()[0] as tf.Tensor2D);
      const scorer = await resolveTargets(targets, images.shape[0], this.kind).fixed(logits);
      const cams = tf.tidy(() => this.fullGradMaps(images, sites, scorer));
      return { cams, logits };
    } finally {
      tf.dispose(sites.map((site) => site.bias));
    }
  }

  private fullGradMaps(images: tf.Tensor4D, sites: BiasSite[], scorer: TargetScorer): tf.Tensor3D {
    const [n, height, width] = images.shape;
    const rows = Array.from({ length: n }, (_, i) => i);
    const shapes = outputShapes(this.model, images, sites);
    // Zero offsets added to each bias layer's output: their gradients are ∂S/∂z.
    const offsets = shapes.map((shape) => tf.zeros(shape));
    const score = (x: tf.Tensor, ...added: tf.Tensor[]) => {
      const run = new GraphRun(this.model, [x]);
      sites.forEach((site, i) => {
        run.replace(site.location, tf.add(run.valueAt(site.location), added[i]!));
      });
      return tf.sum(scorer.score(run.outputs()[0] as tf.Tensor2D, rows));
    };
    const [inputGradient, ...outputGradients] = tf.grads(score)([images, ...offsets]);
    const maps = [scaledChannelMaps(tf.abs(tf.mul(images, inputGradient!)) as tf.Tensor4D, [height, width])];
    sites.forEach((site, i) => {
      const biasGradient = tf.abs(tf.mul(outputGradients[i]!, site.bias)) as tf.Tensor4D;
      maps.push(scaledChannelMaps(biasGradient, [height, width]));
    });
    return minMaxPerImage(tf.addN(maps));
  }
}

function outputShapes(model: LayersModel, images: tf.Tensor4D, sites: BiasSite[]): number[][] {
  return tf.tidy(() => {
    const run = new GraphRun(model, [images]);
    return sites.map((site) => run.valueAt(site.location).shape);
  });
}

/**
 * [N, h, w, K] → [N, H, W]: every channel min–max scaled, resized to the input, then summed (as
 * pytorch-grad-cam). Bilinear resizing is linear, so the channels are summed first: resizing each of
 * a MobileNet's 1280 channels to 224×224 held 257 MB per layer and exhausted the wasm heap.
 */
function scaledChannelMaps(maps: tf.Tensor4D, size: [number, number]): tf.Tensor3D {
  const shifted = tf.sub(maps, tf.min(maps, [1, 2], true));
  const scaled = tf.div(shifted, tf.add(tf.max(shifted, [1, 2], true), 1e-7)) as tf.Tensor4D;
  const [n, h, w] = maps.shape;
  const summed = tf.sum(scaled, 3, true) as tf.Tensor4D;
  const resized =
    h === size[0] && w === size[1] ? summed : tf.image.resizeBilinear(summed, size, false, true);
  return tf.reshape(resized, [n, ...size]) as tf.Tensor3D;
}
