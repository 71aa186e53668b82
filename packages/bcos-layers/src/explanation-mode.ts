/**
 * Explanation mode: every B-cos layer and norm stops the gradient of its dynamic factors, so that
 * the model is the dynamic linear map y = W(x)·x and the input gradient of an output is W(x).
 */

/** A layer that can freeze its dynamic factors (all B-cos layers and norms of this package). */
export interface ExplanationSwitch {
  readonly explanationMode: boolean;
  setExplanationMode(on: boolean): void;
}

/** The part of a tfjs layer or model the traversal looks at. */
interface LayerTree {
  layers?: unknown;
  layer?: unknown;
}

export function isExplanationSwitch(value: unknown): value is ExplanationSwitch {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Partial<ExplanationSwitch>).setExplanationMode === 'function'
  );
}

/** Every layer under `root`, nested models and wrapper layers (`TimeDistributed`, …) included. */
function collectLayers(root: unknown, into: Set<unknown>): void {
  if (typeof root !== 'object' || root === null || into.has(root)) return;
  into.add(root);
  const { layers, layer } = root as LayerTree;
  if (Array.isArray(layers)) for (const child of layers) collectLayers(child, into);
  if (layer !== undefined) collectLayers(layer, into);
}

/** The layers of `model` (a layer, a Sequential or a functional model) that explanation mode reaches. */
export function explanationSwitches(model: unknown): ExplanationSwitch[] {
  const found = new Set<unknown>();
  collectLayers(model, found);
  return [...found].filter(isExplanationSwitch);
}

/** Turns explanation mode on or off for every B-cos layer and norm of `model`; returns how many it reached. */
export function explanationMode(model: unknown, on: boolean): number {
  if (typeof on !== 'boolean')
    throw new Error(`explanationMode: on must be true or false, got ${String(on)}`);
  const switches = explanationSwitches(model);
  for (const layer of switches) layer.setExplanationMode(on);
  return switches.length;
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | undefined)?.then === 'function';
}

/**
 * Runs `fn` with `model` in explanation mode and then restores each layer's previous mode, also
 * when `fn` throws or its promise rejects.
 */
export function withExplanationMode<T>(model: unknown, fn: () => T): T {
  const switches = explanationSwitches(model);
  const previous = switches.map((layer) => layer.explanationMode);
  const restore = () => {
    switches.forEach((layer, i) => {
      layer.setExplanationMode(previous[i]!);
    });
  };
  for (const layer of switches) layer.setExplanationMode(true);
  let result: T;
  try {
    result = fn();
  } catch (error) {
    restore();
    throw error;
  }
  if (!isPromiseLike(result)) {
    restore();
    return result;
  }
  return Promise.resolve(result).finally(restore) as T;
}
