// tfjs-core on its own registers no gradients; tfjs-layers' bundle registers all of core's when it
// loads. Every backend must train, so @bcos/backend loads it as soon as it is imported.
import '@tensorflow/tfjs-layers';
