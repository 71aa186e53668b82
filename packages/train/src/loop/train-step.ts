import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { LossFunction } from '../losses/loss';
import type { DeviceMetrics } from '../metrics/device-metrics';
import { type ClipConfig, clipGradients } from '../optim/gradient-clipping';
import { l2Penalty } from '../optim/l2-penalty';
import type { SlottedOptimizer } from '../optim/slotted-optimizer';
import type { FiniteGuard } from './finite-guard';

export interface StepParts {
  model: LayersModel;
  /** The model's trainable variables, in a fixed order. */
  variables: tf.Variable[];
  loss: LossFunction;
  l2: number;
  clip?: ClipConfig;
  optimizer: SlottedOptimizer;
  metrics: DeviceMetrics;
  /** Records on the device whether the gradients and the model's weights stayed finite. */
  guard?: FiniteGuard;
}

function logitsOf(model: LayersModel, output: tf.Tensor | tf.Tensor[], batch: number): tf.Tensor2D {
  if (Array.isArray(output) || output.rank !== 2 || output.shape[0] !== batch)
    throw new Error(
      `model ${model.name}: expected logits [N, C] for a batch of ${batch}, got ${Array.isArray(output) ? 'several outputs' : `[${output.shape}]`}`,
    );
  return output as tf.Tensor2D;
}

/**
 * One optimiser step: forward in training mode, loss (+ L2), gradients, clipping, update, and the
 * batch added to the device metrics. Nothing is read back to the host.
 */
export function trainStep(parts: StepParts, input: tf.Tensor4D, labels: tf.Tensor1D): void {
  tf.tidy(() => {
    let logits: tf.Tensor2D | undefined;
    let dataLoss: tf.Scalar | undefined;
    const { grads } = tf.variableGrads(() => {
      logits = tf.keep(
        logitsOf(parts.model, parts.model.apply(input, { training: true }) as tf.Tensor, labels.shape[0]),
      );
      dataLoss = tf.keep(parts.loss(logits, labels));
      return parts.l2 > 0 ? tf.add(dataLoss, l2Penalty(parts.variables, parts.l2)) : dataLoss;
    }, parts.variables);
    parts.optimizer.applyGradients(parts.clip ? clipGradients(grads, parts.clip) : grads);
    parts.guard?.watch(Object.values(grads));
    parts.metrics.add(dataLoss!, logits!, labels);
    tf.dispose([logits!, dataLoss!]);
  });
}
