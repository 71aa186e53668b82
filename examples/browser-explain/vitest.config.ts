import { packageProject } from '../../vitest.shared';

export default packageProject('@bcos/example-browser-explain');
