/**
 * How two operands broadcast into an output, with adjacent axes merged wherever both operands step
 * through them alike (same shapes: one axis; [N, H, W, C] with [C]: two), so that a binary kernel
 * runs an outer odometer over `shape` minus its last axis and a tight loop along the last.
 */
export interface BroadcastPlan {
  /** The output shape (numpy broadcasting). */
  outShape: number[];
  /** The merged axes' sizes. */
  shape: number[];
  /** Per merged axis, each operand's step in its values (0 along an axis it is broadcast on). */
  aStrides: number[];
  bStrides: number[];
}

export function broadcastPlan(aShape: readonly number[], bShape: readonly number[]): BroadcastPlan {
  const rank = Math.max(aShape.length, bShape.length);
  const aligned = (shape: readonly number[]) => [...new Array(rank - shape.length).fill(1), ...shape];
  const a = aligned(aShape);
  const b = aligned(bShape);
  const outShape = a.map((size, d) => {
    const other = b[d]!;
    if (size !== other && size !== 1 && other !== 1) {
      throw new Error(`Operands could not be broadcast together with shapes ${aShape} and ${bShape}.`);
    }
    return size === 1 ? other : size;
  });
  const stepsOf = (shape: number[]) => {
    const steps = new Array<number>(rank);
    let stride = 1;
    for (let d = rank - 1; d >= 0; d--) {
      steps[d] = shape[d] === 1 && outShape[d] !== 1 ? 0 : stride;
      stride *= shape[d]!;
    }
    return steps;
  };
  const aSteps = stepsOf(a);
  const bSteps = stepsOf(b);
  const plan: BroadcastPlan = { outShape, shape: [], aStrides: [], bStrides: [] };
  for (let d = 0; d < rank; d++) {
    const size = outShape[d]!;
    if (size === 1) continue;
    const last = plan.shape.length - 1;
    const merges =
      last >= 0 && plan.aStrides[last] === aSteps[d]! * size && plan.bStrides[last] === bSteps[d]! * size;
    if (merges) {
      plan.shape[last]! *= size;
      plan.aStrides[last] = aSteps[d]!;
      plan.bStrides[last] = bSteps[d]!;
    } else {
      plan.shape.push(size);
      plan.aStrides.push(aSteps[d]!);
      plan.bStrides.push(bSteps[d]!);
    }
  }
  // Scalars (or all axes of size 1): one row of one element.
  return plan.shape.length > 0 ? plan : { outShape, shape: [1], aStrides: [0], bStrides: [0] };
}

/**
 * Calls `row(outOffset, aOffset, bOffset)` for every run of the plan's last axis, in output order:
 * the row's elements are out[outOffset + i], a[aOffset + i·aStride], b[bOffset + i·bStride].
 */
export function forEachRow(
  { shape, aStrides, bStrides }: BroadcastPlan,
  row: (outOffset: number, aOffset: number, bOffset: number) => void,
): void {
  const outer = shape.length - 1;
  const length = shape[outer]!;
  const index = new Array<number>(outer).fill(0);
  let aOffset = 0;
  let bOffset = 0;
  const total = shape.reduce((x, y) => x * y, 1);
  for (let out = 0; out < total; out += length) {
    row(out, aOffset, bOffset);
    for (let d = outer - 1; d >= 0; d--) {
      aOffset += aStrides[d]!;
      bOffset += bStrides[d]!;
      if (++index[d]! < shape[d]!) break;
      aOffset -= aStrides[d]! * shape[d]!;
      bOffset -= bStrides[d]! * shape[d]!;
      index[d] = 0;
    }
  }
}
