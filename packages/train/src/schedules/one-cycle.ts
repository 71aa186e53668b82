import { clock, type LrSchedule, requirePositive, requireUnitInterval, stateless } from './schedule';

export interface OneCycleOptions {
  /** Peak learning rate (default: the optimiser's lr). */
  maxLr?: number;
  /** Steps in the cycle (default: every step of the run). */
  totalSteps?: number;
  /** Fraction of the cycle spent rising (default 0.3). */
  pctStart?: number;
  annealStrategy?: 'cos' | 'linear';
  /** initial lr = maxLr / divFactor (default 25). */
  divFactor?: number;
  /** final lr = initial lr / finalDivFactor (default 1e4). */
  finalDivFactor?: number;
  /** Rise, fall back to the initial lr, then anneal to the final lr (fast.ai's variant). */
  threePhase?: boolean;
}

interface Phase {
  endStep: number;
  from: number;
  to: number;
}

const anneal = {
  cos: (from: number, to: number, pct: number) => to + ((from - to) / 2) * (Math.cos(Math.PI * pct) + 1),
  linear: (from: number, to: number, pct: number) => (to - from) * pct + from,
};

function phases(
  total: number,
  pctStart: number,
  lrs: { initial: number; max: number; min: number },
  threePhase: boolean,
): Phase[] {
  const rise = pctStart * total - 1;
  if (!threePhase)
    return [
      { endStep: rise, from: lrs.initial, to: lrs.max },
      { endStep: total - 1, from: lrs.max, to: lrs.min },
    ];
  return [
    { endStep: rise, from: lrs.initial, to: lrs.max },
    { endStep: 2 * pctStart * total - 2, from: lrs.max, to: lrs.initial },
    { endStep: total - 1, from: lrs.initial, to: lrs.min },
  ];
}

/**
 * PyTorch `OneCycleLR` with `cycle_momentum=False`, stepped once per optimiser step: the same phase
 * boundaries (`pct_start · total − 1`, …) and annealing functions.
 */
export function oneCycle(options: OneCycleOptions = {}): LrSchedule {
  const {
    pctStart = 0.3,
    annealStrategy = 'cos',
    divFactor = 25,
    finalDivFactor = 1e4,
    threePhase = false,
  } = options;
  requireUnitInterval('oneCycle', 'pctStart', pctStart, { open: true });
  requirePositive('oneCycle', 'divFactor', divFactor);
  requirePositive('oneCycle', 'finalDivFactor', finalDivFactor);
  if (options.maxLr !== undefined) requirePositive('oneCycle', 'maxLr', options.maxLr);
  if (options.totalSteps !== undefined) requirePositive('oneCycle', 'totalSteps', options.totalSteps);
  if (!(annealStrategy in anneal))
    throw new Error(`oneCycle: annealStrategy must be 'cos' or 'linear', got '${annealStrategy}'`);
  return stateless('oneCycle', 'step', (context) => {
    const max = options.maxLr ?? context.baseLr;
    const initial = max / divFactor;
    const { t, total: runSteps } = clock(context, 'step');
    const total = options.totalSteps ?? runSteps;
    if (t > total) throw new Error(`oneCycle: step ${t} is past totalSteps ${total}`);
    const schedule = phases(total, pctStart, { initial, max, min: initial / finalDivFactor }, threePhase);
    let start = 0;
    for (const [i, phase] of schedule.entries()) {
      if (t <= phase.endStep || i === schedule.length - 1) {
        return anneal[annealStrategy](phase.from, phase.to, (t - start) / (phase.endStep - start));
      }
      start = phase.endStep;
    }
    throw new Error('oneCycle: unreachable');
  });
}
