import { packageBuild } from '../../tsup.shared';

export default packageBuild({
  index: 'src/index.ts',
  node: 'src/node.ts',
  'bcos-convert': 'src/cli/bcos-convert.ts',
});
