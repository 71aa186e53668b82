import type { GraphModel } from '@tensorflow/tfjs-converter';
import * as tf from '@tensorflow/tfjs-core';
import type { Layer } from '../graph/layer-types';
import { classifierKind, type OutputKind, soleOutput } from '../targets/output-kind';
import {
  type BoundLayer,
  type CamLayerInfo,
  type CamModel,
  describeCandidates,
  lastSpatialLayer,
} from './cam-model';
import { baseNodeName, type GraphNode, graphNodes, nodesBetween } from './graph-nodes';

/** Ops that pass their input on unchanged: looked through to find a sigmoid before the output. */
const PASS_THROUGH = new Set(['Identity', 'IdentityN', 'StopGradient']);

/**
 * What probing a GraphModel on zeros found, per model, output node and image size: each probe is a
 * forward pass, which every `gradcam()` call (a new `GraphCamModel`) would otherwise repeat.
 */
const PROBES = new WeakMap<
  GraphModel,
  Map<string, { outputShape?: number[]; candidates?: CamLayerInfo[] }>
>();

/**
 * A GraphModel (a converted TF SavedModel or Keras model), run with `execute`. A layer is a graph node;
 * the model is continued from it by feeding the node's output (and the image input, which skip
 * connections around the node still need): `tf.grad` differentiates through `execute`.
 */
export class GraphCamModel implements CamModel {
  readonly inputShape: ReadonlyArray<number | null>;
  private readonly inputName: string;
  private readonly output: GraphNode;
  private readonly nodes: Record<string, GraphNode>;
  private readonly input: GraphNode;
  private between: GraphNode[] | undefined;

  constructor(
    private readonly model: GraphModel,
    readonly name: string,
    output: number | string | undefined,
  ) {
    this.nodes = graphNodes(model, name);
    if (model.inputNodes.length !== 1) {
      throw new Error(
        `model: '${name}' has ${model.inputNodes.length} inputs; Grad-CAM explains a model with one`,
      );
    }
    this.inputName = model.inputNodes[0]!;
    this.inputShape = (model.inputs[0]?.shape ?? [null, null, null, null]).map((size) =>
      size == null || size < 0 ? null : size,
    );
    this.output = this.outputNode(output);
    this.input = this.nodes[baseNodeName(model.inputs[0]!.name)]!;
  }

  predict(images: tf.Tensor4D): tf.Tensor2D {
    return this.execute({ [this.inputName]: images }, this.output.name) as tf.Tensor2D;
  }

  outputKind(imageShape: readonly number[]): OutputKind {
    const probed = this.probed(imageShape);
    probed.outputShape ??= tf.tidy(() => this.predict(tf.zeros(probeShape(imageShape)) as tf.Tensor4D).shape);
    return classifierKind(this.name, [null, ...probed.outputShape.slice(1)], () => this.endsInSigmoid());
  }

  candidateLayers(imageShape: readonly number[]): CamLayerInfo[] {
    const probed = this.probed(imageShape);
    probed.candidates ??= this.probe(imageShape);
    return probed.candidates;
  }

  /** This model's probes for this output and image size. */
  private probed(imageShape: readonly number[]) {
    if (!PROBES.has(this.model)) PROBES.set(this.model, new Map());
    const probes = PROBES.get(this.model)!;
    const key = `${this.output.name}@${imageShape.slice(1).join('x')}`;
    if (!probes.has(key)) probes.set(key, {});
    return probes.get(key)!;
  }

  bind(requested: string | Layer | undefined, imageShape: readonly number[] | undefined): BoundLayer {
    const node = this.resolveNode(requested, imageShape);
    let around: GraphNode[] | undefined;
    return {
      layer: { name: node.name, op: node.op },
      run: (images) => {
        around ??= this.nodesAround(node);
        const [output, ...values] = this.execute({ [this.inputName]: images }, [
          node.name,
          ...around.map(({ name }) => name),
        ]);
        const activations = this.checkFourD(node.name, output!);
        // Only per-image values (batch first) are fed, taking rows; the graph computes anything else from the images.
        const perImage = (value: tf.Tensor) =>
          value.rank >= 2 && value.shape[0] === images.shape[0] && value.dtype === 'float32';
        const before = new Map(
          around.flatMap(({ name }, i) => (perImage(values[i]!) ? [[name, values[i]!] as const] : [])),
        );
        return {
          activations,
          outputFrom: (fed, imageOfRow) => {
            const rows = imageOfRow && tf.tensor1d(imageOfRow as number[], 'int32');
            const take = (value: tf.Tensor) => (rows ? tf.gather(value, rows) : value);
            const feeds: tf.NamedTensorMap = { [this.inputName]: take(images), [node.name]: fed };
            for (const [name, value] of before) feeds[name] = take(value);
            return this.execute(feeds, this.output.name) as tf.Tensor2D;
          },
          computed: () => [activations, ...before.values()],
        };
      },
    };
  }

  /**
   * The nodes before `node` whose (first) outputs the graph after it reads: skip connections around
   * it. Fed to each continuation from `node`, they spare it the forward pass before the node.
   */
  private nodesAround(node: GraphNode): GraphNode[] {
    const between = this.computedNodes();
    const after = new Set([node]);
    for (const later of between) if (later.inputs.some((input) => after.has(input))) after.add(later);
    const users = [...after].filter((user) => user !== node);
    const readsOnlyFirstOutput = (source: GraphNode) =>
      users.every((user) =>
        user.inputs.every((input, i) => input !== source || /^[^:]*(:0)?$/.test(user.inputNames?.[i] ?? '')),
      );
    return between.filter(
      (source) =>
        source !== this.input &&
        !after.has(source) &&
        users.some((user) => user.inputs.includes(source)) &&
        readsOnlyFirstOutput(source),
    );
  }

  /**
   * One pass, node after node in graph order: each node is computed with the nodes before it fed
   * their tapped outputs (and the image, for what no tapped node lies on), so every later use of a
   * node's output, skip connections included, goes through its tap.
   */
  runTapped(
    layers: readonly BoundLayer[],
    images: tf.Tensor4D,
    tap: (index: number, output: tf.Tensor4D) => tf.Tensor,
  ): tf.Tensor2D {
    const position = new Map(this.computedNodes().map((node, i) => [node.name, i]));
    const at = (i: number) => position.get(layers[i]!.layer.name)!;
    const feeds: tf.NamedTensorMap = { [this.inputName]: images };
    for (const i of layers.map((_, i) => i).sort((a, b) => at(a) - at(b))) {
      const name = layers[i]!.layer.name;
      feeds[name] = tap(i, this.nodeOutput(feeds, name));
    }
    return this.execute(feeds, this.output.name) as tf.Tensor2D;
  }

  private resolveNode(
    requested: string | Layer | undefined,
    imageShape: readonly number[] | undefined,
  ): GraphNode {
    if (requested !== undefined && typeof requested !== 'string') {
      throw new Error(
        `layer: model '${this.name}' is a GraphModel; name the layer by its node name (a string), not a Layer`,
      );
    }
    if (requested === undefined) {
      const shape = imageShape ?? this.knownInputShape();
      return this.nodes[lastSpatialLayer(this.name, this.candidateLayers(shape)).name]!;
    }
    const node = this.nodes[baseNodeName(requested)];
    const computed = node && node !== this.input && this.computedNodes().includes(node);
    if (!computed) {
      const listing = imageShape ?? this.maybeKnownInputShape();
      throw new Error(
        `layer: no node named '${requested}' that the output '${this.output.name}' of model '${this.name}' depends on` +
          (listing ? ` (nodes with 4-D outputs: ${describeCandidates(this.candidateLayers(listing))})` : ''),
      );
    }
    return node;
  }

  /** Runs the graph once on zeros, reading every computed node, to learn which outputs are 4-D. */
  private probe(imageShape: readonly number[]): CamLayerInfo[] {
    const nodes = this.computedNodes().filter((node) => node !== this.input);
    const images = tf.zeros(probeShape(imageShape));
    const values = this.execute(
      { [this.inputName]: images },
      nodes.map((node) => node.name),
    ) as tf.Tensor[];
    const candidates = nodes.flatMap((node, i) => {
      const value = values[i]!;
      if (value.rank !== 4 || value.dtype !== 'float32') return [];
      return [{ name: node.name, op: node.op, shape: [null, ...value.shape.slice(1)] }];
    });
    tf.dispose([images, ...values]);
    return candidates;
  }

  private computedNodes(): GraphNode[] {
    this.between ??= nodesBetween(this.input, this.output);
    return this.between;
  }

  /** A node's output, which must be 4-D to be explained. */
  private nodeOutput(feeds: tf.NamedTensorMap, name: string): tf.Tensor4D {
    return this.checkFourD(name, this.execute(feeds, name) as tf.Tensor);
  }

  private checkFourD(name: string, output: tf.Tensor): tf.Tensor4D {
    if (output.rank !== 4) {
      throw new Error(
        `layer: node '${name}' of model '${this.name}' outputs shape [${output.shape}]; a CAM needs a 4-D [batch, height, width, channels] output`,
      );
    }
    return output as tf.Tensor4D;
  }

  /** One tensor for a name, an array for an array of names (even of one: `execute` returns it bare). */
  private execute(inputs: tf.NamedTensorMap, outputs: string): tf.Tensor;
  private execute(inputs: tf.NamedTensorMap, outputs: string[]): tf.Tensor[];
  private execute(inputs: tf.NamedTensorMap, outputs: string | string[]): tf.Tensor | tf.Tensor[] {
    try {
      const result = this.model.execute(inputs, outputs);
      return Array.isArray(outputs) && !Array.isArray(result) ? [result] : result;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (/executeAsync/.test(reason)) {
        throw new Error(
          `model: '${this.name}' has control flow or dynamic ops that only executeAsync() runs; gradients need a synchronous graph (${reason})`,
        );
      }
      throw error;
    }
  }

  /**
   * `outputNodes` are the signature's keys where the model has one (a converted Keras SavedModel:
   * `activation_4` for node `Identity`); `outputs`, in the same order, are the nodes. Either names it.
   */
  private outputNode(output: number | string | undefined): GraphNode {
    const keys = this.model.outputNodes;
    const nodeNames = this.model.outputs.map(({ name }) => baseNodeName(name));
    const index =
      output === undefined
        ? soleOutput(this.name, keys.length)
        : typeof output === 'number'
          ? output
          : keys.findIndex(
              (key, i) => baseNodeName(key) === baseNodeName(output) || nodeNames[i] === baseNodeName(output),
            );
    const nodeName = nodeNames[index];
    const node = nodeName === undefined ? undefined : this.nodes[nodeName];
    if (!node) {
      throw new Error(
        `output: '${output}' is not an output of model '${this.name}' (outputs: ${keys.map((key, i) => `${i} '${key}'${nodeNames[i] === baseNodeName(key) ? '' : ` (node '${nodeNames[i]}')`}`).join(', ')})`,
      );
    }
    return node;
  }

  private endsInSigmoid(): boolean {
    let node = this.output;
    while (PASS_THROUGH.has(node.op) && node.inputs[0]) node = node.inputs[0];
    return node.op === 'Sigmoid';
  }

  private maybeKnownInputShape(): number[] | undefined {
    const [, ...rest] = this.inputShape;
    return rest.every((size) => size !== null) ? [1, ...(rest as number[])] : undefined;
  }

  private knownInputShape(): number[] {
    const shape = this.maybeKnownInputShape();
    if (!shape) {
      throw new Error(
        `layer: model '${this.name}' takes images of any size [${this.inputShape}], so the default layer is chosen when images are given: use gradcam(), or pass a node name as \`layer\``,
      );
    }
    return shape;
  }
}

function probeShape(imageShape: readonly number[]): [number, number, number, number] {
  const [, height, width, channels] = imageShape;
  return [1, height!, width!, channels!];
}
