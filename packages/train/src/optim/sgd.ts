import * as tf from '@tensorflow/tfjs-core';
import { SlottedOptimizer } from './slotted-optimizer';

export interface SgdOptions {
  lr: number;
  momentum?: number;
  nesterov?: boolean;
  /** Decoupled weight decay (SGDW): p ← p·(1 − lr·weightDecay). For PyTorch's coupled `weight_decay` use `l2`. */
  weightDecay?: number;
}

/** SGD as PyTorch computes it (dampening 0): b ← μb + g; step g + μb (Nesterov) or b. */
export class Sgd extends SlottedOptimizer {
  static get className(): string {
    return 'BcosSgd';
  }
  readonly momentum: number;
  readonly nesterov: boolean;

  constructor({ lr, momentum = 0, nesterov = false, weightDecay = 0 }: SgdOptions) {
    super(momentum > 0 ? ['momentum'] : [], lr, weightDecay);
    if (!(momentum >= 0 && momentum < 1)) throw new Error(`sgd: momentum must be in [0, 1), got ${momentum}`);
    if (nesterov && momentum === 0) throw new Error('sgd: nesterov needs a momentum > 0');
    this.momentum = momentum;
    this.nesterov = nesterov;
  }

  protected hostValues(): number[] {
    return [this.learningRate];
  }

  protected update(
    value: tf.Tensor,
    gradient: tf.Tensor,
    slots: Map<string, tf.Variable>,
    [lr]: tf.Scalar[],
  ): tf.Tensor {
    const buffer = slots.get('momentum');
    if (!buffer) return tf.sub(value, tf.mul(gradient, lr!));
    buffer.assign(tf.add(tf.mul(buffer, this.momentum), gradient));
    const direction = this.nesterov ? tf.add(gradient, tf.mul(buffer, this.momentum)) : buffer;
    return tf.sub(value, tf.mul(direction, lr!));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), momentum: this.momentum, nesterov: this.nesterov };
  }
}
