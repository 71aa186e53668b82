import * as tf from '@tensorflow/tfjs-core';

/**
 * Runs `fn` (synchronously) with every ReLU differentiated as a guided ReLU (Springenberg et al.
 * 2015): the gradient passes only where the forward input is positive and the incoming gradient is
 * positive. Kernel gradients are global, so the override lasts exactly as long as the synchronous
 * call (no other computation can run in between) and the previous gradient is restored after it.
 */
export function withGuidedRelu<T>(fn: () => T): T {
  const previous = tf.getGradient('Relu');
  tf.registerGradient({
    kernelName: 'Relu',
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => {
      const [x] = saved as tf.Tensor[];
      const dyTensor = dy as tf.Tensor;
      return { x: () => tf.mul(dyTensor, tf.mul(tf.step(x!), tf.step(dyTensor))) };
    },
  });
  try {
    return fn();
  } finally {
    if (previous) tf.registerGradient(previous);
    else tf.unregisterGradient('Relu');
  }
}
