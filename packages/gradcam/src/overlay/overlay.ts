import * as tf from '@tensorflow/tfjs-core';
import { type Colormap, colormapTable } from './colormaps';

export interface OverlayOptions {
  /** Default 'jet' (as pytorch-grad-cam's show_cam_on_image). */
  colormap?: Colormap;
  /** Opacity of the heat map over the image, in [0, 1]. Default 0.5. */
  alpha?: number;
}

/**
 * A CAM ([H, W] in [0, 1]) coloured through a colour map's 256-entry table and blended over the
 * image ([H, W, 3] in [0, 1]): alpha·colour + (1 − alpha)·image, an [H, W, 3] tensor in [0, 1].
 * Table index ⌊255·cam⌋, as pytorch-grad-cam's `np.uint8(255 * mask)`; unlike it, the blend is not
 * rescaled by its maximum, so colours stay true.
 */
export function overlay(
  image: tf.Tensor3D,
  cam: tf.Tensor2D,
  { colormap = 'jet', alpha = 0.5 }: OverlayOptions = {},
): tf.Tensor3D {
  checkShapes(image, cam);
  if (!(alpha >= 0 && alpha <= 1)) throw new Error(`overlay: alpha must be in [0, 1], got ${alpha}`);
  return tf.tidy(() => {
    const table = tf.tensor2d(colormapTable(colormap), [256, 3]);
    const indices = tf.cast(tf.clipByValue(tf.floor(tf.mul(cam, 255)), 0, 255), 'int32');
    const colours = tf.gather(table, indices);
    return tf.add(tf.mul(colours, alpha), tf.mul(image, 1 - alpha)) as tf.Tensor3D;
  });
}

function checkShapes(image: tf.Tensor, cam: tf.Tensor): void {
  if (image.rank !== 3 || image.shape[2] !== 3) {
    throw new Error(`overlay: image must be [H, W, 3], got shape [${image.shape}]`);
  }
  if (cam.rank !== 2 || cam.shape[0] !== image.shape[0] || cam.shape[1] !== image.shape[1]) {
    throw new Error(
      `overlay: cam must be [${image.shape.slice(0, 2)}] like the image, got shape [${cam.shape}]`,
    );
  }
}
