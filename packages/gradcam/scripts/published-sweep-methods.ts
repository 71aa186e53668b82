/** Which methods `try-published-models.ts` runs where, shared with the table `sweep-published-models.ts` writes. */
import { CAM_METHODS, type CamMethodName } from '../src/index';

/** One forward pass per channel: run at the layer with the fewest channels only. */
export const PER_CHANNEL_METHODS = new Set<string>(['scorecam', 'ablationcam']);
/** A pixels × pixels kernel matrix on the host: run at the smallest of the method layers only. */
export const PER_PIXEL_PAIR_METHODS = new Set<CamMethodName>(['kpcacam']);
/**
 * Differentiates the gradient once per layer (a Hessian-vector product through the rest of the model):
 * 2–3 backward passes per layer where the others share one (85% of the sweep on software WebGPU), so
 * at every layer it runs after them.
 */
const SECOND_ORDER_METHODS = new Set<CamMethodName>(['shapleycam']);
/** The CAM methods that run at every n-th layer, from one capture of it. */
export const EVERY_LAYER_METHODS = (Object.keys(CAM_METHODS) as CamMethodName[]).filter(
  (method) => !PER_CHANNEL_METHODS.has(method) && !PER_PIXEL_PAIR_METHODS.has(method),
);
/**
 * EVERY_LAYER_METHODS in the order they sweep the layers: first-order ones, then second-order ones.
 * `layersPerCapture`: layers captured together (one forward and backward pass of a LayersModel), a
 * bound on the tensors held at once; the report is saved after each capture, and a second-order
 * method's time is its own passes per layer, so its captures are small and a stopped run loses little.
 */
export const EVERY_LAYER_PASSES = [
  { methods: EVERY_LAYER_METHODS.filter((method) => !SECOND_ORDER_METHODS.has(method)), layersPerCapture: 8 },
  { methods: EVERY_LAYER_METHODS.filter((method) => SECOND_ORDER_METHODS.has(method)), layersPerCapture: 2 },
];
