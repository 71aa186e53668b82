import { basename, extname, join } from 'node:path';
import { fileSystem, writeFileAtomic } from '@bcos/backend/node';
import { modelClassNames } from '@bcos/resnet/node';
import { type LayersModel, loadLayersModel } from '@tensorflow/tfjs-layers';
import { explainImage, type ImageExplanation } from './explain-image';
import { listImages } from './list-images';
import { loadImage } from './load-image';
import { type ModelKind, modelImageSize, modelKind } from './model-input';

export interface ExplainFolderOptions {
  /** Directory of a converted model (model.json + weights.bin, e.g. from bcos-convert). */
  model: string;
  /** Folder of photos. */
  images: string;
  /** Folder for the explanation PNGs and report.json. */
  out: string;
  /** Classes listed per image; default 5. */
  top?: number;
  /** JSON array of class names; default ImageNet's for 1000-class models. */
  classNames?: string;
  /** Layer Grad-CAM explains; default `layer4.1`, PyTorch's `model.layer4[-1]`. */
  gradcamLayer?: string;
}

export interface ImageReport extends ImageExplanation {
  file: string;
}

export interface FolderReport {
  model: string;
  kind: ModelKind;
  images: ImageReport[];
}

/** Explains every image of a folder with a converted model; writes PNGs and report.json to `out`. */
export async function explainFolder(options: ExplainFolderOptions): Promise<FolderReport> {
  const model = await loadModel(options.model);
  try {
    const kind = modelKind(model);
    const size = modelImageSize(model);
    const classes = model.outputs[0]!.shape[1]!;
    const settings = {
      model,
      kind,
      names: await modelClassNames(classes, options.classNames),
      top: Math.min(options.top ?? 5, classes),
      gradcamLayer: options.gradcamLayer ?? 'layer4.1',
    };
    const images: ImageReport[] = [];
    for (const file of await listImages(options.images)) {
      const image = await loadImage(file, size);
      try {
        const outputStem = join(options.out, basename(file, extname(file)));
        images.push({ file, ...(await explainImage(image, outputStem, settings)) });
      } finally {
        image.dispose();
      }
    }
    const report = { model: options.model, kind, images };
    await writeFileAtomic(join(options.out, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
    return report;
  } finally {
    model.dispose();
  }
}

async function loadModel(directory: string): Promise<LayersModel> {
  try {
    return await loadLayersModel(fileSystem(directory));
  } catch (error) {
    throw new Error(`model ${directory}: ${(error as Error).message}`);
  }
}
