/** Inputs one dispatch reads: with the output, the 8 storage buffers every WebGPU device allows. */
export const SUM_INPUTS = 7;
export const SUM_THREADS = 256;

/**
 * Σ of every element of `inputs` tensors (bindings 1…inputs) into `workgroups` partial sums
 * (binding 0): each thread strides over all of them, then a tree sum in workgroup memory.
 */
export function sumAllShader(inputs: number, workgroups: number): string {
  const declarations = Array.from(
    { length: inputs },
    (_, i) => `@group(0) @binding(${i + 1}) var<storage, read> input${i} : array<f32>;`,
  ).join('\n');
  const loops = Array.from(
    { length: inputs },
    (_, i) => `  for (var j = thread; j < arrayLength(&input${i}); j += STRIDE) { sum += input${i}[j]; }`,
  ).join('\n');
  return `
@group(0) @binding(0) var<storage, read_write> partials : array<f32>;
${declarations}
const STRIDE = ${workgroups * SUM_THREADS}u;
var<workgroup> lanes : array<f32, ${SUM_THREADS}>;

@compute @workgroup_size(${SUM_THREADS})
fn main(@builtin(local_invocation_index) local : u32, @builtin(workgroup_id) group : vec3<u32>) {
  let thread = group.x * ${SUM_THREADS}u + local;
  var sum = 0.0;
${loops}
  lanes[local] = sum;
  workgroupBarrier();
  for (var width = ${SUM_THREADS / 2}u; width > 0u; width = width / 2u) {
    if (local < width) {
      lanes[local] = lanes[local] + lanes[local + width];
    }
    workgroupBarrier();
  }
  if (local == 0u) {
    partials[group.x] = lanes[0];
  }
}`;
}
