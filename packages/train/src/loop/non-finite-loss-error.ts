import { basename } from 'node:path';

/** What became NaN or ±Infinity. */
export type NonFiniteQuantity = 'loss' | 'gradients' | 'weights';

/** A checkpoint on disk with the numbers that tell a sound one from one written as the run diverged. */
export interface CheckpointHealth {
  path: string;
  /** The training loss (mean so far in its epoch) when it was written; null when unknown. */
  trainLoss: number | null;
  /** The largest |weight| it holds; null when unknown (written by an older version). */
  largestWeight: number | null;
}

/** Trained weights beyond this magnitude mean a run had already diverged (normalised nets stay far below). */
const SOUND_WEIGHT = 1e4;

function describe(checkpoint: CheckpointHealth): string {
  const loss = checkpoint.trainLoss === null ? '?' : checkpoint.trainLoss.toPrecision(3);
  const weight = checkpoint.largestWeight === null ? '?' : checkpoint.largestWeight.toPrecision(3);
  return `${basename(checkpoint.path)} (train loss ${loss}, largest |weight| ${weight})`;
}

/**
 * The checkpoint to resume from: the newest one whose training loss is within twice, and whose
 * largest |weight| within ten times, the lowest among those kept. The loss recorded at a checkpoint
 * was measured before its last updates, so a blown-up step shows first in the weights.
 */
export function safeCheckpoint(kept: readonly CheckpointHealth[]): CheckpointHealth | undefined {
  const lowest = (values: (number | null)[]) => Math.min(...values.filter((v): v is number => v !== null));
  const [loss, weight] = [lowest(kept.map((c) => c.trainLoss)), lowest(kept.map((c) => c.largestWeight))];
  const sound = (value: number | null, least: number, factor: number) =>
    value === null || value <= factor * least;
  return kept.findLast((c) => sound(c.trainLoss, loss, 2) && sound(c.largestWeight, weight, 10));
}

function advice(kept: readonly CheckpointHealth[], lastCheckpoint: string | undefined): string {
  if (!lastCheckpoint && kept.length === 0)
    return 'No checkpoint was written; lower the learning rate or clip gradients.';
  const safe = safeCheckpoint(kept);
  const listed = kept.length
    ? ` Checkpoints kept (all with finite weights): ${kept.map(describe).join(', ')}.`
    : '';
  const resume = safe
    ? `resume from ${safe.path}${safe.path === lastCheckpoint ? ' (the latest)' : ', the newest whose loss and weights had not yet grown (the later ones were written as the run diverged; bcos-train --resume-from, or train({resume: path}))'}`
    : `resume from ${lastCheckpoint}`;
  const diverging =
    safe?.largestWeight != null && safe.largestWeight > SOUND_WEIGHT
      ? ` Its weights reach ${safe.largestWeight.toPrecision(3)}: it was written as the run diverged and will likely fail again; starting over with a lower learning rate is safer.`
      : '';
  return `Lower the learning rate or clip gradients, then ${resume}.${diverging}${listed}`;
}

/** Training stopped because the loss, the gradients or the weights became NaN or ±Infinity. */
export class NonFiniteLossError extends Error {
  constructor(
    readonly epoch: number,
    readonly stepRange: [number, number],
    readonly value: number,
    readonly lastCheckpoint: string | undefined,
    readonly quantity: NonFiniteQuantity = 'loss',
    readonly kept: readonly CheckpointHealth[] = [],
  ) {
    const what =
      quantity === 'loss'
        ? `the loss became ${value}`
        : `the ${quantity} became NaN or ±Infinity (the loss was ${value})`;
    super(
      `training stopped: ${what} in epoch ${epoch} (between steps ${stepRange[0]} and ${stepRange[1]} of the epoch). ` +
        (lastCheckpoint
          ? `The latest checkpoint, ${lastCheckpoint}, is intact and its weights are finite. `
          : '') +
        advice(kept, lastCheckpoint),
    );
    this.name = 'NonFiniteLossError';
  }
}
