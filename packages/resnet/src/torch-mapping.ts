import type { LayersModel } from '@tensorflow/tfjs-layers';

/** How a PyTorch state_dict names the weights of a model whose layers carry PyTorch's module names. */
export interface TorchMapping {
  name: string;
  /** The state_dict key of the tfjs weight `weightName` (`kernel`, `gamma`, …) of layer `layerName`. */
  torchKey(layerName: string, weightName: string): string | undefined;
  /** Keys that hold nothing the model uses, so that their presence is no error. */
  ignores(key: string, model: LayersModel): boolean;
}

/** tfjs weight name → PyTorch parameter or buffer name, for everything but conv/dense kernels. */
const NAMES: Readonly<Record<string, string>> = {
  bias: 'bias',
  gamma: 'weight',
  beta: 'bias',
  moving_mean: 'running_mean',
  moving_variance: 'running_var',
};

function mappingWithKernelAt(name: string, kernelName: string): TorchMapping {
  return {
    name,
    torchKey: (layerName, weightName) => {
      const torchName = weightName === 'kernel' ? kernelName : NAMES[weightName];
      return torchName === undefined ? undefined : `${layerName}.${torchName}`;
    },
    ignores: ignoredBuffer,
  };
}

/**
 * `num_batches_tracked` only counts steps; `running_mean` is kept, but never read, by B-cos v2's
 * uncentered batch norm, whose layer here has a moving variance and no moving mean.
 */
function ignoredBuffer(key: string, model: LayersModel): boolean {
  if (key.endsWith('.num_batches_tracked')) return true;
  const meanSuffix = '.running_mean';
  if (!key.endsWith(meanSuffix)) return false;
  const layerName = key.slice(0, -meanSuffix.length);
  const weights = model.layers.find((layer) => layer.name === layerName)?.weights ?? [];
  const has = (weight: string) => weights.some((w) => w.originalName === `${layerName}/${weight}`);
  return has('moving_variance') && !has('moving_mean');
}

export const TORCH_MAPPINGS = {
  /** Official B-cos v2 models: a B-cos conv keeps its weight in `<name>.linear.weight`. */
  'bcos-v2': mappingWithKernelAt('bcos-v2', 'linear.weight'),
  /** torchvision's ResNets: `<name>.weight` for convs and `fc`, `fc.bias`, BatchNorm2d buffers. */
  torchvision: mappingWithKernelAt('torchvision', 'weight'),
} as const satisfies Record<string, TorchMapping>;

export type TorchMappingName = keyof typeof TORCH_MAPPINGS;
