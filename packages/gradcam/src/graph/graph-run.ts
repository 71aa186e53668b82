import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import {
  isContainer,
  isInputNode,
  type Layer,
  type LayerNode,
  producingNode,
  type SymbolicTensor,
} from './layer-types';
import { isScaleLessBatchNorm, scaleLessBatchNorm } from './scale-less-batch-norm';
import { unfusedLayerOutput } from './unfused-layers';

/** One call of a nested model on the way from the outer model to a layer. */
export interface ContainerCall {
  container: LayersModel;
  nodeIndex: number;
}

/** Where a layer's output lives: inside these nested model calls, this symbolic tensor. */
export interface TensorLocation {
  path: readonly ContainerCall[];
  tensor: SymbolicTensor;
}

const INFERENCE = { training: false };

/**
 * One evaluation of a LayersModel on concrete tensors, layer call by layer call, in inference mode
 * (`training: false`, as `predict`). Every value is computed once and memoised per scope (the
 * outer model, or one call of a nested model), so a tensor can be read (`valueAt`) or replaced
 * (`replace`) before the rest of the graph is evaluated (`outputs`): the parts of the graph that do
 * not depend on a replaced tensor are not recomputed. The model itself is not modified.
 */
export class GraphRun {
  private readonly scopes = new Map<string, Map<number, tf.Tensor>>();
  private readonly inputs: readonly tf.Tensor[];
  /** For a fork: the run whose values it reads, and the rows of them it takes. */
  private readonly parent: { run: GraphRun; rows: tf.Tensor1D | undefined } | undefined;

  constructor(model: LayersModel, inputs: readonly tf.Tensor[]);
  constructor(
    model: LayersModel,
    inputs: readonly tf.Tensor[],
    parent: GraphRun,
    rows: readonly number[] | undefined,
  );
  constructor(
    private readonly model: LayersModel,
    inputs: readonly tf.Tensor[],
    parent?: GraphRun,
    rows?: readonly number[],
  ) {
    this.inputs = inputs;
    if (parent) {
      this.parent = { run: parent, rows: rows && tf.tensor1d(rows as number[], 'int32') };
      return;
    }
    this.parent = undefined;
    if (inputs.length !== model.inputs.length) {
      throw new Error(`model '${model.name}' has ${model.inputs.length} inputs, got ${inputs.length}`);
    }
    this.scopes.set('', feeds(model.inputs, inputs));
  }

  /**
   * A run that starts from the values this one has computed so far and goes on on its own: what it
   * replaces and evaluates leaves this run as it is, so that the graph after a layer can be evaluated
   * again and again from one evaluation of the graph before it. With `imageOfRow`, row r of the fork
   * is row `imageOfRow[r]` of this run.
   */
  fork(imageOfRow?: readonly number[]): GraphRun {
    if (this.parent) throw new Error('GraphRun: a fork cannot be forked');
    return new GraphRun(this.model, [], this, imageOfRow);
  }

  /** The tensors this run has computed (not its inputs), each once. */
  computed(): tf.Tensor[] {
    const fed = new Set(this.inputs);
    const values = new Set([...this.scopes.values()].flatMap((memo) => [...memo.values()]));
    return [...values].filter((value) => !fed.has(value));
  }

  outputs(): tf.Tensor[] {
    return this.model.outputs.map((output) => this.value(output, ''));
  }

  valueAt(location: TensorLocation): tf.Tensor {
    return this.value(location.tensor, this.enterPath(location.path));
  }

  /** Makes `value` the tensor at `location` for everything evaluated afterwards. */
  replace(location: TensorLocation, value: tf.Tensor): void {
    this.memo(this.enterPath(location.path)).set(location.tensor.id, value);
  }

  private enterPath(path: readonly ContainerCall[]): string {
    let scope = '';
    for (const { container, nodeIndex } of path) {
      const node = container.inboundNodes[nodeIndex];
      if (!node) throw new Error(`model '${container.name}' has no call #${nodeIndex}`);
      scope = this.enterContainer(scope, container, node, nodeIndex);
    }
    return scope;
  }

  private value(tensor: SymbolicTensor, scope: string): tf.Tensor {
    const known = this.memo(scope).get(tensor.id) ?? this.inherited(tensor, scope);
    if (known) return known;
    const node = producingNode(tensor);
    if (isInputNode(node)) throw new Error(`graph input '${tensor.name}' was not fed`);
    this.evaluate(node, tensor.nodeIndex, scope);
    return this.memo(scope).get(tensor.id)!;
  }

  private evaluate(node: LayerNode, nodeIndex: number, scope: string): void {
    const layer: Layer = node.outboundLayer;
    const outputs = isContainer(layer)
      ? layer.outputs.map((output) => this.value(output, this.enterContainer(scope, layer, node, nodeIndex)))
      : this.applyLayer(layer, node, scope);
    const memo = this.memo(scope);
    node.outputTensors.forEach((symbolic, i) => {
      if (!memo.has(symbolic.id)) memo.set(symbolic.id, outputs[i]!);
    });
  }

  private applyLayer(layer: Layer, node: LayerNode, scope: string): tf.Tensor[] {
    const inputs = node.inputTensors.map((input) => this.value(input, scope));
    if (isScaleLessBatchNorm(layer)) return [scaleLessBatchNorm(layer, inputs[0]!)];
    const unfused = unfusedLayerOutput(layer, inputs);
    if (unfused) return [unfused];
    const result = layer.apply(inputs, INFERENCE) as tf.Tensor | tf.Tensor[];
    return Array.isArray(result) ? result : [result];
  }

  /** A fork's value read from its parent (the rows it takes), memoised; undefined where the parent has none. */
  private inherited(tensor: SymbolicTensor, scope: string): tf.Tensor | undefined {
    if (!this.parent) return undefined;
    const value = this.parent.run.scopes.get(scope)?.get(tensor.id);
    if (!value) return undefined;
    const rows = this.parent.rows;
    const taken = rows ? tf.gather(value, rows) : value;
    this.memo(scope).set(tensor.id, taken);
    return taken;
  }

  /** The scope of one call of a nested model, created on first entry with that call's inputs fed. */
  private enterContainer(scope: string, container: LayersModel, node: LayerNode, nodeIndex: number): string {
    const key = `${scope}/${container.name}#${nodeIndex}`;
    if (!this.scopes.has(key) && this.parent?.run.scopes.has(key)) this.scopes.set(key, new Map());
    if (!this.scopes.has(key)) {
      const inputs = node.inputTensors.map((input) => this.value(input, scope));
      this.scopes.set(key, feeds(container.inputs, inputs));
    }
    return key;
  }

  private memo(scope: string): Map<number, tf.Tensor> {
    if (!this.scopes.has(scope)) this.scopes.set(scope, new Map());
    return this.scopes.get(scope)!;
  }
}

function feeds(inputs: readonly SymbolicTensor[], values: readonly tf.Tensor[]): Map<number, tf.Tensor> {
  return new Map(inputs.map((input, i) => [input.id, values[i]!]));
}
