import * as tf from '@tensorflow/tfjs-core';

export interface RankedClass {
  index: number;
  name: string;
  logit: number;
  /** Softmax over all classes. */
  probability: number;
}

/** The k highest-scoring classes of one image's logits [C], best first. */
export async function topClasses(
  logits: tf.Tensor1D,
  k: number,
  names: readonly string[],
): Promise<RankedClass[]> {
  const softmax = tf.softmax(logits);
  const [values, probabilities] = await Promise.all([logits.data(), softmax.data()]);
  softmax.dispose();
  return Array.from(values.keys())
    .sort((a, b) => values[b]! - values[a]!)
    .slice(0, k)
    .map((index) => ({
      index,
      name: names[index]!,
      logit: values[index]!,
      probability: probabilities[index]!,
    }));
}
