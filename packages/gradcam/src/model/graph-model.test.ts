import { describeBackends, expectAllClose, expectNoLeaks } from '@bcos/backend/testing';
import * as tf from '@tensorflow/tfjs-core';
import '@bcos/backend';
import { expect, it } from 'vitest';
import { explain } from '../engine/explain';
import { GradCAM } from '../engine/grad-cam';
import { gradcam } from '../engine/gradcam';
import { CAM_METHODS, type CamMethodName } from '../methods/methods';
import { camMultImageConfidenceChange } from '../metrics/cam-mult-image';
import { anySizeGraph, countExecutes, editedGraph, fixtureTwins } from '../test-graph-fixtures';
import { imagesFor } from '../test-graph-models';
import { asCamModel } from './as-cam-model';
import { listCamLayers } from './list-cam-layers';

const METHODS = Object.keys(CAM_METHODS) as CamMethodName[];

describeBackends('GraphModel', () => {
  it('predicts every output as its LayersModel twin', async () => {
    for (const name of ['mobile-residual', 'inception-mini'] as const) {
      const { graph, layers } = await fixtureTwins(name);
      const x = imagesFor(layers, 3);
      const expected = layers.predict(x) as tf.Tensor | tf.Tensor[];
      const outputs = Array.isArray(expected) ? expected : [expected];
      for (let output = 0; output < outputs.length; output++) {
        const actual = tf.tidy(() => asCamModel(graph, output).predict(x));
        await expectAllClose(actual, outputs[output]!, { atol: 1e-5, label: `${name} output ${output}` });
        actual.dispose();
      }
      tf.dispose([x, ...outputs]);
      graph.dispose();
    }
  });

  it('lists the 4-D nodes with op and shape and defaults to the last one larger than 1×1', async () => {
    const { graph, layers } = await fixtureTwins('mobile-residual');
    const listed = listCamLayers(graph, { output: 0 });
    expect(listed.map(({ name }) => name)).toEqual([
      'stem',
      'expand_dw',
      'project/Conv2D',
      'project',
      'project_bn',
      'skip_add',
      'block_relu',
      'down_dw/DepthwiseConv2dNative',
      'down_dw',
      'head',
    ]);
    expect(listed[1]).toEqual({
      name: 'expand_dw',
      op: 'FusedDepthwiseConv2dNative',
      shape: [null, 8, 8, 6],
    });
    expect(listed[9]).toEqual({ name: 'head', op: '_FusedConv2D', shape: [null, 4, 4, 8] });
    const x = imagesFor(layers, 1);
    const result = await gradcam(graph, x, { output: 'logits' });
    expect(result.layer).toBe('head');
    tf.dispose([x, result.cams, result.raw, result.logits]);
    graph.dispose();
  });

  it('probes a GraphModel once per output and image size, not on every gradcam() call', async () => {
    const { graph, layers } = await fixtureTwins('mobile-residual');
    const x = imagesFor(layers, 1);
    const executes = countExecutes(graph);
    const executesOf = async (layer: string | undefined) => {
      const result = await gradcam(graph, x, { layer, output: 'logits' });
      tf.dispose([result.cams, result.raw, result.logits]);
      return executes();
    };
    // The first call probes the output's shape (and, for the default layer, every node's).
    expect(await executesOf(undefined)).toBe(4);
    // Later calls run the capture only: up to the node, then on from it.
    expect(await executesOf(undefined)).toBe(2);
    expect(await executesOf('project_bn')).toBe(2);
    tf.dispose(x);
    graph.dispose();
  });

  for (const name of ['mobile-residual', 'inception-mini'] as const) {
    it(`${name}: Grad-CAM at every conv, add and concat node equals the LayersModel twin's`, async () => {
      const { graph, layers } = await fixtureTwins(name);
      const x = imagesFor(layers, 1);
      const twinLayers = new Set(layers.layers.map((layer) => layer.name));
      for (const { name: node, op } of listCamLayers(graph, { output: 0 })) {
        if (!twinLayers.has(node) || !/Conv|Add|Concat/.test(op)) continue;
        await expectNoLeaks(async () => {
          const fromGraph = await gradcam(graph, x, { layer: node, output: 0, targets: 2 });
          const fromLayers = await gradcam(layers, x, { layer: node, output: 0, targets: 2 });
          await expectAllClose(fromGraph.raw, fromLayers.raw, {
            atol: 1e-5,
            rtol: 1e-4,
            label: `${name} ${node}`,
          });
          await expectAllClose(fromGraph.logits, fromLayers.logits, { atol: 1e-5, label: `${name} logits` });
          for (const result of [fromGraph, fromLayers]) tf.dispose([result.cams, result.raw, result.logits]);
        });
      }
      tf.dispose(x);
      graph.dispose();
    });
  }

  // ShapleyCAM (second-order gradients through the depthwise conv / max pool after the node) apart:
  // on software WebGPU it takes as long as all the others.
  for (const methods of [METHODS.filter((m) => m !== 'shapleycam'), ['shapleycam'] as const]) {
    it(`${methods.length > 1 ? 'every method' : 'ShapleyCAM'} equals the twin at a layer a skip connection bypasses and at a concatenated branch`, async () => {
      const cases = [
        ['mobile-residual', 'project_bn'],
        ['inception-mini', 'branch3x3'],
      ] as const;
      for (const [name, node] of cases) {
        const { graph, layers } = await fixtureTwins(name);
        const x = imagesFor(layers, 2);
        for (const method of methods) {
          const options = { layer: node, output: 0, method, targets: [0, 3] };
          const fromGraph = await gradcam(graph, x, options);
          const fromLayers = await gradcam(layers, x, options);
          await expectAllClose(fromGraph.cams, fromLayers.cams, {
            atol: 1e-4,
            label: `${name} ${node} ${method}`,
          });
          for (const result of [fromGraph, fromLayers]) tf.dispose([result.cams, result.raw, result.logits]);
        }
        tf.dispose(x);
        graph.dispose();
      }
    });
  }

  it('chooses the default layer of a model taking any image size from the first images', async () => {
    const { graph, layers } = await fixtureTwins('mobile-residual');
    const anySize = await anySizeGraph('mobile-residual');
    const x = imagesFor(layers, 1);
    const cam = new GradCAM(anySize, { output: 0 });
    expect(() => cam.layer).toThrow(/chosen by the first compute\(\)/);
    expect(() => listCamLayers(anySize, { output: 0 })).toThrow(
      /^imageShape: model 'GraphModel' takes images of any size/,
    );
    const fromAnySize = await cam.compute(x);
    expect([cam.layer.name, fromAnySize.layer]).toEqual(['head', 'head']);
    const fromFixed = await gradcam(graph, x, { output: 0 });
    await expectAllClose(fromAnySize.cams, fromFixed.cams, { atol: 1e-6 });
    const larger = tf.image.resizeBilinear(x, [12, 12]);
    const once = await gradcam(anySize, larger, { output: 0 });
    expect([once.layer, once.raw.shape]).toEqual(['head', [1, 6, 6]]);
    tf.dispose([x, larger, ...[fromAnySize, fromFixed, once].flatMap((r) => [r.cams, r.raw, r.logits])]);
    for (const model of [graph, anySize]) model.dispose();
  });

  it('is a classifier for the metrics, as its twin', async () => {
    const { graph, layers } = await fixtureTwins('inception-mini');
    const x = imagesFor(layers, 2);
    const result = await gradcam(graph, x, { targets: [1, 2] });
    const fromGraph = await camMultImageConfidenceChange(graph, x, result.cams, { targets: [1, 2] });
    const fromLayers = await camMultImageConfidenceChange(layers, x, result.cams, { targets: [1, 2] });
    await expectAllClose(Float32Array.from(fromGraph.change), Float32Array.from(fromLayers.change), {
      atol: 1e-5,
    });
    tf.dispose([x, result.cams, result.raw, result.logits]);
    graph.dispose();
  });

  it('differentiates through execute as finite differences do', async () => {
    const { graph, layers } = await fixtureTwins('mobile-residual');
    const x = imagesFor(layers, 1);
    const bound = asCamModel(graph, 0).bind('expand_dw', x.shape);
    const [activations, gradient] = tf.tidy(() => {
      const run = bound.run(x);
      const score = (a: tf.Tensor) => tf.sum(tf.slice(run.outputFrom(a), [0, 2], [1, 1]));
      return [run.activations, tf.grad(score)(run.activations)];
    });
    const a = (await activations!.data()) as Float32Array;
    const g = (await gradient!.data()) as Float32Array;
    const h = 1e-2;
    for (const index of [5, 100, 200, 370]) {
      const shifted = (delta: number) =>
        tf.tidy(() => {
          const values = a.slice();
          values[index]! += delta;
          const output = bound.run(x).outputFrom(tf.tensor(values, activations!.shape));
          return tf.slice(output, [0, 2], [1, 1]);
        });
      const [up, down] = [shifted(h), shifted(-h)];
      const difference = ((await up.data())[0]! - (await down.data())[0]!) / (2 * h);
      expect(Math.abs(difference - g[index]!)).toBeLessThan(2e-3);
      tf.dispose([up, down]);
    }
    tf.dispose([x, activations!, gradient!]);
    graph.dispose();
  });

  it("names outputs by a signature's keys or by their nodes, as a converted Keras SavedModel's", async () => {
    // tensorflowjs_converter writes such a signature: output key 'activation_4' for node 'Identity:0'.
    const signed = await editedGraph('mobile-residual', (json) => {
      json.signature = {
        inputs: { input_image: { name: 'image:0' } },
        outputs: { class_scores: { name: 'logits:0' }, aux_probs: { name: 'aux:0' } },
      };
    });
    const { graph, layers } = await fixtureTwins('mobile-residual');
    const x = imagesFor(layers, 2);
    const expected = await gradcam(graph, x, { layer: 'project_bn', output: 'logits', targets: [1, 4] });
    for (const output of ['class_scores', 'logits', 0]) {
      const result = await gradcam(signed, x, { layer: 'project_bn', output, targets: [1, 4] });
      await expectAllClose(result.raw, expected.raw, { atol: 1e-6, label: String(output) });
      tf.dispose([result.cams, result.raw, result.logits]);
    }
    expect(() => listCamLayers(signed, { output: 'probs' })).toThrow(
      "output: 'probs' is not an output of model 'GraphModel' (outputs: 0 'class_scores' (node 'logits'), 1 'aux_probs' (node 'aux'))",
    );
    tf.dispose([x, expected.cams, expected.raw, expected.logits]);
    graph.dispose();
    signed.dispose();
  });
});

describeBackends('explain() on a GraphModel', () => {
  it('runs the methods built on the engine as on its LayersModel twin, and says which need a LayersModel', async () => {
    const { graph, layers } = await fixtureTwins('inception-mini');
    const x = imagesFor(layers, 2);
    const twinNames = new Set(layers.layers.map(({ name }) => name));
    const lastTwo = listCamLayers(graph)
      .map(({ name }) => name)
      .filter((name) => twinNames.has(name))
      .slice(-2);
    expect(lastTwo).toHaveLength(2);
    for (const options of [{ method: 'ablationcam' }, { method: 'finercam' }, { layer: lastTwo }] as const) {
      const fromGraph = await explain(graph, x, options);
      const fromLayers = await explain(layers, x, options);
      await expectAllClose(fromGraph.cams, fromLayers.cams, { atol: 1e-4, label: JSON.stringify(options) });
      tf.dispose([fromGraph.cams, fromGraph.logits, fromLayers.cams, fromLayers.logits]);
    }
    await expect(explain(graph, x, { method: 'fullgrad' })).rejects.toThrow(
      /FullGrad needs a LayersModel .* is a GraphModel/,
    );
    tf.dispose(x);
    graph.dispose();
  });

  it('explains the chosen output of a model with several', async () => {
    const { graph, layers } = await fixtureTwins('mobile-residual');
    const x = imagesFor(layers, 2);
    const cases = [
      { method: 'finercam', layer: 'project_bn' },
      { method: 'refinecam', layer: ['project_bn', 'head'] },
      { method: 'layercam', layer: ['expand_dw', 'head'] },
      { method: 'hirescam', layer: 'skip_add' },
    ] as const;
    for (const options of cases) {
      const fromGraph = await explain(graph, x, { ...options, output: 'logits', targets: [1, 4] });
      const fromLayers = await explain(layers, x, { ...options, output: 0, targets: [1, 4] });
      await expectAllClose(fromGraph.cams, fromLayers.cams, { atol: 1e-4, label: options.method });
      tf.dispose([fromGraph.cams, fromGraph.logits, fromLayers.cams, fromLayers.logits]);
    }
    await expect(explain(graph, x, { method: 'refinecam', layer: ['project_bn', 'head'] })).rejects.toThrow(
      /has 2 outputs; pass the `output` option/,
    );
    tf.dispose(x);
    graph.dispose();
  });
});
