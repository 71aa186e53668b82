import { packageBuild } from '../../tsup.shared';

export default packageBuild({
  index: 'src/index.ts',
  internal: 'src/internal.ts',
  'bcos-train': 'src/cli/bcos-train.ts',
  'bcos-explain': 'src/cli/bcos-explain.ts',
  'bcos-eval': 'src/cli/bcos-eval.ts',
  'bcos-explore': 'src/cli/bcos-explore.ts',
});
