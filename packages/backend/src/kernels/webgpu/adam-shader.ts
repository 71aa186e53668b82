/** An f32 constant as a WGSL literal that parses to exactly the value tfjs would upload. */
function f32Literal(value: number): string {
  return `f32(${Math.fround(value).toPrecision(9)})`;
}

export const ADAM_WORKGROUP = 256;
/** Workgroups along x before the dispatch folds into y (WebGPU allows 65,535 per dimension). */
export const ADAM_ROW = 32768;

/**
 * One Adam update per element, written to three new buffers (bindings 0–2: parameter, m, v) from
 * the old ones (3–5), the gradient (6) and the step scalars (7: [lr/(1 − β₁ᵗ), √(1 − β₂ᵗ), …]):
 * the arithmetic of the composed ops, m/(√v/√(1 − β₂ᵗ) + ε).
 */
export function adamShader(beta1: number, beta2: number, epsilon: number): string {
  return `
@group(0) @binding(0) var<storage, read_write> newParam : array<f32>;
@group(0) @binding(1) var<storage, read_write> newMoment : array<f32>;
@group(0) @binding(2) var<storage, read_write> newVelocity : array<f32>;
@group(0) @binding(3) var<storage, read> param : array<f32>;
@group(0) @binding(4) var<storage, read> moment : array<f32>;
@group(0) @binding(5) var<storage, read> velocity : array<f32>;
@group(0) @binding(6) var<storage, read> gradient : array<f32>;
@group(0) @binding(7) var<storage, read> scalars : array<f32>;

@compute @workgroup_size(${ADAM_WORKGROUP})
fn main(@builtin(global_invocation_id) id : vec3<u32>) {
  let index = id.y * ${ADAM_ROW * ADAM_WORKGROUP}u + id.x;
  if (index >= arrayLength(&param)) {
    return;
  }
  let g = gradient[index];
  let m = moment[index] * ${f32Literal(beta1)} + g * ${f32Literal(1 - beta1)};
  let v = velocity[index] * ${f32Literal(beta2)} + (g * g) * ${f32Literal(1 - beta2)};
  newMoment[index] = m;
  newVelocity[index] = v;
  let denominator = sqrt(v) / scalars[1] + ${f32Literal(epsilon)};
  newParam[index] = param[index] - (m / denominator) * scalars[0];
}`;
}
