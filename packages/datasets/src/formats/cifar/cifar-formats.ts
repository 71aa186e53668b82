import { datasetFormat } from '../dataset-format';
import { cifar10, cifar100 } from './cifar';

export const cifar10Format = datasetFormat({
  splits: ['train', 'test'],
  options: {},
  read: (dir, split) => cifar10(dir, { split }),
});

export const cifar100Format = datasetFormat({
  splits: ['train', 'test'],
  options: {},
  read: (dir, split) => cifar100(dir, { split }),
});
