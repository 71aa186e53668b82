/** Throws a RangeError naming the dataset unless every index is an integer in [0, size). */
export function checkIndices(datasetName: string, size: number, indices: ArrayLike<number>): void {
  for (let i = 0; i < indices.length; i++) {
    const index = indices[i]!;
    if (!Number.isInteger(index) || index < 0 || index >= size) {
      throw new RangeError(`${datasetName}: index ${index} (position ${i}) is outside 0..${size - 1}`);
    }
  }
}
