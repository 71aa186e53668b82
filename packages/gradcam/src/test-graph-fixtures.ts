/** Loads the GraphModel fixtures of `test-fixtures/` and their LayersModel twins with the same weights. */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fileSystem } from '@bcos/backend';
import { type GraphModel, loadGraphModel } from '@tensorflow/tfjs-converter';
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

function graphWeight(graph: GraphModel, name: string) {
  const found = graph.weights[name]?.[0];
  if (!found) throw new Error(`graph fixture has no weight '${name}'`);
  return found;
}
