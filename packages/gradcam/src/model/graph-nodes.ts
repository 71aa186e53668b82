import type { GraphModel } from '@tensorflow/tfjs-converter';

/** A node of a GraphModel's graph, as tfjs-converter parses it. */
export interface GraphNode {
  name: string;
  op: string;
  inputs: GraphNode[];
  /** The inputs as `node` or `node:k` (its k-th output). */
  inputNames?: string[];
}

/** Nodes whose output is data, not computation: they are never a CAM layer. */
const SOURCE_OPS = new Set(['Const', 'Placeholder', 'PlaceholderWithDefault', 'NoOp']);

/**
 * The parsed graph of a GraphModel. tfjs-converter keeps it in a private field (`executor.graph`) and
 * offers no public listing of nodes; read it once, here, with a clear error if that ever changes.
 */
export function graphNodes(model: GraphModel, name: string): Record<string, GraphNode> {
  const executor = (model as unknown as { executor?: { graph?: { nodes?: Record<string, GraphNode> } } })
    .executor;
  if (!executor) throw new Error(`model: GraphModel '${name}' is not loaded (await model.load() first)`);
  const nodes = executor.graph?.nodes;
  if (!nodes) {
    throw new Error(
      `model: '${name}' is a GraphModel whose graph this version of @tensorflow/tfjs-converter does not expose (executor.graph.nodes)`,
    );
  }
  return nodes;
}

/**
 * The nodes between the image input and `output` (both included): computed from the image, and
 * used by `output`; inputs before the nodes that use them. Nodes computed only from weights are
 * left out.
 */
export function nodesBetween(input: GraphNode, output: GraphNode): GraphNode[] {
  const fromInput = new Set<GraphNode>([input]);
  return allNodesBefore(output).filter((node) => {
    if (node.inputs.some((source) => fromInput.has(source))) fromInput.add(node);
    return fromInput.has(node);
  });
}

function allNodesBefore(output: GraphNode): GraphNode[] {
  const ordered: GraphNode[] = [];
  const seen = new Set<GraphNode>();
  const stack: Array<{ node: GraphNode; expanded: boolean }> = [{ node: output, expanded: false }];
  while (stack.length > 0) {
    const top = stack.pop()!;
    if (top.expanded) {
      ordered.push(top.node);
      continue;
    }
    if (seen.has(top.node) || SOURCE_OPS.has(top.node.op)) continue;
    seen.add(top.node);
    stack.push({ node: top.node, expanded: true });
    for (const input of [...top.node.inputs].reverse()) stack.push({ node: input, expanded: false });
  }
  return ordered;
}

/** A node name as users write it: `name` or `name:0` (the first output). */
export function baseNodeName(name: string): string {
  return name.replace(/:0$/, '');
}
