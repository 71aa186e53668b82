import { ablationCam } from './ablation-cam';
import type { CamMethod } from './cam-method';
import { eigenCam } from './eigen-cam';
import { eigenGradCam } from './eigen-grad-cam';
import { fem } from './fem';
import { gradCam } from './grad-cam';
import { gradCamElementWise } from './grad-cam-element-wise';
import { gradCamPlusPlus } from './grad-cam-plus-plus';
import { hiResCam } from './hires-cam';
import { kpcaCam } from './kpca-cam';
import { layerCam } from './layer-cam';
import { scoreCam } from './score-cam';
import { segEigenCam } from './seg-eigen-cam';
import { shapleyCam } from './shapley-cam';
import { xGradCam } from './x-grad-cam';

/** The methods by name (pytorch-grad-cam's class names, lower-case). */
export const CAM_METHODS = {
  gradcam: gradCam,
  'gradcam++': gradCamPlusPlus,
  hirescam: hiResCam,
  xgradcam: xGradCam,
  layercam: layerCam,
  eigencam: eigenCam,
  eigengradcam: eigenGradCam,
  'gradcam-elementwise': gradCamElementWise,
  scorecam: scoreCam,
  ablationcam: ablationCam,
  fem,
  kpcacam: kpcaCam,
  segeigencam: segEigenCam,
  shapleycam: shapleyCam,
} as const satisfies Record<string, CamMethod>;

export type CamMethodName = keyof typeof CAM_METHODS;

/** pytorch-grad-cam's class names, so that a Python user finds each method under its own name. */
export const PYTORCH_METHOD_NAMES = {
  GradCAM: 'gradcam',
  GradCAMPlusPlus: 'gradcam++',
  HiResCAM: 'hirescam',
  XGradCAM: 'xgradcam',
  LayerCAM: 'layercam',
  EigenCAM: 'eigencam',
  EigenGradCAM: 'eigengradcam',
  GradCAMElementWise: 'gradcam-elementwise',
  ScoreCAM: 'scorecam',
  AblationCAM: 'ablationcam',
  FEM: 'fem',
  KPCA_CAM: 'kpcacam',
  SegEigenCAM: 'segeigencam',
  ShapleyCAM: 'shapleycam',
} as const satisfies Record<string, CamMethodName>;

export type PytorchMethodName = keyof typeof PYTORCH_METHOD_NAMES;

export function resolveMethod(method: CamMethodName | PytorchMethodName | CamMethod = 'gradcam'): CamMethod {
  if (typeof method !== 'string') return method;
  const name = (PYTORCH_METHOD_NAMES as Record<string, CamMethodName>)[method] ?? method;
  const found = (CAM_METHODS as Record<string, CamMethod>)[name];
  if (!found)
    throw new Error(
      `method: unknown CAM method '${method}' (known: ${[...Object.keys(CAM_METHODS), ...Object.keys(PYTORCH_METHOD_NAMES)].join(', ')})`,
    );
  return found;
}
