import { fileSystem } from '@bcos/backend/node';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';

/** Saves topology and weights as model.json + weights.bin into `directory`. */
export async function saveModel(model: LayersModel, directory: string): Promise<void> {
  await model.save(fileSystem(directory));
}

/**
 * Loads saved weights into an existing model by weight name (`conv1/kernel`, …), so the model need
 * not be rebuilt from its JSON and custom layers need no registration.
 */
export async function loadWeightsInto(model: LayersModel, directory: string): Promise<void> {
  const artifacts = await fileSystem(directory).load!();
  if (!artifacts.weightSpecs || !artifacts.weightData)
    throw new Error(`${directory}: the saved model has no weights`);
  const weights = tf.io.decodeWeights(artifacts.weightData, artifacts.weightSpecs);
  try {
    model.loadWeights(weights, true);
  } catch (error) {
    throw new Error(
      `${directory}: the saved weights do not fit model ${model.name}: ${(error as Error).message}`,
    );
  } finally {
    tf.dispose(Object.values(weights));
  }
}
