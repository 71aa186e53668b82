import type { ModelInfo } from '../../run/model-info';

/** A model as the page sees it: where its model.json is, its format and how to prepare its input. */
export interface PageModel {
  name: string;
  format: 'layers' | 'graph';
  /** model.json: relative to the page for a served folder, absolute for a model at a URL. */
  url: string;
  info: ModelInfo;
}

/** What the server tells the page at `explorer.json`. */
export interface ExplorerConfig {
  models: PageModel[];
  /** Image URLs relative to the page, with the name shown for each. */
  images: Array<{ name: string; url: string }>;
}

export const CONFIG_PATH = 'explorer.json';
