import { exampleBuild } from './tsup.example';

export default exampleBuild(['src/index.ts', 'src/testing.ts']);
