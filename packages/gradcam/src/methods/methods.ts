import type { CamMethod } from './cam-method';
import { eigenCam } from './eigen-cam';
import { eigenGradCam } from './eigen-grad-cam';
import { gradCam } from './grad-cam';
import { gradCamElementWise } from './grad-cam-element-wise';
import { gradCamPlusPlus } from './grad-cam-plus-plus';
import { hiResCam } from './hires-cam';
import { layerCam } from './layer-cam';
import { scoreCam } from './score-cam';
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
} as const satisfies Record<string, CamMethod>;

export type CamMethodName = keyof typeof CAM_METHODS;

export function resolveMethod(method: CamMethodName | CamMethod = 'gradcam'): CamMethod {
  if (typeof method !== 'string') return method;
  const found = (CAM_METHODS as Record<string, CamMethod>)[method];
  if (!found)
    throw new Error(`method: unknown CAM method '${method}' (known: ${Object.keys(CAM_METHODS).join(', ')})`);
  return found;
}
