import { numberAtLeast, positiveInteger } from '@bcos/backend';
import type * as tf from '@tensorflow/tfjs-core';
import { serialization } from '@tensorflow/tfjs-core';
import { layers } from '@tensorflow/tfjs-layers';
import type { ExplanationSwitch } from '../explanation-mode';
import { type Kwargs, type LayerArgs, type LayerVariable, type Shape, singleShape } from '../layer-types';
import { layerOwner } from '../options';
import { singleInput } from '../single-input';
import { bcosDenseOp } from './bcos-dense-op';
import { torchDefaultKernelInitializer } from './kernel-initializer';

export interface BcosDenseArgs extends LayerArgs {
  /** Output units (after MaxOut). */
  units: number;
  /** Alignment pressure b ≥ 1. Default 2. */
  b?: number;
  /** Linear pieces per unit. Default 1. */
  maxOut?: number;
}

/** B-cos linear layer (B-cos v2 `BcosLinear`) on the last axis. Weight `kernel` [in, units·maxOut]. */
export class BcosDense extends layers.Layer implements ExplanationSwitch {
  static readonly className = 'BcosDense';
  readonly units: number;
  readonly b: number;
  readonly maxOut: number;
  explanationMode = false;
  private kernel?: LayerVariable;

  constructor(args: BcosDenseArgs) {
    super(args);
    const owner = this.owner();
    this.units = positiveInteger(owner, 'units', args.units);
    this.b = numberAtLeast(owner, 'b', args.b ?? 2, 1);
    this.maxOut = positiveInteger(owner, 'maxOut', args.maxOut ?? 1);
  }

  setExplanationMode(on: boolean): void {
    this.explanationMode = on;
  }

  override build(inputShape: Shape | Shape[]): void {
    const shape = singleShape(this.owner(), inputShape);
    const features = shape[shape.length - 1];
    if (shape.length < 2 || features == null) {
      throw new Error(
        `${this.owner()}: expected an input [N, ..., features] with known features, got [${shape}]`,
      );
    }
    this.kernel = this.addWeight(
      'kernel',
      [features, this.units * this.maxOut],
      'float32',
      torchDefaultKernelInitializer(),
    );
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = singleShape(this.owner(), inputShape);
    return [...shape.slice(0, -1), this.units];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    const x = singleInput(this.owner(), inputs);
    if (x.rank < 2)
      throw new Error(`${this.owner()}: expected an input [N, ..., features], got [${x.shape}]`);
    const transform = { b: this.b, maxOut: this.maxOut, detach: this.explanationMode };
    return bcosDenseOp(x, this.kernel!.read() as tf.Tensor2D, transform, this.owner());
  }

  override getConfig(): serialization.ConfigDict {
    return { ...super.getConfig(), units: this.units, b: this.b, maxOut: this.maxOut };
  }

  private owner(): string {
    return layerOwner(BcosDense.className, this.name);
  }
}
serialization.registerClass(BcosDense);

/** A B-cos dense layer, in the style of `tf.layers.dense`. */
export function bcosDense(args: BcosDenseArgs): BcosDense {
  return new BcosDense(args);
}
