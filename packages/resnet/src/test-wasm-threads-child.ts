/**
 * Child process of wasm-threads.test.ts: a small ResNet-18's forward pass, gradients, one SGD step and
 * two fused Adam updates from its gradients, and a B-cos ResNet-18's forward pass and gradients on wasm with the thread count given as argv[2], printed as SHA-256 digests of the float32 bytes.
 * It never calls process.exit: the test checks that it ends by itself.
 */
import { createHash } from 'node:crypto';
import { fusedAdamStep, initBackend } from '@bcos/backend';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { bcosResnet18 } from './bcos-resnet18';
import { resnet18 } from './resnet18';

function digest(values: Float32Array): string {
  return createHash('sha256')
    .update(new Uint8Array(values.buffer, values.byteOffset, values.byteLength))
    .digest('hex');
}

async function digestAll(tensors: tf.Tensor[]): Promise<string> {
  const hash = createHash('sha256');
  for (const t of tensors) hash.update(digest((await t.data()) as Float32Array));
  return hash.digest('hex');
}

const info = await initBackend({ backend: 'wasm', threads: Number(process.argv[2]) });
const model = resnet18({ stem: 'cifar', norm: 'batch', classes: 5, inputShape: [32, 32, 3], width: 16 });
model.trainableWeights.forEach((weight, i) => {
  weight.write(tf.randomUniform(weight.shape as number[], -0.15, 0.15, 'float32', 100 + i));
});
const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
const images = tf.randomUniform([8, 32, 32, 3], 0, 1, 'float32', 7);
const targets = tf.oneHot(tf.tensor1d([0, 1, 2, 3, 4, 0, 1, 2], 'int32'), 5);
const loss = (): tf.Scalar =>
  tf.losses.softmaxCrossEntropy(targets, model.apply(images, { training: true }) as tf.Tensor) as tf.Scalar;

const forward = model.predict(images) as tf.Tensor;
const { value, grads } = tf.variableGrads(loss, variables);
const optimizer = tf.train.sgd(0.1);
optimizer.applyGradients(grads);
const afterStep = model.predict(images) as tf.Tensor;

/** Two Adam updates of every variable from its gradient, moments starting at zero. */
function adamTwice(): tf.Tensor[] {
  const constants = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };
  return variables.flatMap((variable) => {
    let [param, m, v]: tf.Tensor[] = [variable, tf.zerosLike(variable), tf.zerosLike(variable)];
    for (const step of [1, 2]) {
      const scalars = tf.tensor1d([1e-3 / (1 - 0.9 ** step), Math.sqrt(1 - 0.999 ** step)]);
      const next = fusedAdamStep(
        { param: param!, gradient: grads[variable.name]!, m: m!, v: v!, scalars },
        constants,
      );
      if (!next) throw new Error('wasm has no fused Adam update');
      [param, m, v] = [next.param, next.m, next.v];
    }
    return [param!, m!, v!];
  });
}
/** A B-cos ResNet-18's forward pass and gradients (its patch norms sum channels: a row-sum kernel). */
async function bcosDigest(): Promise<string> {
  const bcos = bcosResnet18({ stem: 'cifar', classes: 5, inputShape: [32, 32, 6], width: 16 });
  bcos.trainableWeights.forEach((weight, i) => {
    weight.write(tf.randomUniform(weight.shape as number[], -0.15, 0.15, 'float32', 300 + i));
  });
  const bcosImages = tf.concat([images, tf.sub(1, images)], 3);
  const weights = bcos.trainableWeights.map((w) => w.read() as tf.Variable);
  const { value: logitsSum, grads: bcosGrads } = tf.variableGrads(
    () => tf.sum(bcos.apply(bcosImages, { training: true }) as tf.Tensor),
    weights,
  );
  return digestAll([logitsSum, ...weights.map((w) => bcosGrads[w.name]!)]);
}

const result = {
  threads: info.threads,
  poolThreads: getThreadsCount(),
  forward: await digestAll([forward]),
  loss: await digestAll([value]),
  gradients: await digestAll(variables.map((v) => grads[v.name]!)),
  weightsAfterStep: await digestAll(variables),
  forwardAfterStep: await digestAll([afterStep]),
  adam: await digestAll(adamTwice()),
  bcos: await bcosDigest(),
};
process.stdout.write(`${JSON.stringify(result)}\n`);
