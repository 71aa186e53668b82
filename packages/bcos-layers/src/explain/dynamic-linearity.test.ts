/**
 * Property: in explanation mode a B-cos network (bias-free norms) is the dynamic linear map
 * logit − bias = Σ W(x)·x, whatever its depth, b, MaxOut, strides, norms, residual adds and nesting.
 */
import { describeBackends, expectAllClose } from '@bcos/backend/testing';
import * as tf from '@tensorflow/tfjs-core';
import { input, type LayersModel, layers, model, type SymbolicTensor } from '@tensorflow/tfjs-layers';
import '@bcos/backend';
import fc from 'fast-check';
import { it } from 'vitest';
import { bcosConv2d } from '../bcos/bcos-conv2d';
import { bcosDense } from '../bcos/bcos-dense';
import { encodeImage } from '../encoding/encode-image';
import { logitLayer } from '../logit-layer';
import { batchNorm2d } from '../norms/batch-norm-2d';
import { groupNorm2d, layerNorm2d } from '../norms/group-norm-2d';
import type { Norm2d } from '../norms/norm2d';
import { positionNorm2d } from '../norms/position-norm-2d';
import { explain } from './explain';

const NORMS = ['none', 'batch', 'layer', 'group', 'position'] as const;

const blockSpec = fc.record({
  filters: fc.integer({ min: 2, max: 4 }),
  kernelSize: fc.constantFrom(1, 3),
  strides: fc.constantFrom(1, 2),
  b: fc.constantFrom(1, 1.25, 2, 2.5),
  maxOut: fc.integer({ min: 1, max: 2 }),
  norm: fc.constantFrom(...NORMS),
  centered: fc.boolean(),
  residual: fc.boolean(),
});

const netSpec = fc.record({
  blocks: fc.array(blockSpec, { minLength: 1, maxLength: 3 }),
  denseHead: fc.boolean(),
  classes: fc.integer({ min: 2, max: 4 }),
  temperature: fc.constantFrom(0.5, 1, 3),
  batch: fc.integer({ min: 1, max: 2 }),
  nested: fc.boolean(),
});

type Block = typeof blockSpec extends fc.Arbitrary<infer T> ? T : never;
type Net = typeof netSpec extends fc.Arbitrary<infer T> ? T : never;

function norm(block: Block): Norm2d | undefined {
  const options = { centered: block.centered };
  switch (block.norm) {
    case 'batch':
      return batchNorm2d(options);
    case 'layer':
      return layerNorm2d(options);
    case 'group':
      // Never one channel per group: centred, its global average is 0, so a dense head's logit − bias is
      // float32 noise around 0, which no relative tolerance can check.
      return groupNorm2d({ ...options, groups: block.filters === 4 ? 2 : 1 });
    case 'position':
      return positionNorm2d(options);
    default:
      return undefined;
  }
}

function applyBlock(x: SymbolicTensor, block: Block): SymbolicTensor {
  const conv = bcosConv2d({ ...block, padding: 'same' }).apply(x) as SymbolicTensor;
  const normed = (norm(block)?.apply(conv) as SymbolicTensor | undefined) ?? conv;
  const fits = block.strides === 1 && x.shape[3] === block.filters;
  return block.residual && fits ? (layers.add().apply([x, normed]) as SymbolicTensor) : normed;
}

/** The network, and a model of the same layers that stops before the logit layer (its input). */
function build(net: Net): { network: LayersModel; beforeLogitLayer: LayersModel } {
  const x = input({ shape: [6, 6, 6] });
  const features = net.blocks.reduce(applyBlock, x);
  const logits = (
    net.denseHead
      ? bcosDense({ units: net.classes }).apply(layers.globalAveragePooling2d({}).apply(features))
      : layers
          .globalAveragePooling2d({})
          .apply(bcosConv2d({ filters: net.classes, kernelSize: 1 }).apply(features) as SymbolicTensor)
  ) as SymbolicTensor;
  const output = logitLayer({ temperature: net.temperature }).apply(logits);
  const inner = model({ inputs: x, outputs: output as SymbolicTensor });
  const beforeLogitLayer = model({ inputs: x, outputs: logits });
  if (!net.nested) return { network: inner, beforeLogitLayer };
  const outer = input({ shape: [6, 6, 6] });
  return {
    network: model({ inputs: outer, outputs: inner.apply(outer) as SymbolicTensor }),
    beforeLogitLayer,
  };
}

describeBackends('explanation mode makes B-cos networks dynamic linear', (backend) => {
  it('Σ W(x)·x equals the explained logit minus the logit bias', async () => {
    await fc.assert(
      fc.asyncProperty(netSpec, fc.integer({ min: 0, max: 1000 }), async (net, seed) => {
        const { network, beforeLogitLayer } = build(net);
        const images = encodeImage(tf.randomUniform([net.batch, 6, 6, 3], 0, 1, 'float32', seed));
        const result = await explain(network, images, { smooth: 0 });
        // logit − bias = z / temperature, read before the bias: the float32 logit minus the bias
        // would know a small z only to float32's resolution at the bias.
        const explained = tf.tidy(() =>
          tf.div(
            tf.sum(
              tf.mul(
                beforeLogitLayer.predict(images) as tf.Tensor,
                tf.oneHot(result.classIndex, net.classes),
              ),
              1,
            ),
            net.temperature,
          ),
        );
        // The rounding of a sum grows with its terms, not with its value: a logit near 0 made of large
        // contributions is only known to a fraction of Σ|W·x| (the layers' weights are unseeded).
        const termScale = tf.tidy(() => tf.max(tf.sum(tf.abs(tf.mul(images, result.weights)), [1, 2, 3])));
        const [largestTermSum] = await termScale.data();
        await expectAllClose(tf.sum(result.contributions, [1, 2]), explained, {
          rtol: 1e-4,
          atol: 1e-6 * largestTermSum!,
          label: 'Σ W·x vs logit − bias',
        });
        termScale.dispose();
        tf.dispose([images, explained, result.logits, result.weights, result.contributions, result.rgba]);
        network.dispose();
      }),
      // Every random network compiles new shaders on webgpu (seconds each on software Vulkan).
      { numRuns: backend.name === 'webgpu' ? 3 : 10, seed: 42 },
    );
  });
});
