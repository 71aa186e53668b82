import type { StepCapture, StepMode } from '@bcos/backend';
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
  /** Records the device part once per batch shape and replays it (webgpu); see `captureTrainStep`. */
  capture?: StepCapture;
}

function logitsOf(model: LayersModel, output: tf.Tensor | tf.Tensor[], batch: number): tf.Tensor2D {
  if (Array.isArray(output) || output.rank !== 2 || output.shape[0] !== batch)
    throw new Error(
      `model ${model.name}: expected logits [N, C] for a batch of ${batch}, got ${Array.isArray(output) ? 'several outputs' : `[${output.shape}]`}`,
    );
  return output as tf.Tensor2D;
}

/**
 * The device part of one optimiser step: forward in training mode, loss (+ L2), gradients, clipping,
 * update from the optimiser's step scalars, and the batch added to the device metrics. Everything
 * that changes between steps comes in as a tensor, so that the step can be captured.
 */
export function deviceStep(parts: StepParts, input: tf.Tensor, labels: tf.Tensor, scalars: tf.Tensor): void {
  tf.tidy(() => {
    let logits: tf.Tensor2D | undefined;
    let dataLoss: tf.Scalar | undefined;
    const { grads } = tf.variableGrads(() => {
      logits = tf.keep(
        logitsOf(parts.model, parts.model.apply(input, { training: true }) as tf.Tensor, labels.shape[0]!),
      );
      dataLoss = tf.keep(parts.loss(logits, labels as tf.Tensor1D));
      return parts.l2 > 0 ? tf.add(dataLoss, l2Penalty(parts.variables, parts.l2)) : dataLoss;
    }, parts.variables);
    parts.optimizer.updateVariables(
      parts.clip ? clipGradients(grads, parts.clip) : grads,
      scalars as tf.Tensor1D,
    );
    parts.guard?.watch(Object.values(grads));
    parts.metrics.add(dataLoss!, logits!, labels as tf.Tensor1D);
    tf.dispose([logits!, dataLoss!]);
  });
}

/**
 * One optimiser step (see `deviceStep`), replayed from a capture when `parts.capture` has one.
 * Nothing is read back to the host.
 */
export function trainStep(parts: StepParts, input: tf.Tensor4D, labels: tf.Tensor1D): StepMode {
  const scalars = parts.optimizer.stepScalars();
  try {
    if (parts.capture) return parts.capture.run([input, labels, scalars]);
    deviceStep(parts, input, labels, scalars);
    return 'eager';
  } finally {
    scalars.dispose();
    parts.optimizer.finishStep();
  }
}
