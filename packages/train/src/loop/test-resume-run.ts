import { syntheticDataset, tinyConvNet } from '../test-dataset';
import type { TrainOptions } from './train-options';

/** The run that resume.test.ts interrupts and continues: 3 epochs of 6 steps, a checkpoint every 2 steps. */
export function resumeRunOptions(checkpointDir: string): TrainOptions {
  return {
    model: tinyConvNet(),
    data: { train: syntheticDataset({ size: 48 }), val: syntheticDataset({ size: 24, seed: 2 }) },
    optimizer: { name: 'adamw', lr: 0.02, weightDecay: 0.05 },
    schedule: { name: 'reduceLROnPlateau', monitor: 'val.loss', patience: 0, factor: 0.5 },
    clip: { kind: 'norm', maxNorm: 1 },
    epochs: 3,
    batchSize: 8,
    seed: 11,
    checkpointDir,
    checkpointEverySteps: 2,
    progress: null,
    printSummary: false,
  };
}
