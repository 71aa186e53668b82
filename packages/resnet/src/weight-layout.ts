/**
 * PyTorch stores conv weights [out, in, kh, kw] and linear weights [out, in]; tfjs keeps
 * [kh, kw, in, out] and [in, out]. Vectors and scalars are the same in both.
 */
const TORCH_TO_TF: Readonly<Record<number, number[]>> = { 4: [2, 3, 1, 0], 2: [1, 0] };

/** The permutation that turns a PyTorch tensor into the tfjs layout (undefined: nothing to do). */
export function torchToTfPermutation(rank: number): number[] | undefined {
  return TORCH_TO_TF[rank];
}

/** The shape PyTorch gives the weight that has `tfShape` here. */
export function torchShapeOf(tfShape: readonly number[]): number[] {
  const permutation = TORCH_TO_TF[tfShape.length];
  if (!permutation) return [...tfShape];
  const torch = new Array<number>(tfShape.length);
  permutation.forEach((torchAxis, tfAxis) => {
    torch[torchAxis] = tfShape[tfAxis]!;
  });
  return torch;
}
