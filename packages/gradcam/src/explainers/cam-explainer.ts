import * as tf from '@tensorflow/tfjs-core';
import {
  type ExplainMethodName,
  type ExplainOptions,
  explain,
  explainMethodClassName,
} from '../engine/explain';
import type { ExplainableModel } from '../model/as-cam-model';
import { type OverlayOptions, overlay } from '../overlay/overlay';
import type { Explainer, Explanations } from './explainer';
import { checkIndex, type PrepareInput, withPreparedInput } from './prepared-input';

export interface CamExplainerOptions extends Omit<ExplainOptions, 'method' | 'targets'> {
  prepare?: PrepareInput;
  /** How `picture` draws a CAM over its image. */
  overlay?: OverlayOptions;
}

/** A CAM method of `explain` by name (ours or pytorch-grad-cam's) on `model`, its maps drawn as heat maps. */
export function camExplainer(
  model: ExplainableModel,
  method: ExplainMethodName,
  { prepare, overlay: overlayOptions, ...options }: CamExplainerOptions = {},
): Explainer {
  return {
    name: method,
    label: explainMethodClassName(method),
    explain: (images, targets) =>
      withPreparedInput(images, prepare, async (input) => {
        const { cams, logits } = await explain(model, input, {
          ...options,
          method,
          ...(targets ? { targets } : {}),
        });
        const explained = targets ? [...targets] : await predictedClasses(logits);
        return camExplanations(method, explained, cams, logits, overlayOptions);
      }),
  };
}

async function predictedClasses(logits: tf.Tensor2D): Promise<number[]> {
  const winners = tf.argMax(logits, 1);
  try {
    return Array.from(await winners.data());
  } finally {
    winners.dispose();
  }
}

function camExplanations(
  name: ExplainMethodName,
  targets: number[],
  maps: tf.Tensor3D,
  logits: tf.Tensor2D,
  overlayOptions: OverlayOptions = {},
): Explanations {
  return {
    name,
    targets,
    logits,
    maps,
    picture: (index, image) => {
      checkIndex(`${name} explanations`, index, targets.length);
      return tf.tidy(() =>
        overlay(image, tf.squeeze(tf.slice(maps, index, 1), [0]) as tf.Tensor2D, overlayOptions),
      );
    },
    dispose: () => tf.dispose([maps, logits]),
  };
}
