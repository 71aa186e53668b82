import { exampleBuild } from '../shared/tsup.example';

export default exampleBuild(['src/main.ts']);
