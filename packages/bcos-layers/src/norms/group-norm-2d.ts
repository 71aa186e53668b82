import { positiveInteger } from '@bcos/backend';
import * as tf from '@tensorflow/tfjs-core';
import { serialization } from '@tensorflow/tfjs-core';
import type { NormArgs } from './norm-options';
import { Norm2d } from './norm2d';
import { standardizeOver } from './standardize';

export interface GroupNormArgs extends NormArgs {
  /** Channel groups; statistics are taken per sample over (H, W, channels of the group). */
  groups: number;
}

/** Group norm (PyTorch GroupNorm / B-cos v2 GroupNormUncentered2d) with per-channel γ and β. */
export class GroupNorm2d extends Norm2d {
  static readonly className: string = 'GroupNorm2d';
  readonly groups: number;

  constructor(args: GroupNormArgs) {
    super(args);
    this.groups = positiveInteger(this.owner(), 'groups', args.groups);
  }

  protected override buildStatistics(channels: number): void {
    if (channels % this.groups !== 0) {
      throw new Error(
        `${this.owner()}: groups ${this.groups} does not divide the ${channels} input channels`,
      );
    }
  }

  protected override fusedLayout(shape: number[]): { shape: number[]; groups: number } {
    return { shape, groups: this.groups };
  }

  protected override standardize(x: tf.Tensor4D, _training: boolean): tf.Tensor {
    return tf.tidy(() => {
      const [n, h, w, c] = x.shape;
      const grouped = tf.reshape(x, [n, h, w, this.groups, c / this.groups]);
      const settings = { ...this.settings, detachVariance: this.explanationMode };
      return tf.reshape(standardizeOver(grouped, [1, 2, 4], settings), x.shape);
    });
  }

  override getConfig(): serialization.ConfigDict {
    return { ...super.getConfig(), groups: this.groups };
  }
}
serialization.registerClass(GroupNorm2d);

/** Layer norm for feature maps: GroupNorm with one group (statistics over H, W, C), per-channel γ and β. */
export class LayerNorm2d extends GroupNorm2d {
  static override readonly className: string = 'LayerNorm2d';

  constructor(args: NormArgs & { groups?: number } = {}) {
    if (args.groups !== undefined && args.groups !== 1) {
      throw new Error(`LayerNorm2d '${args.name ?? ''}': groups is always 1, got ${args.groups}`);
    }
    super({ ...args, groups: 1 });
  }
}
serialization.registerClass(LayerNorm2d);

export function groupNorm2d(args: GroupNormArgs): GroupNorm2d {
  return new GroupNorm2d(args);
}

export function layerNorm2d(args: NormArgs = {}): LayerNorm2d {
  return new LayerNorm2d(args);
}
