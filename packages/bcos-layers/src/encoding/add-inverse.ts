import type * as tf from '@tensorflow/tfjs-core';
import { serialization } from '@tensorflow/tfjs-core';
import { layers } from '@tensorflow/tfjs-layers';
import { type Kwargs, type LayerArgs, type Shape, singleShape } from '../layer-types';
import { layerOwner } from '../options';
import { singleInput } from '../single-input';
import { encodeImage } from './encode-image';

/** The input encoding as a layer: [..., 3] in [0, 1] → [..., 6] = [x, 1 − x]. */
export class AddInverse extends layers.Layer {
  static readonly className = 'AddInverse';

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = singleShape(this.owner(), inputShape);
    if (shape[shape.length - 1] !== 3) {
      throw new Error(`${this.owner()}: expected 3 input channels last, got shape [${shape}]`);
    }
    return [...shape.slice(0, -1), 6];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return encodeImage(singleInput(this.owner(), inputs), this.owner());
  }

  private owner(): string {
    return layerOwner(AddInverse.className, this.name);
  }
}
serialization.registerClass(AddInverse);

export function addInverse(
  args: Pick<LayerArgs, 'name' | 'inputShape' | 'batchInputShape'> = {},
): AddInverse {
  return new AddInverse(args);
}
