import type { Conv2DInfo } from '../shared/conv-geometry';
import type { ShaderProgram } from './shader-program';
import { depthPerSplit, type GemmTile } from './split-k';

/**
 * Output tile of a 16×16 workgroup (4×4 outputs per thread) and the reduction step per barrier.
 * rows = columns: the staging loop fills both tiles with one index.
 */
export const TILE: GemmTile = { rows: 64, columns: 64, depth: 16 };
const THREADS = 16;
const PER_THREAD = 4;

/**
 * WGSL for the filter gradient as a GEMM: rows m = (kh, kw, ci) of the filter, columns n = co,
 * reduction k = (b, oy, ox). A tile of x patches [depth × rows] and of dy [depth × columns] is staged
 * in workgroup memory per step; consecutive threads read consecutive channels (coalesced in NHWC).
 * Workgroup z handles one slice of k and writes its partial product at [z, m, n].
 */
export function filterGradientShader(info: Conv2DInfo, splits: number, outputShape: number[]): ShaderProgram {
  const rows = info.filterHeight * info.filterWidth * info.inChannels;
  const columns = info.outChannels;
  const depth = info.batchSize * info.outHeight * info.outWidth;
  const perSplit = depthPerSplit(depth, splits, TILE.depth);
  const geometry = [
    info.inHeight,
    info.inWidth,
    info.inChannels,
    info.outHeight,
    info.outWidth,
    info.outChannels,
    info.filterWidth,
    info.filterHeight,
    info.strideHeight,
    info.strideWidth,
    info.padInfo.top,
    info.padInfo.left,
    info.batchSize,
    perSplit,
  ];
  return {
    variableNames: ['x', 'dy'],
    outputShape,
    shaderKey: `bcosConv2DBackpropFilter_${geometry.join('_')}`,
    dispatchLayout: { x: [0], y: [1], z: [2] },
    dispatch: [Math.ceil(columns / TILE.columns), Math.ceil(rows / TILE.rows), splits],
    workgroupSize: [THREADS, THREADS, 1],
    size: true,
    getUserCode: () => `
      const ROWS = ${rows};
      const COLUMNS = ${columns};
      const DEPTH = ${depth};
      const IN_H = ${info.inHeight};
      const IN_W = ${info.inWidth};
      const IN_C = ${info.inChannels};
      const OUT_PIXELS = ${info.outHeight * info.outWidth};
      const OUT_W = ${info.outWidth};
      const FILTER_W = ${info.filterWidth};
      const STRIDE_H = ${info.strideHeight};
      const STRIDE_W = ${info.strideWidth};
      const PAD_TOP = ${info.padInfo.top};
      const PAD_LEFT = ${info.padInfo.left};
      const PER_SPLIT = ${perSplit};
      const TILE_ROWS = ${TILE.rows};
      const TILE_COLUMNS = ${TILE.columns};
      const TILE_DEPTH = ${TILE.depth};
      const STEPS = ${perSplit / TILE.depth};

      var<workgroup> patches : array<f32, ${TILE.depth * TILE.rows}>;
      var<workgroup> gradients : array<f32, ${TILE.depth * TILE.columns}>;

      // x at filter row m (kh, kw, ci) for output pixel k (b, oy, ox); 0 in the padding.
      fn patchValue(k : i32, m : i32) -> f32 {
        if (k >= DEPTH || m >= ROWS) {
          return 0.0;
        }
        let b = k / OUT_PIXELS;
        let pixel = k - b * OUT_PIXELS;
        let oy = pixel / OUT_W;
        let ox = pixel - oy * OUT_W;
        let tap = m / IN_C;
        let ci = m - tap * IN_C;
        let kh = tap / FILTER_W;
        let kw = tap - kh * FILTER_W;
        let iy = oy * STRIDE_H - PAD_TOP + kh;
        let ix = ox * STRIDE_W - PAD_LEFT + kw;
        if (iy < 0 || iy >= IN_H || ix < 0 || ix >= IN_W) {
          return 0.0;
        }
        return x[((b * IN_H + iy) * IN_W + ix) * IN_C + ci];
      }

      fn gradientValue(k : i32, n : i32) -> f32 {
        if (k >= DEPTH || n >= COLUMNS) {
          return 0.0;
        }
        return dy[k * COLUMNS + n];
      }

      fn main() {
        let tx = i32(localId.x);
        let ty = i32(localId.y);
        let thread = ty * ${THREADS} + tx;
        let column0 = i32(workgroupId.x) * TILE_COLUMNS;
        let row0 = i32(workgroupId.y) * TILE_ROWS;
        let split = i32(workgroupId.z);
        let kBegin = split * PER_SPLIT;
        let kEnd = min(DEPTH, kBegin + PER_SPLIT);

        var acc : array<array<f32, ${PER_THREAD}>, ${PER_THREAD}>;
        // A constant trip count keeps the barriers in uniform control flow.
        for (var step = 0; step < STEPS; step++) {
          let k0 = kBegin + step * TILE_DEPTH;
          // Both tiles are TILE_DEPTH × 64, so one flat index e addresses either.
          for (var i = 0; i < ${(TILE.depth * TILE.rows) / (THREADS * THREADS)}; i++) {
            let e = thread + i * ${THREADS * THREADS};
            let kk = e / TILE_ROWS;
            let col = e - kk * TILE_ROWS;
            let k = select(DEPTH, k0 + kk, k0 + kk < kEnd);
            patches[e] = patchValue(k, row0 + col);
            gradients[e] = gradientValue(k, column0 + col);
          }
          workgroupBarrier();
          for (var kk = 0; kk < TILE_DEPTH; kk++) {
            var a : array<f32, ${PER_THREAD}>;
            var g : array<f32, ${PER_THREAD}>;
            for (var i = 0; i < ${PER_THREAD}; i++) {
              a[i] = patches[kk * TILE_ROWS + ty + i * ${THREADS}];
              g[i] = gradients[kk * TILE_COLUMNS + tx + i * ${THREADS}];
            }
            for (var i = 0; i < ${PER_THREAD}; i++) {
              for (var j = 0; j < ${PER_THREAD}; j++) {
                acc[i][j] = fma(a[i], g[j], acc[i][j]);
              }
            }
          }
          workgroupBarrier();
        }

        for (var i = 0; i < ${PER_THREAD}; i++) {
          let m = row0 + ty + i * ${THREADS};
          for (var j = 0; j < ${PER_THREAD}; j++) {
            let n = column0 + tx + j * ${THREADS};
            let index = (split * ROWS + m) * COLUMNS + n;
            // uniforms.size also keeps the uniforms bound: layout 'auto' drops unused bindings.
            if (m < ROWS && n < COLUMNS && index < uniforms.size) {
              result[index] = acc[i][j];
            }
          }
        }
      }`,
  };
}
