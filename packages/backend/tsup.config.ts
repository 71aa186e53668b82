import { packageBuild } from '../../tsup.shared';

export default packageBuild(['src/index.ts', 'src/index.browser.ts', 'src/node.ts', 'src/testing.ts']);
