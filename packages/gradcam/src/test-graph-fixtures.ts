/** Loads the GraphModel fixtures of `test-fixtures/` and their LayersModel twins with the same weights. */

import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fileSystem } from '@bcos/backend/node';
import { type GraphModel, loadGraphModel } from '@tensorflow/tfjs-converter';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { GRAPH_FIXTURE_NETS, type GraphFixtureName } from './test-graph-models';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'test-fixtures');

export function graphFixturePath(name: GraphFixtureName): string {
  return join(FIXTURES, name, 'model.json');
}

export interface FixtureTwins {
  graph: GraphModel;
  layers: tfl.LayersModel;
}

/** The GraphModel fixture and the LayersModel it was written from, given the GraphModel's weights. */
export async function fixtureTwins(name: GraphFixtureName): Promise<FixtureTwins> {
  const graph = await loadGraphModel(fileSystem(graphFixturePath(name)));
  const layers = GRAPH_FIXTURE_NETS[name]();
  for (const layer of layers.layers) {
    if (layer.weights.length === 0) continue;
    layer.setWeights(layer.weights.map((weight) => graphWeight(graph, weight.originalName)));
  }
  return { graph, layers };
}

/** The GraphModel fixture with its image placeholder made [-1, -1, -1, 3]: a model that takes any image size. */
export function anySizeGraph(name: GraphFixtureName): Promise<GraphModel> {
  return editedGraph(name, (json) => {
    type Node = { op: string; attr: { shape: { shape: { dim: unknown } } } };
    const placeholder = (json.modelTopology as { node: Node[] }).node.find(({ op }) => op === 'Placeholder')!;
    placeholder.attr.shape.shape.dim = [-1, -1, -1, 3].map((size) => ({ size: String(size) }));
  });
}

/** The GraphModel fixture loaded from its model.json as changed by `edit` (same weights). */
export async function editedGraph(
  name: GraphFixtureName,
  edit: (json: Record<string, unknown>) => void,
): Promise<GraphModel> {
  const path = graphFixturePath(name);
  const json = JSON.parse(await readFile(path, 'utf8'));
  edit(json);
  const weights = await readFile(join(dirname(path), 'weights.bin'));
  const weightData = weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength);
  return loadGraphModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest[0].weights,
      weightData,
      signature: json.signature,
    }),
  );
}

function graphWeight(graph: GraphModel, name: string) {
  const found = graph.weights[name]?.[0];
  if (!found) throw new Error(`graph fixture has no weight '${name}'`);
  return found;
}

/** Counts `graph.execute` calls from here on: the returned function gives the count since its last call. */
export function countExecutes(graph: GraphModel): () => number {
  const execute = graph.execute.bind(graph);
  let runs = 0;
  graph.execute = (...args: Parameters<typeof graph.execute>) => {
    runs++;
    return execute(...args);
  };
  return () => {
    const counted = runs;
    runs = 0;
    return counted;
  };
}
