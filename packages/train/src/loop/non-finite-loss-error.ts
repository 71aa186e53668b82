/** Training stopped because the loss became NaN or ±Infinity. */
export class NonFiniteLossError extends Error {
  constructor(
    readonly epoch: number,
    readonly stepRange: [number, number],
    readonly value: number,
    readonly lastCheckpoint: string | undefined,
  ) {
    super(
      `training stopped: the loss became ${value} in epoch ${epoch} (between steps ${stepRange[0]} and ${stepRange[1]} of the epoch). ` +
        (lastCheckpoint
          ? `The last good checkpoint, ${lastCheckpoint}, is intact; lower the learning rate or clip gradients, then resume.`
          : 'No checkpoint was written; lower the learning rate or clip gradients.'),
    );
    this.name = 'NonFiniteLossError';
  }
}
