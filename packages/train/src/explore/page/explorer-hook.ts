import type { ExplanationChoice } from './explain-image';

/** The last explanation the page computed, with the image bytes and choice it came from. */
export interface LastExplanation extends ExplanationChoice {
  model: string;
  backend: string;
  map: Float32Array;
  shape: [number, number];
  /** The image bytes [H, W, C] the model saw. */
  pixels: Uint8Array;
}

/** `window.bcosExplorer`: what tests (and curious people in the console) read of the page's state. */
export interface ExplorerHook {
  /** True once the page has started a backend and loaded the first model. */
  ready: boolean;
  /** Explanations computed so far. */
  computed: number;
  backend?: string;
  /** Backends the browser offers (software GPUs included). */
  backends: string[];
  /** The last failure shown on the page, cleared by the next success. */
  error?: string;
  last?: LastExplanation;
}

declare global {
  interface Window {
    bcosExplorer: ExplorerHook;
  }
}

export function installHook(): ExplorerHook {
  window.bcosExplorer = { ready: false, computed: 0, backends: [] };
  return window.bcosExplorer;
}
