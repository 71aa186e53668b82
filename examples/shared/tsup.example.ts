import type { Options } from 'tsup';
import { packageBuild } from '../../tsup.shared';

/** The examples' build: ESM entry scripts for Node 20, no declarations (nothing imports them). */
export function exampleBuild(entry: Options['entry']) {
  return packageBuild(entry, { format: ['esm'], dts: false });
}
