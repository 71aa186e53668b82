import { normalize } from '@bcos/augment';
import { InputPipeline } from '../loop/input-pipeline';
import type { ModelInfo } from '../run/model-info';

/** The evaluation pipeline a trained model was saved with. */
export function pipelineFor(info: ModelInfo): InputPipeline {
  return new InputPipeline({
    encoding: info.encoding,
    evalTransform: info.normalize ? normalize(info.normalize) : undefined,
  });
}
