import { finiteNumber, positiveNumber } from '@bcos/backend';
import * as tf from '@tensorflow/tfjs-core';
import { serialization } from '@tensorflow/tfjs-core';
import { layers } from '@tensorflow/tfjs-layers';
import { type Kwargs, type LayerArgs, type Shape, singleShape } from './layer-types';
import { layerOwner } from './options';
import { singleInput } from './single-input';

export interface LogitLayerArgs extends LayerArgs {
  /** Divides the logits. Default 1. */
  temperature?: number;
  /** Added after the temperature. Default −log(C − 1) for C classes (prior of one class among C under a sigmoid). */
  bias?: number;
}

/** B-cos v2 `LogitLayer`: logits / temperature + bias, both constants. */
export class LogitLayer extends layers.Layer {
  static readonly className = 'LogitLayer';
  readonly temperature: number;
  private readonly biasOption: number | undefined;
  private resolvedBias: number | undefined;

  constructor(args: LogitLayerArgs = {}) {
    super(args);
    this.temperature = positiveNumber(this.owner(), 'temperature', args.temperature ?? 1);
    this.biasOption = args.bias == null ? undefined : finiteNumber(this.owner(), 'bias', args.bias);
  }

  /** The bias in use, known once the layer has seen its class count. */
  get bias(): number | undefined {
    return this.biasOption ?? this.resolvedBias;
  }

  override build(inputShape: Shape | Shape[]): void {
    const shape = singleShape(this.owner(), inputShape);
    if (this.biasOption === undefined)
      this.resolvedBias = defaultLogitBias(this.owner(), shape[shape.length - 1]);
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return singleShape(this.owner(), inputShape);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    const x = singleInput(this.owner(), inputs);
    const bias = this.bias ?? defaultLogitBias(this.owner(), x.shape[x.rank - 1]);
    return tf.tidy(() => tf.add(tf.div(x, this.temperature), bias));
  }

  override getConfig(): serialization.ConfigDict {
    return { ...super.getConfig(), temperature: this.temperature, bias: this.biasOption ?? null };
  }

  private owner(): string {
    return layerOwner(LogitLayer.className, this.name);
  }
}
serialization.registerClass(LogitLayer);

function defaultLogitBias(owner: string, classes: number | null | undefined): number {
  if (classes == null || classes < 2) {
    throw new Error(
      `${owner}: the default bias −log(C − 1) needs C ≥ 2 known classes, got ${classes}; pass bias explicitly`,
    );
  }
  return -Math.log(classes - 1);
}

export function logitLayer(args: LogitLayerArgs = {}): LogitLayer {
  return new LogitLayer(args);
}
