import { Adam } from './adam';
import { Sgd } from './sgd';
import type { SlottedOptimizer } from './slotted-optimizer';

export interface OptimizerConfig {
  name: 'adam' | 'adamw' | 'sgd';
  lr: number;
  /** sgd only. */
  momentum?: number;
  /** sgd only. */
  nesterov?: boolean;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /** Decoupled weight decay: adamw (default 0.01, as PyTorch) and sgd (SGDW). */
  weightDecay?: number;
  /** L2 penalty added to the loss: l2 · Σ w² over trainable weights (Keras `regularizers.l2`). */
  l2?: number;
}

export const OPTIMIZER_NAMES = ['adam', 'adamw', 'sgd'] as const;

function forbid(config: OptimizerConfig, keys: Array<keyof OptimizerConfig>, hint: string): void {
  for (const key of keys)
    if (config[key] !== undefined)
      throw new Error(`optimizer ${config.name}: option '${key}' does not apply (${hint})`);
}

export function createOptimizer(config: OptimizerConfig): SlottedOptimizer {
  const { name, lr } = config;
  switch (name) {
    case 'adam':
      forbid(config, ['momentum', 'nesterov'], 'those are sgd options');
      if (config.weightDecay)
        throw new Error(
          "optimizer adam: weightDecay is decoupled weight decay; use name 'adamw' (or 'l2' for an L2 penalty)",
        );
      return new Adam({ lr, beta1: config.beta1, beta2: config.beta2, epsilon: config.epsilon });
    case 'adamw':
      forbid(config, ['momentum', 'nesterov'], 'those are sgd options');
      return new Adam({
        lr,
        beta1: config.beta1,
        beta2: config.beta2,
        epsilon: config.epsilon,
        weightDecay: config.weightDecay ?? 0.01,
      });
    case 'sgd':
      forbid(config, ['beta1', 'beta2', 'epsilon'], 'those are adam options');
      return new Sgd({
        lr,
        momentum: config.momentum,
        nesterov: config.nesterov,
        weightDecay: config.weightDecay,
      });
    default:
      throw new Error(`optimizer: unknown name '${name}'; expected one of ${OPTIMIZER_NAMES.join(', ')}`);
  }
}
