import { numberAtLeast, oneOf, positiveInteger, positiveIntegerPair } from '@bcos/backend';
import type * as tf from '@tensorflow/tfjs-core';
import { serialization } from '@tensorflow/tfjs-core';
import { layers } from '@tensorflow/tfjs-layers';
import type { ExplanationSwitch } from '../explanation-mode';
import { type Kwargs, type LayerArgs, type LayerVariable, type Shape, singleShape } from '../layer-types';
import { layerOwner } from '../options';
import { expectRank, singleInput } from '../single-input';
import { bcosConv2dOp } from './bcos-conv2d-op';
import { type ConvGeometry, convOutputSize } from './conv-geometry';
import { torchDefaultKernelInitializer } from './kernel-initializer';

export interface BcosConv2dArgs extends LayerArgs {
  /** Output channels (units after MaxOut). */
  filters: number;
  kernelSize: number | [number, number];
  strides?: number | [number, number];
  padding?: 'same' | 'valid';
  dilationRate?: number | [number, number];
  /** Alignment pressure b ≥ 1; 1 is a plain conv with unit-norm filters. Default 2. */
  b?: number;
  /** Linear pieces per output channel. Default 1 (no MaxOut). */
  maxOut?: number;
}

/**
 * B-cos convolution (B-cos v2 `BcosConv2d`): no bias, filters normalised to unit L2 norm on every
 * call, output scaled by |cos(x, ŵ)|^(b−1). Kernel weight `kernel` [kh, kw, in, filters·maxOut].
 */
export class BcosConv2d extends layers.Layer implements ExplanationSwitch {
  static readonly className = 'BcosConv2d';
  readonly filters: number;
  readonly geometry: ConvGeometry;
  readonly b: number;
  readonly maxOut: number;
  explanationMode = false;
  private kernel?: LayerVariable;

  constructor(args: BcosConv2dArgs) {
    super(args);
    const owner = this.owner();
    this.filters = positiveInteger(owner, 'filters', args.filters);
    this.geometry = {
      kernelSize: positiveIntegerPair(owner, 'kernelSize', args.kernelSize),
      strides: positiveIntegerPair(owner, 'strides', args.strides ?? 1),
      padding: oneOf(owner, 'padding', args.padding ?? 'valid', ['same', 'valid'] as const),
      dilationRate: positiveIntegerPair(owner, 'dilationRate', args.dilationRate ?? 1),
    };
    this.b = numberAtLeast(owner, 'b', args.b ?? 2, 1);
    this.maxOut = positiveInteger(owner, 'maxOut', args.maxOut ?? 1);
  }

  setExplanationMode(on: boolean): void {
    this.explanationMode = on;
  }

  override build(inputShape: Shape | Shape[]): void {
    const shape = singleShape(this.owner(), inputShape);
    expectRank(this.owner(), shape, 4, '[N, H, W, C]');
    const channels = shape[3];
    if (channels == null) throw new Error(`${this.owner()}: the input's channel count must be known`);
    const kernelShape = [...this.geometry.kernelSize, channels, this.filters * this.maxOut];
    this.kernel = this.addWeight('kernel', kernelShape, 'float32', torchDefaultKernelInitializer());
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = singleShape(this.owner(), inputShape);
    expectRank(this.owner(), shape, 4, '[N, H, W, C]');
    const [height, width] = convOutputSize([shape[1]!, shape[2]!], this.geometry);
    return [shape[0]!, height, width, this.filters];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    const x = singleInput(this.owner(), inputs);
    expectRank(this.owner(), x.shape, 4, '[N, H, W, C]');
    const transform = { b: this.b, maxOut: this.maxOut, detach: this.explanationMode };
    return bcosConv2dOp(
      x as tf.Tensor4D,
      this.kernel!.read() as tf.Tensor4D,
      this.geometry,
      transform,
      this.owner(),
    );
  }

  override getConfig(): serialization.ConfigDict {
    return {
      ...super.getConfig(),
      filters: this.filters,
      kernelSize: this.geometry.kernelSize,
      strides: this.geometry.strides,
      padding: this.geometry.padding,
      dilationRate: this.geometry.dilationRate,
      b: this.b,
      maxOut: this.maxOut,
    };
  }

  private owner(): string {
    return layerOwner(BcosConv2d.className, this.name);
  }
}
serialization.registerClass(BcosConv2d);

/** A B-cos convolution layer, in the style of `tf.layers.conv2d`. */
export function bcosConv2d(args: BcosConv2dArgs): BcosConv2d {
  return new BcosConv2d(args);
}
