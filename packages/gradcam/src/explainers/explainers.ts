import { explainMethodsFor, isExplainMethodName } from '../engine/explain';
import type { ExplainableModel } from '../model/as-cam-model';
import { type BcosExplainer, type BcosExplainerOptions, bcosExplainer, isBcosModel } from './bcos-explainer';
import { type CamExplainerOptions, camExplainer } from './cam-explainer';
import type { Explainer, ExplainerName } from './explainer';

export interface ExplainerOptions extends CamExplainerOptions {
  /** How B-cos explanations are coloured (the other options are the CAMs'; `prepare` is both's). */
  bcos?: Omit<BcosExplainerOptions, 'prepare'>;
}

/** The explainers `model` supports: 'bcos' first when it is a B-cos model, then every CAM method it runs. */
export function explainerNames(model: ExplainableModel): ExplainerName[] {
  return [...(isBcosModel(model) ? (['bcos'] as const) : []), ...explainMethodsFor(model)];
}

/** The explainer `name` of `model`: 'bcos' (B-cos models only) or any CAM method by name. */
export function explainer(model: ExplainableModel, name: 'bcos', options?: ExplainerOptions): BcosExplainer;
export function explainer(
  model: ExplainableModel,
  name: ExplainerName,
  options?: ExplainerOptions,
): Explainer;
export function explainer(
  model: ExplainableModel,
  name: ExplainerName,
  options: ExplainerOptions = {},
): Explainer {
  if (name === 'bcos') {
    if (!isBcosModel(model))
      throw new Error(
        `explainer: 'bcos' explains B-cos models only (the model has no B-cos layers); use a CAM method (${explainMethodsFor(model).join(', ')})`,
      );
    return bcosExplainer(model, { ...options.bcos, prepare: options.prepare });
  }
  if (!isExplainMethodName(name))
    throw new Error(`explainer: unknown method '${name}' (known: ${explainerNames(model).join(', ')})`);
  const { bcos: _colouring, ...camOptions } = options;
  return camExplainer(model, name, camOptions);
}
