import { exampleBuild } from '../shared/tsup.example';

// training-child is forked by the demo to train the two models in parallel.
export default exampleBuild(['src/main.ts', 'src/training-child.ts']);
