/** ResNet-18's layout (BasicBlock × [2, 2, 2, 2]), shared by the plain and the B-cos networks. */
export interface StageSpec {
  name: string;
  blocks: number;
  /** Channels as a multiple of the stem width. */
  widthFactor: number;
  /** Stride of the stage's first block. */
  stride: number;
}

export const RESNET18_STAGES: readonly StageSpec[] = [
  { name: 'layer1', blocks: 2, widthFactor: 1, stride: 1 },
  { name: 'layer2', blocks: 2, widthFactor: 2, stride: 2 },
  { name: 'layer3', blocks: 2, widthFactor: 4, stride: 2 },
  { name: 'layer4', blocks: 2, widthFactor: 8, stride: 2 },
];

/** Channels of the last stage, which the classifier sees. */
export function featureChannels(width: number): number {
  return width * RESNET18_STAGES[RESNET18_STAGES.length - 1]!.widthFactor;
}
