import { flatLayout, type ShaderProgram } from './shader-program';

/** An f32 constant as a WGSL literal that parses to exactly the value tfjs would upload. */
function f32Literal(value: number): string {
  return `f32(${Math.fround(value).toPrecision(9)})`;
}

function elementwise(name: string, variableNames: string[], shape: number[], body: string): ShaderProgram {
  const size = shape.reduce((a, b) => a * b, 1);
  const workgroupSize: [number, number, number] = [64, 1, 1];
  return {
    variableNames,
    outputShape: shape,
    shaderKey: name,
    dispatchLayout: flatLayout(shape.length),
    dispatch: [Math.ceil(size / workgroupSize[0]), 1, 1],
    workgroupSize,
    size: true,
    getUserCode: () => `
      fn main(index : i32) {
        if (index < uniforms.size) {
          ${body}
        }
      }`,
  };
}

/** Adam's running moment: β·m + (1 − β)·g, or with g² for the second moment. */
export function adamMomentProgram(shape: number[], beta: number, squared: boolean): ShaderProgram {
  const g = squared ? 'gradient[index] * gradient[index]' : 'gradient[index]';
  return elementwise(
    `bcosAdamMoment_${beta}_${squared}`,
    ['moment', 'gradient'],
    shape,
    `setOutputAtIndex(index, moment[index] * ${f32Literal(beta)} + (${g}) * ${f32Literal(1 - beta)});`,
  );
}

/** p − (m / (√v / scalars[1] + ε)) · scalars[0], scalars = [lr / (1 − β₁ᵗ), √(1 − β₂ᵗ), …]. */
export function adamParamProgram(shape: number[], epsilon: number): ShaderProgram {
  return elementwise(
    `bcosAdamParam_${epsilon}`,
    ['param', 'moment', 'velocity', 'scalars'],
    shape,
    `let denominator = sqrt(velocity[index]) / scalars[1] + ${f32Literal(epsilon)};
          setOutputAtIndex(index, param[index] - (moment[index] / denominator) * scalars[0]);`,
  );
}
