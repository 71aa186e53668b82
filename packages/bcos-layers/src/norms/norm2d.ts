import { groupNorm, prefersFusedGroupNorm } from '@bcos/backend';
import type { serialization } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { initializers, layers } from '@tensorflow/tfjs-layers';
import type { ExplanationSwitch } from '../explanation-mode';
import { type Kwargs, type LayerVariable, type Shape, singleShape } from '../layer-types';
import { layerOwner } from '../options';
import { expectRank, singleInput } from '../single-input';
import { type NormArgs, type NormSettings, normSettings } from './norm-options';

/** A norm's per-channel scale γ and shift β, where it has them. */
export interface Affine {
  gamma?: tf.Tensor;
  beta?: tf.Tensor;
}

/**
 * What every 2-D norm of this package shares: NHWC input, optional per-channel γ (`gamma`) and β
 * (`beta`), and explanation mode (the variance is detached). Subclasses say which statistics
 * standardise the input.
 */
export abstract class Norm2d extends layers.Layer implements ExplanationSwitch {
  readonly settings: NormSettings;
  explanationMode = false;
  private gamma?: LayerVariable;
  private beta?: LayerVariable;

  constructor(args: NormArgs = {}) {
    super(args);
    this.settings = normSettings(this.owner(), args);
  }

  setExplanationMode(on: boolean): void {
    this.explanationMode = on;
  }

  /** The input standardised (centred or not) by this norm's statistics. */
  protected abstract standardize(x: tf.Tensor4D, training: boolean): tf.Tensor;

  /**
   * How the input maps onto @bcos/backend's fused group norm (statistics per sample and channel
   * group of a [N, H, W, C] view), or undefined when this norm's statistics do not fit it.
   */
  protected fusedLayout(_shape: number[]): { shape: number[]; groups: number } | undefined {
    return undefined;
  }

  /** Creates weights beyond γ and β, and checks the channel count. */
  protected buildStatistics(_channels: number): void {}

  override build(inputShape: Shape | Shape[]): void {
    const shape = singleShape(this.owner(), inputShape);
    expectRank(this.owner(), shape, 4, '[N, H, W, C]');
    const channels = shape[3];
    if (channels == null) throw new Error(`${this.owner()}: the input's channel count must be known`);
    if (this.settings.affine)
      this.gamma = this.addWeight('gamma', [channels], 'float32', initializers.ones());
    if (this.settings.bias) this.beta = this.addWeight('beta', [channels], 'float32', initializers.zeros());
    this.buildStatistics(channels);
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return singleShape(this.owner(), inputShape);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    const x = singleInput(this.owner(), inputs);
    expectRank(this.owner(), x.shape, 4, '[N, H, W, C]');
    return tf.tidy(() => {
      const training = kwargs?.training === true;
      const fused = this.fusedNorm(x as tf.Tensor4D, training, {
        gamma: this.gamma?.read(),
        beta: this.beta?.read(),
      });
      if (fused) return fused;
      const standardized = this.standardize(x as tf.Tensor4D, training);
      const scaled = this.gamma ? tf.mul(standardized, this.gamma.read()) : standardized;
      return this.beta ? tf.add(scaled, this.beta.read()) : scaled;
    });
  }

  /**
   * The whole norm (statistics, γ, β) as one op with the same values as the composed ops, or
   * undefined to compose it: here the fused group norm where `fusedLayout` maps onto it and the
   * backend prefers it.
   */
  protected fusedNorm(x: tf.Tensor4D, _training: boolean, affine: Affine): tf.Tensor | undefined {
    const layout = prefersFusedGroupNorm() ? this.fusedLayout(x.shape) : undefined;
    if (!layout) return undefined;
    const { centered, epsilon } = this.settings;
    const y = groupNorm(tf.reshape(x, layout.shape), {
      groups: layout.groups,
      centered,
      epsilon,
      ...affine,
      detachVariance: this.explanationMode,
    });
    return tf.reshape(y, x.shape);
  }

  override getConfig(): serialization.ConfigDict {
    const { centered, bias, affine, epsilon, momentum } = this.settings;
    return { ...super.getConfig(), centered, bias, affine, epsilon, momentum };
  }

  protected owner(): string {
    return layerOwner((this.constructor as { className?: string }).className ?? 'Norm2d', this.name);
  }
}
