import { describeBackends } from '@bcos/backend/testing';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@bcos/backend';
import { expect, it } from 'vitest';
import { FullGrad } from './full-grad';

describeBackends('FullGrad', () => {
  it('keeps one input-sized map per layer, not one per channel (a MobileNet exhausted the wasm heap)', async () => {
    const net = tfl.sequential({
      layers: [
        tfl.layers.conv2d({ inputShape: [32, 32, 3], filters: 512, kernelSize: 4, strides: 4, name: 'wide' }),
        tfl.layers.globalAveragePooling2d({}),
        tfl.layers.dense({ units: 3 }),
      ],
    });
    const x = tf.randomUniform([1, 32, 32, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
    let cams: tf.Tensor3D | undefined;
    // Resizing each of the 512 channels to 32×32 took 2 MiB more (3 MiB at the peak, 1.5 MiB without).
    const { peakBytes } = await tf.profile(async () => {
      const result = await new FullGrad(net).compute(x, { targets: 0 });
      result.logits.dispose();
      cams = result.cams;
      return [];
    });
    expect(peakBytes).toBeLessThan(2 << 20);
    expect(cams!.shape).toEqual([1, 32, 32]);
    tf.dispose([x, cams!]);
    net.dispose();
  });
});
