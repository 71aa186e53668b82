import {
  type GradConfig,
  type NamedAttrMap,
  reshape,
  StridedSlice,
  type StridedSliceAttrs,
  scatterND,
  slice_util,
  type Tensor,
  tensor2d,
  tidy,
} from '@tensorflow/tfjs-core';

/**
 * The [count, rank] positions in x that a strided slice reads, in the order of its output: output
 * element `loc` (over the slice shape with x's rank, shrunk axes of size 1) reads x[begin + loc · strides].
 */
function readPositions(sliceShape: number[], begin: number[], strides: number[]): Int32Array {
  const rank = sliceShape.length;
  const count = sliceShape.reduce((a, b) => a * b, 1);
  const positions = new Int32Array(count * rank);
  const loc = new Array<number>(rank).fill(0);
  for (let n = 0; n < count; n++) {
    for (let axis = 0; axis < rank; axis++)
      positions[n * rank + axis] = begin[axis]! + loc[axis]! * strides[axis]!;
    for (let axis = rank - 1; axis >= 0; axis--) {
      if (++loc[axis]! < sliceShape[axis]!) break;
      loc[axis] = 0;
    }
  }
  return positions;
}

/**
 * tfjs-core 4.22 registers no StridedSlice gradient, and converted GraphModels slice activations
 * with it: dx is dy scattered back onto the positions the slice read, zero elsewhere.
 */
export const stridedSliceGradConfig: GradConfig = {
  kernelName: StridedSlice,
  inputsToSave: ['x'],
  gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
    const [x] = saved as [Tensor];
    const a = attrs as unknown as StridedSliceAttrs;
    const info = slice_util.sliceInfo(
      x.shape,
      a.begin,
      a.end,
      a.strides,
      a.beginMask,
      a.endMask,
      a.ellipsisMask,
      a.newAxisMask,
      a.shrinkAxisMask,
    );
    return {
      x: () =>
        tidy(() => {
          const rank = x.rank;
          const denseShape = slice_util.computeOutShape(info.begin, info.end, info.strides);
          const positions = readPositions(denseShape, info.begin, info.strides);
          const count = positions.length / Math.max(rank, 1);
          const indices = tensor2d(positions, [count, rank], 'int32');
          return scatterND(indices, reshape(dy as Tensor, [count]), x.shape);
        }),
    };
  },
};
