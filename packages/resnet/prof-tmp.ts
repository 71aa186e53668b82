import { initBackend } from '@bcos/backend';
import * as tf from '@tensorflow/tfjs-core';
import { resnet18 } from './src/resnet18';
const width = Number(process.argv[2]);
const info = await initBackend({ backend: 'wasm' });
const model = resnet18({ stem: 'cifar', norm: 'batch', classes: 10, inputShape: [32, 32, 3], width });
const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
const x = tf.randomUniform([32, 32, 32, 3]); const y = tf.oneHot(tf.tensor1d(Array.from({length:32},(_, i)=>i%10),'int32'),10);
const step = () => { const { value, grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor), vars); tf.dispose(grads); return value; };
for (let i = 0; i < 2; i++) { const t0 = performance.now(); const v = step(); await v.data(); v.dispose(); console.log(info.threads, 'step ms', (performance.now()-t0).toFixed(0)); }
const p = await tf.profile(async () => { const v = step(); await v.data(); v.dispose(); });
const by: Record<string, number> = {};
for (const k of p.kernels) by[k.name] = (by[k.name] ?? 0) + (k.kernelTimeMs as number);
console.log(Object.entries(by).sort((a, b) => b[1] - a[1]).slice(0, 14).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(' | '));
