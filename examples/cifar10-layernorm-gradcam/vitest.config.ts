import { packageProject } from '../../vitest.shared';

export default packageProject('@bcos/example-cifar10-layernorm-gradcam');
