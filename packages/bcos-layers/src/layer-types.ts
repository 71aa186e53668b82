import type { LayerVariable, layers } from '@tensorflow/tfjs-layers';

/** tfjs-layers' own argument types, taken from its public classes (its dist folders are not an API). */
export type LayerArgs = NonNullable<ConstructorParameters<typeof layers.Layer>[0]>;
export type Kwargs = Parameters<layers.Layer['call']>[1];
export type Shape = Array<number | null>;
export type { LayerVariable };

/** The single input shape of a one-input layer (tfjs passes `Shape | Shape[]`). */
export function singleShape(owner: string, inputShape: Shape | Shape[]): Shape {
  const nested = Array.isArray(inputShape[0]);
  if (nested) {
    if (inputShape.length !== 1) throw new Error(`${owner}: expected one input, got ${inputShape.length}`);
    return inputShape[0] as Shape;
  }
  return inputShape as Shape;
}
