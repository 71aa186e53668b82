/**
 * One Adam update of elements [begin, end) over the wasm heap, each float32 operation of the composed
 * tfjs ops rounded as they round it (Math.fround after every operation: a product, sum, quotient or
 * square root of float32 values computed in float64 and rounded once is the correctly rounded
 * float32 result), so that it is bitwise the update @bcos/train's Adam composes of kernels:
 *   m' = m·β₁ + g·(1−β₁);  v' = v·β₂ + g²·(1−β₂);  p' = p − m' / (√v' / √(1−β₂ᵗ) + ε) · lr/(1−β₁ᵗ).
 * args (byte offsets into the wasm heap): [param, gradient, m, v, scalars, paramOut, mOut, vOut,
 * β₁, 1−β₁, β₂, 1−β₂, ε] with the constants already float32; scalars holds [lr/(1−β₁ᵗ), √(1−β₂ᵗ)].
 * Self-contained: worker threads evaluate its source.
 */
export function adamStepLoop(buffer: ArrayBufferLike, args: readonly number[], begin: number, end: number) {
  const [beta1, keep1, beta2, keep2, epsilon] = args.slice(8) as [number, number, number, number, number];
  const span = end - begin;
  const at = 4 * begin;
  const param = new Float32Array(buffer, args[0]! + at, span);
  const gradient = new Float32Array(buffer, args[1]! + at, span);
  const m = new Float32Array(buffer, args[2]! + at, span);
  const v = new Float32Array(buffer, args[3]! + at, span);
  const [stepSize, root] = new Float32Array(buffer, args[4]!, 2) as unknown as [number, number];
  const paramOut = new Float32Array(buffer, args[5]! + at, span);
  const mOut = new Float32Array(buffer, args[6]! + at, span);
  const vOut = new Float32Array(buffer, args[7]! + at, span);
  const f = Math.fround;
  for (let i = 0; i < span; i++) {
    const g = gradient[i]!;
    const m2 = f(f(m[i]! * beta1) + f(g * keep1));
    const v2 = f(f(v[i]! * beta2) + f(f(g * g) * keep2));
    const denominator = f(f(f(Math.sqrt(v2)) / root) + epsilon);
    mOut[i] = m2;
    vOut[i] = v2;
    paramOut[i] = param[i]! - f(f(m2 / denominator) * stepSize);
  }
}
