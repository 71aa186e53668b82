/**
 * Every method on published tfjs image classifiers, on each backend: runs `try-published-models.ts`
 * once per model and backend (a process each, so that a wasm heap abort or a GPU fault ends that run
 * only), compares each map with the same map computed on the other backends, and writes the table
 * of results (methods that ran, their failures, finite-difference checks, agreement across backends).
 *
 *   npx tsx packages/gradcam/scripts/fetch-published-models.ts            # once: npm pack, unpack
 *   npx tsx --conditions source packages/gradcam/scripts/sweep-published-models.ts \
 *     [--dir .cache/published] [--backends cpu,wasm,webgpu] [--models liveness,emotion] [--reuse|--resume] \
 *     [--table packages/gradcam/docs/published-models.md] [--table-only]
 *
 * `--reuse` keeps the reports already written, `--resume` completes them; `--table-only` runs nothing and writes the table
 * from the reports there are.
 *
 * Every method runs at one layer of each op (the middle one) and at the default layer, then every CAM
 * method but Score-CAM, Ablation-CAM and KPCA-CAM (see try-published-models.ts) at every
 * conv/add/concat/norm layer, all from one capture per layer. Each run has a time limit
 * (`--timeout-min`): the cpu backend and software WebGPU (SwiftShader) are 5–50× slower than wasm, so
 * on two shared cores a run on a large model stops before its last layer; `--resume` goes on from there.
 * The reports live in DIR only: a sweep whose report is gone is completed from the layer it reached
 * with `try-published-models.ts --sweep-only METHODS --sweep-from LAYER`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeFileAtomic } from '@bcos/backend/node';
import { EVERY_LAYER_METHODS } from './published-sweep-methods';
import type { ModelReport, RunRecord } from './try-published-models';

interface PublishedModel {
  id: string;
  title: string;
  path: string;
  output?: string;
}

const MODELS: PublishedModel[] = [
  {
    id: 'nsfw-mobilenet',
    title: 'nsfwjs MobileNetV2 224 (LayersModel)',
    path: 'nsfwjs/mobilenet_v2',
  },
  {
    id: 'nsfw-inception',
    title: 'nsfwjs InceptionV3 299 (LayersModel)',
    path: 'nsfwjs/inception_v3',
  },
  {
    id: 'nsfw-mobilenet-graph',
    title: 'nsfwjs MobileNetV2 224 (GraphModel)',
    path: 'nsfwjs/mobilenet_v2_mid',
  },
  {
    id: 'liveness',
    title: 'human liveness 32 (GraphModel)',
    path: 'human/models/liveness.json',
  },
  {
    id: 'emotion',
    title: 'human emotion 64 grey (GraphModel)',
    path: 'human/models/emotion.json',
  },
  {
    id: 'antispoof',
    title: 'human antispoof 128, one sigmoid unit (GraphModel)',
    path: 'human/models/antispoof.json',
  },
  {
    id: 'faceres',
    title: 'human faceres 224, 3 outputs: age (GraphModel)',
    path: 'human/models/faceres.json',
    output: 'age_pred/Softmax',
  },
];

/** Methods whose map is a principal component: its sign is arbitrary, compared up to it. */
const SIGNLESS = new Set(['eigencam', 'eigengradcam', 'kpcacam', 'segeigencam']);
/** Largest difference between backends, relative to the map's largest value, that counts as agreeing. */
const AGREEMENT = 1e-3;
/** How many of the maps over AGREEMENT a table cell names (the largest differences). */
const LISTED_DISAGREEMENTS = 6;
/** Largest finite-difference error (relative) that counts as a correct gradient. */
const GRADIENT_CHECK = 1e-2;

const TABLE_HEADER = `# @bcos/gradcam on published models

Written by \`scripts/sweep-published-models.ts\` (see its header for the command). One
random image, target class 0. "runs ok" counts each method at each layer it ran at: every method at a
layer of each op, and every CAM method but Score-CAM, Ablation-CAM and KPCA-CAM (one pass per
channel, or a pixels × pixels matrix: at one layer each) at every conv/add/concat/norm layer
(their count in the layers column), from one capture per group of layers (\`gradcamLayers\`: one
forward and backward pass for 8 layers). FullGrad, guided
backpropagation and DFF need a LayersModel and are not counted on GraphModels. Finite differences
check, at the layers of each op and the default layer, that the model continued from the layer
predicts as the model (forward) and the directional derivative along the gradient (central
differences in float32, best of four steps; activations that are exactly 0 left out of the
direction: max-pool ties) against the gradient the methods use; the last column is the largest
difference of a map to the same map on the other backends, relative to its largest value
(principal-component maps up to their sign), and how many maps were compared. A run has a time
limit per model and backend (cpu and software WebGPU are 5–80× slower than wasm): a row with fewer
layers in "runs ok" than in the layers column stopped there. ShapleyCAM (a Hessian-vector product
per layer: 85% of the time on software WebGPU) sweeps the layers after the others, and a row names
it with the layers it reached when it stopped short of theirs. Maps over 1e-3 apart are listed, for three
reasons found so far. Grad-CAM++ and XGradCAM divide by per-channel sums (of g³, of A) that can be
near 0, which amplifies the backends' float32 rounding differences where the activations and
gradients themselves agree within 1e-5: at MobileNetV2's \`block_7_depthwise\` one channel sums to
1.3e-7 on cpu and 6.3e-7 on wasm (the median channel: 23), so its XGradCAM weight is −21,000 or
−6,700 and the map is that channel's rounding noise on any backend (2.0 apart between cpu and wasm, 0.8–5.5 from WebGPU; activations agree
within 4e-7, gradients within 4e-6); at InceptionV3's \`conv2d_83\` and \`batch_normalization_86\` one
channel sums to 1.7e-3 and 5.7e-4 (medians 30 and 12), and the XGradCAM maps differ up to 7.4e-3. And a ReLU input that rounds to the other side of 0 on one
backend switches that element's gradient on or off: in faceres one of the 100,352 inputs of
\`conv_pw_11_relu\` is −1.1e-6 on wasm, +4.3e-7 on cpu and +6e-8 on WebGPU (activations up to 12,
which agree within 2e-6 of their largest value across backends), so every gradient below that ReLU
(the layers before \`conv_pw_11\`, 45 of 54) differs between backends by 2–4e-3 (norm), and where a
map cancels (Grad-CAM at \`conv_dw_7_bn\`'s add: Σ|wₖAₖ| / |ΣwₖAₖ| ≈ 10 at its brightest pixel) the
maps differ by up to 2.5e-2: one element at a kink, not a kernel (the gradients above that ReLU agree
within 3e-7). InceptionV3 has one such element too: the input of \`activation_43\` at [0, 0, 9, 61]
is +9.5e-7 on cpu and −4.4e-7 on wasm (the inputs agree within 1.1e-6 of their largest value), so
the gradients below it (\`conv2d_42\`, \`conv2d_43\`, \`mixed4\` and every layer before it) differ by
4e-3–2e-2 (1.3e-1 at \`conv2d_43\`), and the maps there by up to 3.0e-2; the gradients at the other
layers agree within 3e-6. The MobileNetV2 GraphModel's HiResCAM at \`expanded_conv_1/expand\` differs
on wasm at 4 neighbouring pixels only (1.5e-3), one window of the stride-2 depthwise conv after it: the
mark of one ReLU6 input on its boundary; every later layer agrees within 4e-6. And FEM keeps the
activations above mean + 2·std of their channel, a step that rounding can cross: at InceptionV3's
\`conv2d_50\` one activation of channel 108 lies 2.2e-7 from that threshold (the backends' activations
differ up to 1.9e-6), is kept on one backend and not on the other, and the maps differ by 2.8e-3.`;

const { values } = parseArgs({
  options: {
    dir: { type: 'string', default: '.cache/published' },
    backends: { type: 'string', default: 'cpu,wasm,webgpu' },
    models: { type: 'string' },
    reuse: { type: 'boolean', default: false },
    resume: { type: 'boolean', default: false },
    'table-only': { type: 'boolean', default: false },
    'timeout-min': { type: 'string', default: '40' },
    table: { type: 'string', default: 'packages/gradcam/docs/published-models.md' },
  },
});
const dir = values.dir!;
const backends = values.backends!.split(',');
/** The models by id, in the order given. */
const chosen = values.models
  ? values.models.split(',').map((id) => {
      const model = MODELS.find((candidate) => candidate.id === id);
      if (!model)
        throw new Error(`--models: no model '${id}' (models: ${MODELS.map((m) => m.id).join(', ')})`);
      return model;
    })
  : MODELS;
const reportDir = join(dir, 'reports');
mkdirSync(reportDir, { recursive: true });
const reportPath = (model: PublishedModel, backend: string) => join(reportDir, `${model.id}-${backend}.json`);

for (const model of values['table-only'] ? [] : chosen) {
  for (const backend of backends) {
    const out = reportPath(model, backend);
    if (values.reuse && existsSync(out)) continue;
    // node itself (tsx as its loader), so that the time limit ends the run rather than a wrapper.
    const script = join(import.meta.dirname, 'try-published-models.ts');
    const args = ['--import', 'tsx', '--conditions', 'source', script];
    args.push('--backend', backend, '--model', join(dir, model.path), '--out', out);
    args.push('--every', '1', '--methods-at', 'kinds');
    if (values.resume) args.push('--resume');
    if (model.output) args.push('--output', model.output);
    console.log(`${model.id} on ${backend}`);
    const run = spawnSync(process.execPath, args, {
      encoding: 'utf8',
      timeout: Number(values['timeout-min']) * 60_000,
    });
    const ended =
      run.status === 0 ? 'ok' : `exit ${run.status ?? run.signal}: ${lastLine(run.stderr || run.stdout)}`;
    console.log(`  ${ended}; ${lastLine(run.stdout)}`);
  }
}

const rows = [
  '| model | backend | layers | runs ok | failed: reason | finite differences (worst) | vs other backends (worst, maps) |',
];
rows.push('| --- | --- | --- | --- | --- | --- | --- |');
for (const model of MODELS) {
  const reports = new Map(
    ['cpu', 'wasm', 'webgpu'].flatMap((backend) => {
      const path = reportPath(model, backend);
      return existsSync(path)
        ? [[backend, JSON.parse(readFileSync(path, 'utf8')) as ModelReport] as const]
        : [];
    }),
  );
  for (const [backend, report] of reports) {
    const applicable = report.runs.filter((run) => !notApplicable(run));
    const ok = applicable.filter((run) => run.ok);
    const others = [...reports].filter(([other]) => other !== backend);
    const agreement = compare(report, others);
    const layers = Object.values(report.kinds).reduce((sum, count) => sum + count, 0);
    rows.push(
      `| ${model.title} | ${backend} | ${layers} | ${ok.length}/${applicable.length} (${new Set(ok.map((r) => r.method)).size} methods, ${new Set(ok.map((r) => r.layer)).size} layers of ${Object.keys(report.kinds).join(', ')}${shortOfEveryLayer(report, ok)}) | ${failures(report)} | ${finiteDifferences(report)} | ${agreement} |`,
    );
  }
}
const table = `${rows.join('\n')}\n`;
console.log(table);
await writeFileAtomic(values.table!, `${TABLE_HEADER}\n${table}`);

/** The every-layer methods a run stopped before it reached the layers the others reached: "; shapleycam at 40". */
function shortOfEveryLayer(report: ModelReport, ok: RunRecord[]): string {
  const swept = ok.filter((run) => run.op in report.kinds); // not the default layer when it is of another op
  const reached = EVERY_LAYER_METHODS.map(
    (method) =>
      [method, new Set(swept.filter((run) => run.method === method).map((run) => run.layer)).size] as const,
  );
  const most = Math.max(...reached.map(([, count]) => count));
  const short = reached.filter(([, count]) => count < most);
  return short.map(([method, count]) => `; ${method} at ${count}`).join('');
}

function failures(report: ModelReport): string {
  const byReason = new Map<string, string[]>();
  for (const run of report.runs.filter((run) => !run.ok && !notApplicable(run))) {
    const full = run.error!.replace(/'[^']*'/g, "'…'");
    const reason = full.length > 120 ? `${full.slice(0, 117)}…` : full;
    byReason.set(reason, [...(byReason.get(reason) ?? []), `${run.method}@${shortName(run.layer)}`]);
  }
  const failed = [...byReason].map(([reason, runs]) => `${[...new Set(runs)].join(', ')}: ${reason}`);
  const skipped = report.runs.filter(notApplicable).map((run) => run.method);
  if (skipped.length > 0) failed.push(`(${skipped.join(', ')}: LayersModel only)`);
  return failed.join('; ') || '—';
}

/** FullGrad, guided backpropagation and DFF read a LayersModel's layers: not run on a GraphModel. */
function notApplicable(run: RunRecord): boolean {
  return !run.ok && /needs a LayersModel/.test(run.error ?? '');
}

function finiteDifferences(report: ModelReport): string {
  const checked = report.finiteDifferences.filter(({ error }) => !error);
  if (checked.length === 0) return report.finiteDifferences[0]?.error ?? 'not run';
  const forward = Math.max(...checked.map((c) => c.forwardError));
  const gradient = Math.max(...checked.map((c) => c.gradientError));
  const flag = gradient > GRADIENT_CHECK ? ' **over 1e-2**' : '';
  return `${checked.length} layers: forward ${forward.toExponential(1)}, gradient ${gradient.toExponential(1)}${flag}`;
}

/** The largest difference of this report's maps to the same maps on the other backends. */
function compare(report: ModelReport, others: Array<readonly [string, ModelReport]>): string {
  let worst = 0;
  let compared = 0;
  const disagreeing: Array<{ text: string; difference: number }> = [];
  for (const [key, map] of Object.entries(report.maps)) {
    for (const [other, reference] of others) {
      const expected = reference.maps[key];
      if (!expected || expected.length !== map.length) continue;
      const signless = SIGNLESS.has(key.split('|')[1]!);
      const difference = Math.min(
        relativeDifference(map, expected, 1),
        signless ? relativeDifference(map, expected, -1) : Infinity,
      );
      compared++;
      worst = Math.max(worst, difference);
      if (difference > AGREEMENT)
        disagreeing.push({
          text: `${key.split('|')[1]}@${shortName(key.split('|')[0]!)} vs ${other} ${difference.toExponential(1)}`,
          difference,
        });
    }
  }
  if (compared === 0) return 'no other backend';
  if (disagreeing.length === 0) return `${worst.toExponential(1)} (${compared})`;
  const listed = disagreeing.sort((a, b) => b.difference - a.difference).slice(0, LISTED_DISAGREEMENTS);
  const more = disagreeing.length - listed.length;
  return `${worst.toExponential(1)} (${compared}); ${disagreeing.length} over 1e-3, the largest: ${listed.map((d) => d.text).join(', ')}${more > 0 ? `, … ${more} more` : ''}`;
}

function relativeDifference(actual: number[], expected: number[], sign: number): number {
  // A loop, not Math.max(...values): an input-sized map (guided backpropagation at 299×299×3) has
  // more values than a call can take arguments.
  let scale = 1e-30;
  let largest = 0;
  for (let i = 0; i < expected.length; i++) {
    scale = Math.max(scale, Math.abs(expected[i]!));
    largest = Math.max(largest, Math.abs(sign * actual[i]! - expected[i]!));
  }
  return largest / scale;
}

function shortName(layer: string): string {
  return layer.split('/').slice(-2).join('/');
}

function lastLine(text: string | null): string {
  return (text ?? '').trim().split('\n').pop() ?? '';
}
