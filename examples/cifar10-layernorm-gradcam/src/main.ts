import { runMain } from '@bcos/example-shared';
import { cifar10Example, USAGE } from './cifar10-example';

runMain(USAGE, async (argv) => {
  await cifar10Example(argv);
});
