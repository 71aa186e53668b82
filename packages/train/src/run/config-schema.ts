import { BACKEND_ORDER } from '@bcos/backend';
import { EXPLAIN_METHOD_NAMES, EXPLAIN_METHODS, type ExplainMethodName } from '@bcos/gradcam';
import { BCOS_NORMS, PLAIN_NORMS, STEMS } from '@bcos/resnet';
import { z } from 'zod';
import { MONITORED_METRICS } from '../loop/epoch-record';
import { dataConfigSchema } from './data-config';

/** A metric an epoch records (`val.loss`, …): a typo is caught before training, not after epoch 1. */
const metricName = z.enum(MONITORED_METRICS as [string, ...string[]]);
/** Any method of @bcos/gradcam's `explain`, by our name or pytorch-grad-cam's class name. */
const camMethod = z.enum(EXPLAIN_METHOD_NAMES as readonly [ExplainMethodName, ...ExplainMethodName[]], {
  error: `expected one of ${EXPLAIN_METHODS.map((name) => `'${name}'`).join(', ')} (or pytorch-grad-cam's class name)`,
});

const positive = z.number().positive();
const interval = z.enum(['epoch', 'step']).optional();
const warmup = z
  .strictObject({ length: positive, interval, startFactor: z.number().min(0).max(1).optional() })
  .optional();

const schedule = z.discriminatedUnion('name', [
  z.strictObject({ name: z.literal('constant'), warmup }),
  z.strictObject({
    name: z.literal('step'),
    stepSize: positive,
    gamma: positive.optional(),
    interval,
    warmup,
  }),
  z.strictObject({
    name: z.literal('multiStep'),
    milestones: z.array(z.number().int().nonnegative()).min(1),
    gamma: positive.optional(),
    interval,
    warmup,
  }),
  z
    .strictObject({
      name: z.literal('exponential'),
      gamma: positive.optional(),
      /** Instead of gamma: the rate of the last epoch (or step), γ = (finalLr / lr)^(1/(T−1)). */
      finalLr: positive.optional(),
      interval,
      warmup,
    })
    .refine((s) => (s.gamma === undefined) !== (s.finalLr === undefined), {
      message: 'give either gamma or finalLr',
    }),
  z.strictObject({
    name: z.literal('cosine'),
    tMax: positive.optional(),
    minLr: z.number().nonnegative().optional(),
    interval,
    warmup,
  }),
  z.strictObject({
    name: z.literal('oneCycle'),
    maxLr: positive.optional(),
    totalSteps: z.number().int().positive().optional(),
    pctStart: z.number().gt(0).lt(1).optional(),
    annealStrategy: z.enum(['cos', 'linear']).optional(),
    divFactor: positive.optional(),
    finalDivFactor: positive.optional(),
    threePhase: z.boolean().optional(),
    warmup,
  }),
  z.strictObject({
    name: z.literal('reduceLROnPlateau'),
    monitor: metricName,
    mode: z.enum(['min', 'max']).optional(),
    factor: z.number().min(0).lt(1).optional(),
    patience: z.number().int().nonnegative().optional(),
    threshold: z.number().nonnegative().optional(),
    thresholdMode: z.enum(['rel', 'abs']).optional(),
    cooldown: z.number().int().nonnegative().optional(),
    minLr: z.number().nonnegative().optional(),
    eps: z.number().nonnegative().optional(),
    warmup,
  }),
]);

/** What both architectures take. */
const modelShape = {
  stem: z.enum(STEMS).default('cifar'),
  width: z.number().int().positive().optional(),
};

const monitor = {
  monitor: metricName,
  mode: z.enum(['min', 'max']).optional(),
  minDelta: z.number().nonnegative().optional(),
};

/** The JSON a `bcos-train --config` file holds; unknown keys are errors. */
export const runConfigSchema = z.strictObject({
  backend: z.enum(['auto', ...BACKEND_ORDER]).optional(),
  seed: z.number().int().default(0),
  out: z.string().default('runs/latest'),
  data: dataConfigSchema,
  model: z.discriminatedUnion('arch', [
    z.strictObject({
      arch: z.literal('resnet18'),
      ...modelShape,
      norm: z.enum(PLAIN_NORMS).optional(),
    }),
    z.strictObject({
      arch: z.literal('bcosResnet18'),
      ...modelShape,
      /** A norm's name, or `{kind, centered?, groups?}` (e.g. B-cos v2 resnet.py's centred position norm). */
      norm: z
        .union([
          z.enum(BCOS_NORMS),
          z.strictObject({
            kind: z.enum(BCOS_NORMS),
            centered: z.boolean().optional(),
            groups: z.number().int().positive().optional(),
          }),
        ])
        .optional(),
      b: positive.optional(),
      maxOut: z.number().int().positive().optional(),
      logitTemperature: positive.optional(),
    }),
  ]),
  loss: z.enum(['crossentropy', 'bce']).optional(),
  optimizer: z.strictObject({
    name: z.enum(['adam', 'adamw', 'sgd']),
    lr: positive,
    momentum: z.number().min(0).lt(1).optional(),
    nesterov: z.boolean().optional(),
    beta1: z.number().min(0).lt(1).optional(),
    beta2: z.number().min(0).lt(1).optional(),
    epsilon: positive.optional(),
    weightDecay: z.number().nonnegative().optional(),
    l2: z.number().nonnegative().optional(),
  }),
  epochs: z.number().int().positive(),
  batchSize: z.number().int().positive(),
  augment: z
    .strictObject({
      /** cifar: the seed's crop, cutout and rotation; flip: random horizontal flips. */
      preset: z.enum(['none', 'cifar', 'flip']),
      /** Normalisation (plain models only; B-cos models take the 6-channel encoding instead). */
      mean: z.array(z.number()).length(3).optional(),
      std: z.array(positive).length(3).optional(),
    })
    .default({ preset: 'none' }),
  schedule: schedule.optional(),
  clip: z
    .discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('norm'), maxNorm: positive }),
      z.strictObject({
        kind: z.literal('agc'),
        clipFactor: positive,
        eps: positive.optional(),
        exclude: z.array(z.string()).optional(),
      }),
    ])
    .optional(),
  /** Evaluate the test split after every epoch (curves with test accuracy), or only at the end. */
  testEachEpoch: z.boolean().default(true),
  earlyStopping: z.strictObject({ ...monitor, patience: z.number().int().nonnegative() }).optional(),
  bestModel: z.strictObject({ ...monitor, restore: z.boolean().optional() }).optional(),
  checkpointEverySteps: z.number().int().positive().optional(),
  report: z
    .strictObject({
      enabled: z.boolean().default(true),
      /** The first N images of the report's split, each with its prediction, probability and explanations. */
      first: z.number().int().nonnegative().optional(),
      misclassified: z.number().int().nonnegative().default(20),
      correct: z.number().int().nonnegative().optional(),
      gradcamMethod: camMethod.default('gradcam'),
      gradcamLayer: z.string().optional(),
    })
    .default({ enabled: true, misclassified: 20, gradcamMethod: 'gradcam' }),
});

export type RunConfig = z.infer<typeof runConfigSchema>;

/**
 * The alternative of a union (`model.norm`: a name or an object) the value was meant as: the one
 * that got past the value's type (an unknown key, or a problem inside it), else the first.
 */
function unionBranch(issue: z.core.$ZodIssueInvalidUnion): z.core.$ZodIssue[] {
  const meant = issue.errors.find((issues) =>
    issues.some((i) => i.path.length > 0 || i.code === 'unrecognized_keys'),
  );
  return (meant ?? issue.errors[0] ?? []).map((i) => ({ ...i, path: [...issue.path, ...i.path] }));
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_union' && issue.errors.length > 0)
    return unionBranch(issue).map(describeIssue).join('\n  - ');
  const where = issue.path.length ? issue.path.join('.') : '(top level)';
  if (issue.code === 'unrecognized_keys')
    return `${where}: unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}`;
  if (issue.code === 'invalid_value' && issue.values.length > 1)
    return `${where}: expected one of ${issue.values.map((v) => `'${String(v)}'`).join(', ')}`;
  return `${where}: ${issue.message}`;
}

/** Validates a parsed config file; the error lists every problem with its key path. */
export function parseRunConfig(json: unknown, source: string): RunConfig {
  const result = runConfigSchema.safeParse(json);
  if (!result.success)
    throw new Error(
      `${source} is not a valid run config:\n${result.error.issues.map((i) => `  - ${describeIssue(i)}`).join('\n')}`,
    );
  return result.data;
}
