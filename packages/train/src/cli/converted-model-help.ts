/** The --help paragraph on bcos-convert outputs, shared by bcos-explain and bcos-eval. */
export const CONVERTED_MODEL_HELP = `A bcos-convert output directory works as is: a 6-channel
model is a B-cos model (binary cross-entropy, as B-cos v2 trains them), any other a torchvision one
(ImageNet normalisation); its classes are named by --class-names FILE (a JSON array, one name per
output), else ImageNet's for 1000 classes and "class 0" … "class N-1" for others.`;
