import { boolean, numberAtLeast, positiveNumber } from '@bcos/backend';
import type { LayerArgs } from '../layer-types';

export interface NormArgs extends LayerArgs {
  /** Subtract the mean before dividing by the standard deviation. Default false (B-cos). */
  centered?: boolean;
  /** Learn a per-channel shift β. Default false (B-cos: a bias breaks the dynamic linearity). */
  bias?: boolean;
  /** Learn a per-channel scale γ. Default true; false also rules out `bias`. */
  affine?: boolean;
  /** Added to the variance. Default 1e-5. */
  epsilon?: number;
  /**
   * Moving statistics (batchNorm2d only), tfjs convention: moving ← momentum·moving + (1 − momentum)·batch.
   * Default 0.9, which is PyTorch's momentum 0.1.
   */
  momentum?: number;
}

export interface NormSettings {
  centered: boolean;
  bias: boolean;
  affine: boolean;
  epsilon: number;
  momentum: number;
}

export function normSettings(owner: string, args: NormArgs): NormSettings {
  const affine = boolean(owner, 'affine', args.affine ?? true);
  const bias = boolean(owner, 'bias', args.bias ?? false);
  if (bias && !affine) throw new Error(`${owner}: bias needs affine (an unaffine norm has neither γ nor β)`);
  const momentum = numberAtLeast(owner, 'momentum', args.momentum ?? 0.9, 0);
  if (momentum > 1) throw new Error(`${owner}: momentum must be in [0, 1], got ${momentum}`);
  return {
    centered: boolean(owner, 'centered', args.centered ?? false),
    bias,
    affine,
    epsilon: positiveNumber(owner, 'epsilon', args.epsilon ?? 1e-5),
    momentum,
  };
}
