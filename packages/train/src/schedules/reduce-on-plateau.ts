import type { LrSchedule, MetricValues, ScheduleContext } from './schedule';

export interface ReduceOnPlateauOptions {
  /** Metric to watch, e.g. `val.loss` or `val.accuracy`. */
  monitor: string;
  /** 'min': lower is better (loss); 'max': higher is better (accuracy). Default 'min'. */
  mode?: 'min' | 'max';
  /** new lr = lr · factor (default 0.1, must be < 1). */
  factor?: number;
  /** Epochs without improvement tolerated before reducing (default 10). */
  patience?: number;
  /** Smallest change that counts as an improvement (default 1e-4). */
  threshold?: number;
  /** 'rel': relative to the best value; 'abs': absolute (default 'rel'). */
  thresholdMode?: 'rel' | 'abs';
  /** Epochs to wait after a reduction before counting bad epochs again (default 0). */
  cooldown?: number;
  /** Floor of the learning rate (default 0). */
  minLr?: number;
  /** Reductions smaller than this are skipped (default 1e-8). */
  eps?: number;
}

interface PlateauState {
  lr: number | null;
  best: number;
  badEpochs: number;
  cooldownLeft: number;
}

/** Options left `undefined` take their defaults instead of overriding them. */
function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}

function validate(o: Required<ReduceOnPlateauOptions>): void {
  const fail = (what: string) => {
    throw new Error(`reduceLROnPlateau: ${what}`);
  };
  if (typeof o.monitor !== 'string' || o.monitor === '') fail('monitor must name a metric, e.g. val.loss');
  if (o.mode !== 'min' && o.mode !== 'max') fail(`mode must be 'min' or 'max', got '${o.mode}'`);
  if (o.thresholdMode !== 'rel' && o.thresholdMode !== 'abs')
    fail(`thresholdMode must be 'rel' or 'abs', got '${o.thresholdMode}'`);
  if (!(o.factor < 1 && o.factor >= 0)) fail(`factor must be in [0, 1), got ${o.factor}`);
  for (const key of ['patience', 'cooldown'] as const)
    if (!Number.isInteger(o[key]) || o[key] < 0) fail(`${key} must be a non-negative integer, got ${o[key]}`);
  for (const key of ['threshold', 'minLr', 'eps'] as const)
    if (!(o[key] >= 0)) fail(`${key} must be ≥ 0, got ${o[key]}`);
}

/** PyTorch's `_is_better`: the comparison against the best value so far, by mode and threshold mode. */
function isBetter(o: Required<ReduceOnPlateauOptions>, value: number, best: number): boolean {
  if (o.mode === 'min')
    return o.thresholdMode === 'rel' ? value < best * (1 - o.threshold) : value < best - o.threshold;
  return o.thresholdMode === 'rel' ? value > best * (1 + o.threshold) : value > best + o.threshold;
}

/**
 * PyTorch `ReduceLROnPlateau`, step for step: after each epoch the monitored value either improves
 * on the best (by the threshold) or counts as a bad epoch; bad epochs during cooldown are ignored;
 * more than `patience` of them multiply the lr by `factor`, floored at `minLr`, unless the change
 * is smaller than `eps`.
 */
export function reduceLROnPlateau(options: ReduceOnPlateauOptions): LrSchedule {
  const o: Required<ReduceOnPlateauOptions> = {
    mode: 'min',
    factor: 0.1,
    patience: 10,
    threshold: 1e-4,
    thresholdMode: 'rel',
    cooldown: 0,
    minLr: 0,
    eps: 1e-8,
    ...definedOnly(options),
  } as Required<ReduceOnPlateauOptions>;
  validate(o);
  const initial = (): PlateauState => ({
    lr: null,
    best: o.mode === 'min' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY,
    badEpochs: 0,
    cooldownLeft: 0,
  });
  let s = initial();
  const current = (context: ScheduleContext) => s.lr ?? context.baseLr;
  return {
    name: 'reduceLROnPlateau',
    lrAt: current,
    endEpoch(metrics: MetricValues, context: ScheduleContext) {
      const value = metrics[o.monitor];
      if (value === undefined)
        throw new Error(
          `reduceLROnPlateau: monitored metric '${o.monitor}' is not among this epoch's metrics (${Object.keys(metrics).join(', ')})`,
        );
      if (isBetter(o, value, s.best)) {
        s.best = value;
        s.badEpochs = 0;
      } else {
        s.badEpochs += 1;
      }
      if (s.cooldownLeft > 0) {
        s.cooldownLeft -= 1;
        s.badEpochs = 0;
      }
      if (s.badEpochs > o.patience) {
        const old = current(context);
        const reduced = Math.max(old * o.factor, o.minLr);
        if (old - reduced > o.eps) s.lr = reduced;
        s.cooldownLeft = o.cooldown;
        s.badEpochs = 0;
      }
    },
    // ±Infinity is not JSON: the best value travels as a string when infinite.
    state: () => ({ ...s, best: Number.isFinite(s.best) ? s.best : String(s.best) }),
    loadState(state) {
      const saved = state as (Omit<PlateauState, 'best'> & { best: number | string }) | null;
      if (!saved || typeof saved !== 'object' || !('badEpochs' in saved))
        throw new Error(
          `reduceLROnPlateau: checkpoint state ${JSON.stringify(state)} is not a plateau state`,
        );
      s = { ...initial(), ...saved, best: Number(saved.best) };
    },
  };
}
