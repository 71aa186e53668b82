/**
 * Writes the GraphModel test fixtures (`test-fixtures/<name>/model.json` + `weights.bin`): each net of
 * `src/test-graph-models.ts` translated layer by layer into the TF ops tfjs-converter emits for it
 * (Conv2D + BiasAdd, `_FusedConv2D` / `FusedDepthwiseConv2dNative` with a fused ReLU6,
 * FusedBatchNormV3 with a constant scale of ones, AddV2, ConcatV2, Mean, MatMul, ...). Every graph
 * node is named after its layer, so a layer and its node share a name.
 *
 *   npx tsx packages/gradcam/scripts/write-graph-fixtures.ts
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '@bcos/backend/node';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import type * as tfl from '@tensorflow/tfjs-layers';
import { GRAPH_FIXTURE_NETS } from '../src/test-graph-models';

type Layer = tfl.LayersModel['layers'][number];
type Attr = Record<string, unknown>;
interface GraphNodeDef {
  name: string;
  op: string;
  input?: string[];
  attr?: Attr;
}
interface Weight {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  values: Float32Array | Int32Array;
}

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'test-fixtures');
const b64 = (text: string) => Buffer.from(text).toString('base64');
const ints = (values: number[]) => ({ list: { i: values.map(String) } });
const FLOAT = { type: 'DT_FLOAT' };

class GraphWriter {
  readonly nodes: GraphNodeDef[] = [];
  readonly weights: Weight[] = [];

  constant(name: string, values: Float32Array | Int32Array, shape: number[]): string {
    const dtype = values instanceof Int32Array ? 'int32' : 'float32';
    this.weights.push({ name, shape, dtype, values });
    const type = dtype === 'int32' ? 'DT_INT32' : 'DT_FLOAT';
    this.nodes.push({
      name,
      op: 'Const',
      attr: {
        dtype: { type },
        value: {
          tensor: { dtype: type, tensorShape: { dim: shape.map((size) => ({ size: String(size) })) } },
        },
      },
    });
    return name;
  }

  weight(layer: Layer, suffix: string): string {
    const variable = layer.weights.find((w) => w.originalName.endsWith(`/${suffix}`));
    if (!variable) throw new Error(`layer '${layer.name}' has no weight '${suffix}'`);
    const value = variable.read();
    return this.constant(`${layer.name}/${suffix}`, value.dataSync() as Float32Array, value.shape);
  }

  node(name: string, op: string, input: string[], attr: Attr = {}): string {
    this.nodes.push({ name, op, input, attr: { T: FLOAT, ...attr } });
    return name;
  }
}

function convAttrs(config: Record<string, unknown>): Attr {
  const strides = config.strides as number[];
  return {
    strides: ints([1, strides[0]!, strides[1]!, 1]),
    padding: { s: b64((config.padding as string).toUpperCase()) },
    data_format: { s: b64('NHWC') },
    dilations: ints([1, 1, 1, 1]),
  };
}

/** Conv2D / DepthwiseConv2D with optional bias and activation, as the converter fuses them. */
function convolution(g: GraphWriter, layer: Layer, input: string, depthwise: boolean): void {
  const config = layer.getConfig();
  const kernel = g.weight(layer, depthwise ? 'depthwise_kernel' : 'kernel');
  const op = depthwise ? 'DepthwiseConv2dNative' : 'Conv2D';
  const activation = config.activation as string;
  if (config.useBias && activation !== 'linear') {
    const fusedOps = ['BiasAdd', activation === 'relu6' ? 'Relu6' : 'Relu'];
    g.node(
      layer.name,
      depthwise ? 'FusedDepthwiseConv2dNative' : '_FusedConv2D',
      [input, kernel, g.weight(layer, 'bias')],
      {
        ...convAttrs(config),
        fused_ops: { list: { s: fusedOps.map(b64) } },
        num_args: { i: '1' },
        epsilon: { f: 0 },
      },
    );
    return;
  }
  if (activation !== 'linear')
    throw new Error(`layer '${layer.name}': activation without bias is not translated`);
  if (!config.useBias) {
    g.node(layer.name, op, [input, kernel], convAttrs(config));
    return;
  }
  const convolved = g.node(`${layer.name}/${op}`, op, [input, kernel], convAttrs(config));
  g.node(layer.name, 'BiasAdd', [convolved, g.weight(layer, 'bias')], { data_format: { s: b64('NHWC') } });
}

function batchNorm(g: GraphWriter, layer: Layer, input: string): void {
  const config = layer.getConfig();
  const channels = layer.weights.find((w) => w.originalName.endsWith('/moving_mean'))!.shape[0]!;
  const scale = config.scale
    ? g.weight(layer, 'gamma')
    : g.constant(`${layer.name}/ones`, new Float32Array(channels).fill(1), [channels]);
  const offset = config.center
    ? g.weight(layer, 'beta')
    : g.constant(`${layer.name}/zeros`, new Float32Array(channels), [channels]);
  g.node(
    layer.name,
    'FusedBatchNormV3',
    [input, scale, offset, g.weight(layer, 'moving_mean'), g.weight(layer, 'moving_variance')],
    { epsilon: { f: config.epsilon }, data_format: { s: b64('NHWC') }, is_training: { b: false } },
  );
}

function pool(g: GraphWriter, layer: Layer, input: string, op: 'MaxPool' | 'AvgPool'): void {
  const config = layer.getConfig();
  const size = config.poolSize as number[];
  g.node(layer.name, op, [input], { ...convAttrs(config), ksize: ints([1, size[0]!, size[1]!, 1]) });
}

function denseLayer(g: GraphWriter, layer: Layer, input: string): void {
  const product = g.node(`${layer.name}/MatMul`, 'MatMul', [input, g.weight(layer, 'kernel')], {
    transpose_a: { b: false },
    transpose_b: { b: false },
  });
  const activation = layer.getConfig().activation as string;
  const biased = g.node(activation === 'linear' ? layer.name : `${layer.name}/BiasAdd`, 'BiasAdd', [
    product,
    g.weight(layer, 'bias'),
  ]);
  if (activation === 'softmax') g.node(layer.name, 'Softmax', [biased]);
  else if (activation !== 'linear')
    throw new Error(`layer '${layer.name}': activation ${activation} is not translated`);
}

function translate(g: GraphWriter, layer: Layer): void {
  const inputs = layer.inboundNodes[0]!.inboundLayers.map((inbound) => inbound.name);
  const [input] = inputs as [string];
  const config = layer.getConfig();
  switch (layer.getClassName()) {
    case 'InputLayer': {
      const shape = (config.batchInputShape as Array<number | null>).map((d) => ({ size: String(d ?? -1) }));
      g.nodes.push({
        name: layer.name,
        op: 'Placeholder',
        attr: { dtype: FLOAT, shape: { shape: { dim: shape } } },
      });
      return;
    }
    case 'Conv2D':
      convolution(g, layer, input, false);
      return;
    case 'DepthwiseConv2D':
      convolution(g, layer, input, true);
      return;
    case 'BatchNormalization':
      batchNorm(g, layer, input);
      return;
    case 'ReLU':
      g.node(layer.name, config.maxValue === 6 ? 'Relu6' : 'Relu', [input]);
      return;
    case 'Add':
      g.node(layer.name, 'AddV2', inputs);
      return;
    case 'Concatenate':
      g.node(layer.name, 'ConcatV2', [...inputs, g.constant(`${layer.name}/axis`, Int32Array.of(3), [])], {
        N: { i: String(inputs.length) },
        Tidx: { type: 'DT_INT32' },
      });
      return;
    case 'GlobalAveragePooling2D':
      g.node(layer.name, 'Mean', [input, g.constant(`${layer.name}/axes`, Int32Array.of(1, 2), [2])], {
        keep_dims: { b: false },
        Tidx: { type: 'DT_INT32' },
      });
      return;
    case 'MaxPooling2D':
      pool(g, layer, input, 'MaxPool');
      return;
    case 'AveragePooling2D':
      pool(g, layer, input, 'AvgPool');
      return;
    case 'Dense':
      denseLayer(g, layer, input);
      return;
    default:
      throw new Error(`layer '${layer.name}': ${layer.getClassName()} is not translated`);
  }
}

function weightBytes(weights: readonly Weight[]): Uint8Array {
  const total = weights.reduce((sum, w) => sum + w.values.byteLength, 0);
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const w of weights) {
    bytes.set(new Uint8Array(w.values.buffer, w.values.byteOffset, w.values.byteLength), offset);
    offset += w.values.byteLength;
  }
  return bytes;
}

async function writeFixture(name: string, model: tfl.LayersModel): Promise<void> {
  const g = new GraphWriter();
  for (const layer of model.layers) translate(g, layer);
  const modelJson = {
    format: 'graph-model',
    generatedBy: 'packages/gradcam/scripts/write-graph-fixtures.ts',
    convertedBy: null,
    modelTopology: { node: g.nodes, library: {}, versions: { producer: 1286 } },
    weightsManifest: [
      {
        paths: ['weights.bin'],
        weights: g.weights.map(({ name, shape, dtype }) => ({ name, shape, dtype })),
      },
    ],
  };
  const directory = join(FIXTURES, name);
  mkdirSync(directory, { recursive: true });
  await writeFileAtomic(join(directory, 'weights.bin'), weightBytes(g.weights));
  await writeFileAtomic(join(directory, 'model.json'), `${JSON.stringify(modelJson, null, 1)}\n`);
  console.log(
    `wrote ${directory} (${g.nodes.length} nodes, ${weightBytes(g.weights).byteLength} weight bytes)`,
  );
}

await tf.setBackend('cpu');
for (const [name, build] of Object.entries(GRAPH_FIXTURE_NETS)) await writeFixture(name, build());
