import { afterAll, describe, expect, it } from 'vitest';
import { spawnHeapWorkerThread } from '../../backends/heap-worker-threads';
import { adamStepLoop } from './adam-step-loop';
import { batchNormLoop } from './batch-norm-loop';
import { blockColumnSumsLoop } from './block-column-sums-loop';
import { channelAffineLoop } from './channel-affine-loop';
import { channelSumsLoop } from './channel-sums-loop';
import { columnSumsLoop } from './column-sums-loop';
import { fillPatchesLoop } from './fill-patches-loop';
import { HeapParallelFor, heapParallelFor } from './parallel-for';
import { rowSumsLoop } from './row-sums-loop';
import { scatterPatchesLoop } from './scatter-patches-loop';

/**
 * A shared heap holding x (10 images of 6×6 pixels × 4 channels), a zero pixel, and room for the
 * patches of a 2×2 conv (stride 1, padding 1 above and left: 360 output pixels), with the im2col a
 * plain loop gives.
 */
function heapWithPatchProblem() {
  const memory = new WebAssembly.Memory({ initial: 2, maximum: 4, shared: true });
  const [images, size, inC, kernel] = [10, 6, 4, 2];
  const pixels = images * size * size;
  const taps = kernel * kernel;
  const x = new Float32Array(memory.buffer, 0, pixels * inC);
  x.set(Array.from({ length: x.length }, (_, i) => i + 1));
  const zeroOffset = x.byteLength;
  const patchesOffset = zeroOffset + 4 * inC;
  // [x, zero, patchesT, pixels, taps, inC, first, outH, outW, inH, inW, strides, pads, dilations, filterW]
  const args = [
    0,
    zeroOffset,
    patchesOffset,
    pixels,
    taps,
    inC,
    0,
    size,
    size,
    size,
    size,
    1,
    1,
    1,
    1,
    1,
    1,
    kernel,
  ];
  const patches = () => new Float32Array(memory.buffer, patchesOffset, taps * inC * pixels);
  const expected = new Float32Array(taps * inC * pixels);
  for (let m = 0; m < pixels; m++) {
    const [image, oh, ow] = [Math.floor(m / (size * size)), Math.floor(m / size) % size, m % size];
    for (let t = 0; t < taps; t++) {
      const [ih, iw] = [oh - 1 + Math.floor(t / kernel), ow - 1 + (t % kernel)];
      const inside = ih >= 0 && iw >= 0;
      for (let ci = 0; ci < inC; ci++)
        expected[(t * inC + ci) * pixels + m] = inside ? x[((image * size + ih) * size + iw) * inC + ci]! : 0;
    }
  }
  return { memory, args, pixels, patches, expected };
}

describe('HeapParallelFor', () => {
  const problem = heapWithPatchProblem();
  const pool = new HeapParallelFor(problem.memory, 3, spawnHeapWorkerThread);
  afterAll(() => pool.dispose());

  it('fills the patches of a padded conv over three threads as one loop and a plain im2col do', () => {
    new Float32Array(problem.memory.buffer, problem.args[1]!, 4).fill(0);
    fillPatchesLoop(problem.memory.buffer, problem.args, 0, problem.pixels);
    expect(problem.patches()).toEqual(problem.expected);
    problem.patches().fill(-1);
    pool.run('fillPatches', problem.memory.buffer, problem.args, problem.pixels, 64);
    expect(problem.patches()).toEqual(problem.expected);
  });

  it('stops with the error of a failing part, after every part has ended, and stays usable', () => {
    const outside = [...problem.args];
    outside[2] = problem.memory.buffer.byteLength - 4 * 64;
    expect(() => pool.run('fillPatches', problem.memory.buffer, outside, problem.pixels, 64)).toThrow(
      RangeError,
    );
    problem.patches().fill(-1);
    pool.run('fillPatches', problem.memory.buffer, problem.args, problem.pixels, 64);
    expect(problem.patches().includes(-1)).toBe(false);
  });

  it('sums columns over three threads bitwise as one loop does', () => {
    const rows = 501;
    const width = 24;
    const x = new Float32Array(problem.memory.buffer, 0, rows * width);
    x.set(Array.from({ length: rows * width }, (_, i) => Math.sin(i) * 1e3));
    const outOffset = x.byteLength;
    const out = () => new Float32Array(problem.memory.buffer, outOffset, width);
    const args = [0, rows, width, outOffset, 1 / rows];
    columnSumsLoop(problem.memory.buffer, args, 0, width);
    const expected = out().slice();
    out().fill(0);
    pool.run('columnSums', problem.memory.buffer, args, width, 8);
    expect(out()).toEqual(expected);
  });

  it('adds patches back onto their images over three threads bitwise as one loop and a plain col2im do', () => {
    // A 3×3 conv with stride 2 and padding 1 over 5 images of 5×5 pixels × 2 channels: 3×3 outputs.
    const [images, size, inC, kernel, outSize] = [5, 5, 2, 3, 3];
    const rows = kernel * kernel * inC;
    const pixelsPerImage = outSize * outSize;
    const buffer = problem.memory.buffer;
    const dPatches = new Float32Array(buffer, 0, images * pixelsPerImage * rows);
    dPatches.set(Array.from({ length: dPatches.length }, (_, i) => Math.cos(i) * 1e-3 + 1));
    const imageSize = size * size * inC;
    const dx = () => new Float32Array(buffer, dPatches.byteLength, images * imageSize);
    const args = [0, dPatches.byteLength, kernel * kernel, inC, 0, outSize, outSize, size, size];
    args.push(2, 2, 1, 1, 1, 1, kernel);
    const expected = new Float32Array(images * imageSize);
    for (let m = 0; m < images * pixelsPerImage; m++) {
      const [image, oh, ow] = [
        Math.floor(m / pixelsPerImage),
        Math.floor(m / outSize) % outSize,
        m % outSize,
      ];
      for (let t = 0; t < kernel * kernel; t++) {
        const [ih, iw] = [2 * oh - 1 + Math.floor(t / kernel), 2 * ow - 1 + (t % kernel)];
        if (ih < 0 || iw < 0 || ih >= size || iw >= size) continue;
        for (let ci = 0; ci < inC; ci++)
          expected[image * imageSize + (ih * size + iw) * inC + ci]! += dPatches[m * rows + t * inC + ci]!;
      }
    }
    dx().fill(-1);
    scatterPatchesLoop(buffer, args, 0, images);
    expect(dx()).toEqual(expected);
    dx().fill(-1);
    pool.run('scatterPatches', buffer, args, images, 1);
    expect(dx()).toEqual(expected);
  });

  it('updates Adam parameters and moments over three threads bitwise as one loop does', () => {
    const n = 1000;
    const buffer = problem.memory.buffer;
    const inputs = new Float32Array(buffer, 0, 4 * n + 2);
    inputs.set(
      Array.from({ length: 4 * n }, (_, i) => (i >= 3 * n ? Math.abs(Math.sin(i)) * 1e-3 : Math.sin(i))),
    );
    inputs.set([1e-3 / 0.1, Math.sqrt(0.001)], 4 * n);
    const outAt = inputs.byteLength;
    const out = () => new Float32Array(buffer, outAt, 3 * n);
    const args = [0, 4 * n, 8 * n, 12 * n, 16 * n, outAt, outAt + 4 * n, outAt + 8 * n];
    args.push(...[0.9, 0.1, 0.999, 0.001, 1e-8].map(Math.fround));
    adamStepLoop(buffer, args, 0, n);
    const expected = out().slice();
    expect(expected.every(Number.isFinite)).toBe(true);
    out().fill(0);
    pool.run('adamStep', buffer, args, n, 64);
    expect(out()).toEqual(expected);
  });

  it('normalises rows over three threads bitwise as one loop does, rounding as the stock C loop', () => {
    const rows = 300;
    const channels = 5;
    const buffer = problem.memory.buffer;
    const x = new Float32Array(buffer, 0, rows * channels);
    x.set(Array.from({ length: x.length }, (_, i) => Math.sin(i) * 3));
    const table = new Float32Array(buffer, x.byteLength, 4 * channels);
    table.set(Array.from({ length: table.length }, (_, i) => 0.5 + Math.cos(i) ** 2));
    const outAt = x.byteLength + table.byteLength;
    const out = () => new Float32Array(buffer, outAt, x.length);
    const args = [0, outAt, channels, x.byteLength];
    batchNormLoop(buffer, args, 0, rows);
    const expected = out().slice();
    // The C loop: (x − mean)·scale in float32, then ÷ factor and + offset in float64.
    const f = Math.fround;
    const c = (i: number) => 4 * (i % channels);
    const cLoop = x.map(
      (v, i) => table[c(i) + 3]! + f(f(v - table[c(i)]!) * table[c(i) + 1]!) / table[c(i) + 2]!,
    );
    expect(expected).toEqual(cLoop);
    out().fill(0);
    pool.run('batchNorm', buffer, args, rows, 16);
    expect(out()).toEqual(expected);
  });

  it('sums blocks of rows over three threads bitwise as one loop does', () => {
    const rows = 1001;
    const width = 6;
    const blockRows = 64;
    const blocks = Math.ceil(rows / blockRows);
    const buffer = problem.memory.buffer;
    const x = new Float32Array(buffer, 0, rows * width);
    x.set(Array.from({ length: x.length }, (_, i) => Math.sin(i) * 1e3));
    const partialsAt = x.byteLength + (x.byteLength % 8);
    const partials = () => new Float64Array(buffer, partialsAt, blocks * width);
    const args = [0, rows, width, partialsAt, blockRows];
    blockColumnSumsLoop(buffer, args, 0, blocks);
    const expected = partials().slice();
    const last = expected.subarray((blocks - 1) * width);
    let firstColumn = 0;
    for (let r = (blocks - 1) * blockRows; r < rows; r++) firstColumn += x[r * width]!;
    expect(last[0]).toBeCloseTo(firstColumn, 6);
    partials().fill(-1);
    pool.run('blockColumnSums', buffer, args, blocks, 2);
    expect(partials()).toEqual(expected);
  });

  it('sums rows over three threads bitwise as one loop does', () => {
    const rows = 777;
    const width = 9;
    const buffer = problem.memory.buffer;
    const x = new Float32Array(buffer, 0, rows * width);
    x.set(Array.from({ length: x.length }, (_, i) => Math.cos(i) * 1e2));
    const out = () => new Float32Array(buffer, x.byteLength, rows);
    const args = [0, width, x.byteLength, 0.5];
    rowSumsLoop(buffer, args, 0, rows);
    const expected = out().slice();
    expect(expected[3]).toBeCloseTo(0.5 * x.subarray(27, 36).reduce((a, b) => a + b, 0), 4);
    out().fill(0);
    pool.run('rowSums', buffer, args, rows, 10);
    expect(out()).toEqual(expected);
  });

  it('runs a loop on the workers beside other work on this thread, bitwise as one loop', () => {
    const rows = 501;
    const buffer = problem.memory.buffer;
    const x = new Float32Array(buffer, 0, rows * 3);
    x.set(Array.from({ length: x.length }, (_, i) => Math.sin(i)));
    const out = () => new Float32Array(buffer, x.byteLength, rows);
    const args = [0, 3, x.byteLength, 1];
    rowSumsLoop(buffer, args, 0, rows);
    const expected = out().slice();
    out().fill(0);
    let besideRan = false;
    pool.runBeside('rowSums', args, 200, rows, () => {
      rowSumsLoop(buffer, args, 0, 200);
      besideRan = true;
    });
    expect(besideRan).toBe(true);
    expect(out()).toEqual(expected);
  });

  it('sums shifted channel moments by row blocks over three threads bitwise as one loop does', () => {
    const [rows, channels, blockRows] = [700, 3, 64];
    const buffer = problem.memory.buffer;
    const x = new Float32Array(buffer, 0, rows * channels);
    x.set(Array.from({ length: x.length }, (_, i) => Math.sin(i) * 3 + 100));
    const w = new Float32Array(buffer, x.byteLength, x.length);
    w.set(Array.from({ length: w.length }, (_, i) => Math.cos(i)));
    const tableAt = 2 * x.byteLength;
    const table = new Float64Array(buffer, tableAt, 2 * channels);
    table.set([0, 100, 0, 101, 0, 99]);
    const partialsAt = tableAt + table.byteLength;
    const blocks = Math.ceil(rows / blockRows);
    const partials = () => new Float64Array(buffer, partialsAt, 2 * blocks * channels);
    const args = [0, x.byteLength, rows, channels, partialsAt, blockRows, tableAt];
    channelSumsLoop(buffer, args, 0, blocks);
    const expected = partials().slice();
    // Block 1, channel 2: Σ w and Σ w·(x − 99) over its rows.
    let [first, second] = [0, 0];
    for (let r = blockRows; r < 2 * blockRows; r++) {
      first += w[r * channels + 2]!;
      second += w[r * channels + 2]! * (x[r * channels + 2]! - 99);
    }
    expect(expected[2 * channels + 2]).toBeCloseTo(first, 10);
    expect(expected[3 * channels + 2]).toBeCloseTo(second, 10);
    partials().fill(0);
    pool.run('channelSums', buffer, args, blocks, 2);
    expect(partials()).toEqual(expected);
  });

  it('applies per-channel u·a + v·b + d over three threads bitwise as one loop does', () => {
    const [rows, channels] = [500, 3];
    const buffer = problem.memory.buffer;
    const u = new Float32Array(buffer, 0, rows * channels);
    u.set(Array.from({ length: u.length }, (_, i) => Math.sin(i)));
    const v = new Float32Array(buffer, u.byteLength, u.length);
    v.set(Array.from({ length: v.length }, (_, i) => Math.cos(i) * 2));
    const tableAt = 2 * u.byteLength;
    const table = new Float64Array(buffer, tableAt, 3 * channels);
    table.set([1.5, -2, 0.25, 0.5, 0, 1, -1, 3, -0.5]);
    const outAt = tableAt + table.byteLength;
    const out = () => new Float32Array(buffer, outAt, u.length);
    const args = [0, u.byteLength, outAt, channels, tableAt];
    channelAffineLoop(buffer, args, 0, rows);
    const expected = out().slice();
    const k = (i: number) => 3 * (i % channels);
    expect(expected).toEqual(
      u.map((value, i) => value * table[k(i)]! + v[i]! * table[k(i) + 1]! + table[k(i) + 2]!),
    );
    out().fill(0);
    pool.run('channelAffine', buffer, args, rows, 64);
    expect(out()).toEqual(expected);
  });
});

describe('heapParallelFor in a page that is not cross-origin isolated', () => {
  it('runs the loops on one thread without SharedArrayBuffer', () => {
    const scope = globalThis as { SharedArrayBuffer?: SharedArrayBufferConstructor };
    const shared = scope.SharedArrayBuffer;
    delete scope.SharedArrayBuffer;
    try {
      const memory = new WebAssembly.Memory({ initial: 1 });
      const pool = heapParallelFor({ wasm: { wasmMemory: memory, tfjs: { getThreadsCount: () => 4 } } });
      expect(pool.threads).toBe(1);
      const x = new Float32Array(memory.buffer, 0, 6);
      x.set([1, 2, 3, 4, 5, 6]);
      pool.run('columnSums', memory.buffer, [0, 2, 3, 24, 1], 3, 1);
      expect([...new Float32Array(memory.buffer, 24, 3)]).toEqual([5, 7, 9]);
    } finally {
      scope.SharedArrayBuffer = shared;
    }
  });
});
