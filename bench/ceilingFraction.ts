import type { BenchConfig } from './benchConfigs.js';

/**
 * The floating-point operations of one training step that a fused multiply-add unit can do, per
 * layer of n_in → n_out units and batch B: the forward product (2·B·n_in·n_out), the weight
 * gradient (2·B·n_in·n_out), the delta sent back to the layer below (2·B·n_in·n_out, not for the
 * first layer: nothing needs the inputs' delta) and the update (2 per weight and bias). Bias adds,
 * activations and their derivatives are left out: they are not multiply-adds, so the FMA ceiling
 * says nothing about them — they are part of the distance to it.
 *
 * @example
 * fmaFlops({ layers: [2, 100, 1], batch: 100 }); // 140_602
 */
export function fmaFlops(config: Pick<BenchConfig, 'layers' | 'batch'>): number {
  const { layers, batch } = config;
  return layers.slice(1).reduce((sum, nOut, j) => {
    const nIn = layers[j]!;
    return sum + (j === 0 ? 4 : 6) * batch * nIn * nOut + 2 * (nIn * nOut + nOut);
  }, 0);
}

/**
 * The fraction of the 128-bit FMA ceiling a row reached: its multiply-adds ({@link fmaFlops}) per
 * second against cores × 2 FMA units × lanes (2 doubles or 4 floats in 128 bits) × 2 FLOP × the
 * measured clock — the most a core can do with wasm's 128-bit SIMD. `cores` is the threads the
 * row ran on; precision and threads are read from the row's detail (`f32`, `2 threads`), f64 and
 * one thread otherwise (numpy's row is f64, tfjs's f32).
 *
 * @example
 * ceilingFraction(fmaFlops(config), 25.5, 'f64, 1 thread, SIMD', 4.4e9); // ≈ 0.16
 */
export function ceilingFraction(flops: number, usPerStep: number, detail: string, clockHz: number, precision?: 'f64' | 'f32'): number {
  const lanes = (precision ?? (/\bf32\b/.test(detail) ? 'f32' : 'f64')) === 'f32' ? 4 : 2;
  const cores = Number(/(\d+) threads?\b/.exec(detail)?.[1] ?? 1);
  const peak = cores * 2 * lanes * 2 * clockHz;
  return flops / (usPerStep * 1e-6) / peak;
}
