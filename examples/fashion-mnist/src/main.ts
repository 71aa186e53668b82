import { runMain } from '@bcos/example-shared';
import { fashionMnistExample, USAGE } from './fashion-mnist-example';

runMain(USAGE, async (argv) => {
  await fashionMnistExample(argv);
});
