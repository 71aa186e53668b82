/** Models the tests share: the parity fixture's tiny B-cos network. */
import * as tf from '@tensorflow/tfjs-core';
import { layers, type Sequential, sequential } from '@tensorflow/tfjs-layers';
import { bcosConv2d } from './bcos/bcos-conv2d';
import { logitLayer } from './logit-layer';
import { batchNorm2d } from './norms/batch-norm-2d';
import { positionNorm2d } from './norms/position-norm-2d';
import { fixtureShape, fixtureTensor, parityFixture } from './test-fixture';

/** The fixture's `architecture`, layer by layer, with its weights. */
export function tinyBcosNet(): Sequential {
  const net = parityFixture().tiny_bcos_net;
  const { layers: w } = net;
  const model = sequential({
    layers: [
      bcosConv2d({ filters: 8, kernelSize: 3, padding: 'same', inputShape: fixtureShape(net.x6).slice(1) }),
      batchNorm2d({ epsilon: w.n1_eps }),
      bcosConv2d({ filters: 8, kernelSize: 3, padding: 'same', maxOut: w.c2_max_out }),
      positionNorm2d({ epsilon: w.n2_eps }),
      bcosConv2d({ filters: net.classes, kernelSize: 1 }),
      layers.globalAveragePooling2d({}),
      logitLayer({ temperature: net.logit_temperature, bias: net.logit_bias }),
    ],
  });
  const perLayer = [[w.c1], [w.n1_gamma, w.n1_running_var], [w.c2], [w.n2_gamma], [w.head]];
  perLayer.forEach((weights, i) => {
    const tensors = weights.map(fixtureTensor);
    model.layers[i]!.setWeights(tensors);
    tf.dispose(tensors);
  });
  return model;
}
