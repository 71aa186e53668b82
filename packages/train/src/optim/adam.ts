import { fusedAdamStep } from '@bcos/backend';
import * as tf from '@tensorflow/tfjs-core';
import { SlottedOptimizer } from './slotted-optimizer';

export interface AdamOptions {
  lr: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /** Decoupled weight decay (AdamW, Loshchilov & Hutter); 0 gives plain Adam. */
  weightDecay?: number;
}

/**
 * Adam as PyTorch computes it: bias corrections 1 − βᵗ in double precision on the host and
 * ε added to √v̂ (`p ← p − lr/(1−β₁ᵗ) · m / (√v/√(1−β₂ᵗ) + ε)`); with `weightDecay`, AdamW.
 */
export class Adam extends SlottedOptimizer {
  static get className(): string {
    return 'BcosAdam';
  }
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;

  constructor({ lr, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8, weightDecay = 0 }: AdamOptions) {
    super(['m', 'v'], lr, weightDecay);
    for (const [key, beta] of [
      ['beta1', beta1],
      ['beta2', beta2],
    ] as const)
      if (!(beta >= 0 && beta < 1)) throw new Error(`adam: ${key} must be in [0, 1), got ${beta}`);
    if (!(epsilon > 0)) throw new Error(`adam: epsilon must be > 0, got ${epsilon}`);
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
  }

  protected hostValues(step: number): number[] {
    const correction1 = 1 - this.beta1 ** step;
    const correction2 = 1 - this.beta2 ** step;
    return [this.learningRate / correction1, Math.sqrt(correction2)];
  }

  protected update(
    value: tf.Tensor,
    gradient: tf.Tensor,
    slots: Map<string, tf.Variable>,
    [stepSize, sqrtCorrection2]: tf.Scalar[],
    scalars: tf.Tensor1D,
  ): tf.Tensor {
    const m = slots.get('m')!;
    const v = slots.get('v')!;
    const fused = fusedAdamStep({ param: value, gradient, m, v, scalars }, this);
    if (fused) {
      m.assign(fused.m);
      v.assign(fused.v);
      return fused.param;
    }
    m.assign(tf.add(tf.mul(m, this.beta1), tf.mul(gradient, 1 - this.beta1)));
    v.assign(tf.add(tf.mul(v, this.beta2), tf.mul(tf.square(gradient), 1 - this.beta2)));
    const denominator = tf.add(tf.div(tf.sqrt(v), sqrtCorrection2!), this.epsilon);
    return tf.sub(value, tf.mul(tf.div(m, denominator), stepSize!));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }
}
