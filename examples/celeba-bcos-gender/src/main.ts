import { runMain } from '@bcos/example-shared';
import { celebaExample, USAGE } from './celeba-example';

runMain(USAGE, async (argv) => {
  await celebaExample(argv);
});
