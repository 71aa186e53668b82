import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import '../gradients';
import { describeBackends, expectAllClose } from '../testing';
import { captureStep, type StepFunction, type StepMode } from './step-capture';

interface TinyNet {
  params: tf.Variable[];
  momenta: tf.Variable[];
  lossSum: tf.Variable;
}

function tinyNet(seed: number): TinyNet {
  const params = [
    tf.variable(tf.randomNormal([3, 3, 3, 8], 0, 0.3, 'float32', seed)),
    tf.variable(tf.randomNormal([8, 4], 0, 0.3, 'float32', seed + 1)),
    tf.variable(tf.zeros([4])),
  ];
  return {
    params,
    momenta: params.map((p) => tf.variable(tf.zerosLike(p), false)),
    lossSum: tf.variable(tf.zeros([]), false),
  };
}

/** conv → relu → global mean → dense, softmax cross-entropy, SGD with momentum; lr is an input. */
function sgdStep(net: TinyNet): StepFunction {
  return ([images, labels, lr]) =>
    tf.tidy(() => {
      const [kernel, dense, bias] = net.params as [tf.Variable, tf.Variable, tf.Variable];
      const { value, grads } = tf.variableGrads(() => {
        const hidden = tf.relu(tf.conv2d(images as tf.Tensor4D, kernel as tf.Tensor4D, 1, 'same'));
        const logits = tf.add(tf.matMul(tf.mean(hidden, [1, 2]), dense as tf.Tensor2D), bias);
        return tf.losses.softmaxCrossEntropy(tf.oneHot(labels as tf.Tensor1D, 4), logits) as tf.Scalar;
      }, net.params);
      net.params.forEach((param, i) => {
        const momentum = net.momenta[i]!;
        momentum.assign(tf.add(tf.mul(momentum, 0.9), grads[param.name]!));
        param.assign(tf.sub(param, tf.mul(momentum, lr!)));
      });
      net.lossSum.assign(tf.add(net.lossSum, value));
    });
}

function batch(step: number, size = 4): tf.Tensor[] {
  return [
    tf.randomUniform([size, 6, 6, 3], 0, 1, 'float32', 100 + step),
    tf.tensor1d(
      Array.from({ length: size }, (_, i) => (i + step) % 4),
      'int32',
    ),
    tf.scalar(0.1 / (1 + step)),
  ];
}

function disposeNet(net: TinyNet): void {
  tf.dispose([...net.params, ...net.momenta, net.lossSum]);
}

async function expectSameState(captured: TinyNet, eager: TinyNet): Promise<void> {
  const pairs = [...captured.params, ...captured.momenta].map((v, i) => [
    v,
    [...eager.params, ...eager.momenta][i]!,
  ]);
  for (const [a, b] of pairs) await expectAllClose(a!, b!, { rtol: 1e-5, atol: 1e-7, label: a!.name });
}

/** Runs the same batches through a captured and an eager twin; returns the modes and both loss curves. */
async function trainTwins(batchSizes: number[]) {
  const [captured, eager] = [tinyNet(7), tinyNet(7)];
  const capture = captureStep(sgdStep(captured));
  const eagerStep = sgdStep(eager);
  const modes: StepMode[] = [];
  const curves: number[][] = [[], []];
  for (const [step, size] of batchSizes.entries()) {
    const inputs = batch(step, size);
    modes.push(capture.run(inputs));
    eagerStep(inputs);
    tf.dispose(inputs);
    curves[0]!.push((await captured.lossSum.data())[0]!);
    curves[1]!.push((await eager.lossSum.data())[0]!);
  }
  return { captured, eager, capture, modes, curves };
}

describeBackends('captureStep', (backend) => {
  it('gives the weights and the loss curve of eager steps, replaying once two recordings agree', async () => {
    const { captured, eager, capture, modes, curves } = await trainTwins(Array(8).fill(4));
    await expectSameState(captured, eager);
    await expectAllClose(curves[0]!, curves[1]!, { rtol: 1e-5, atol: 1e-7, label: 'loss curve' });
    if (backend.name === 'webgpu') {
      expect(modes).toEqual(['recorded', 'recorded', ...Array(6).fill('replayed')]);
      expect(capture.stats).toMatchObject({ recordings: 2, replays: 6 });
      // Variables ping-pong between the recorded buffers: none is copied in or out.
      expect(capture.stats.variableCopies).toBe(0);
      expect(capture.stats.dispatches).toBeGreaterThan(10);
      // Host constants whose buffer nothing else in the step writes are uploaded once, not every step.
      expect(capture.stats.staticUploads).toBeGreaterThan(0);
    } else expect(new Set(modes)).toEqual(new Set(['eager']));
    capture.dispose();
    disposeNet(captured);
    disposeNet(eager);
  });

  it('runs another batch size eagerly and keeps replaying correctly after it', async () => {
    const { captured, eager, capture, modes } = await trainTwins([4, 4, 4, 2, 4, 4, 2, 4]);
    await expectSameState(captured, eager);
    if (backend.name === 'webgpu')
      expect(modes).toEqual([
        'recorded',
        'recorded',
        'replayed',
        'eager',
        'replayed',
        'replayed',
        'eager',
        'replayed',
      ]);
    capture.dispose();
    disposeNet(captured);
    disposeNet(eager);
  });

  it('creates no buffers, bind groups or pipelines once the step is captured', async () => {
    const net = tinyNet(3);
    const capture = captureStep(sgdStep(net));
    const created: string[] = [];
    const device = (tf.backend() as unknown as { device?: GPUDevice }).device;
    const restores: Array<() => void> = [];
    for (let step = 0; step < 6; step++) {
      if (step === 2 && device)
        for (const name of [
          'createBuffer',
          'createBindGroup',
          'createComputePipeline',
          'createComputePipelineAsync',
          'createShaderModule',
        ] as const) {
          const original = device[name];
          (device as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
            created.push(name);
            return (original as (...a: unknown[]) => unknown).apply(device, args);
          };
          restores.push(() => delete (device as unknown as Record<string, unknown>)[name]);
        }
      const inputs = batch(step);
      capture.run(inputs);
      tf.dispose(inputs);
    }
    await net.lossSum.data();
    for (const restore of restores) restore();
    if (backend.name === 'webgpu') {
      expect(capture.stats.replays).toBe(4);
      expect(created).toEqual([]);
    }
    capture.dispose();
    disposeNet(net);
  });

  it('gives the variables back on dispose whichever of their two buffers a replay left them in', async () => {
    for (const steps of [3, 4]) {
      const net = tinyNet(9);
      const capture = captureStep(sgdStep(net));
      for (let step = 0; step < steps; step++) {
        const inputs = batch(step);
        capture.run(inputs);
        tf.dispose(inputs);
      }
      const before = await net.params[0]!.data();
      capture.dispose();
      // The weights survive the capture, and disposing them later hands their buffers to the pool.
      await expectAllClose(net.params[0]!, before, { rtol: 0, atol: 0, label: `after ${steps} steps` });
      disposeNet(net);
      await expectAllClose(tf.add(tf.ones([4]), 1), [2, 2, 2, 2], { label: 'pool still usable' });
    }
  });

  it('never replays a step whose host constants change, and says why', async () => {
    const [captured, eager] = [tinyNet(5), tinyNet(5)];
    let hostLr = 0.1;
    const stepWithHostLr = (net: TinyNet): StepFunction => {
      const step = sgdStep(net);
      return ([images, labels]) => tf.tidy(() => step([images!, labels!, tf.scalar(hostLr)]));
    };
    const capture = captureStep(stepWithHostLr(captured), { maxRecordings: 3 });
    const eagerStep = stepWithHostLr(eager);
    const modes: StepMode[] = [];
    for (let step = 0; step < 5; step++) {
      hostLr = 0.1 / (1 + step);
      const inputs = batch(step);
      modes.push(capture.run(inputs));
      eagerStep(inputs);
      tf.dispose(inputs);
    }
    await expectSameState(captured, eager);
    if (backend.name === 'webgpu') {
      expect(modes).toEqual(['recorded', 'recorded', 'recorded', 'eager', 'eager']);
      expect(capture.stats.reason).toMatch(/same kernels with the same constants/);
    }
    capture.dispose();
    disposeNet(captured);
    disposeNet(eager);
  });
});
