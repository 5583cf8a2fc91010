import type { FactoryFunctionMap, Matrix } from 'mathjs';
import {
  addDependencies, create, dotDivideDependencies, dotMultiplyDependencies, flattenDependencies, mapDependencies, matrixDependencies,
  multiplyDependencies, reshapeDependencies, signDependencies, subtractDependencies, sumDependencies, transposeDependencies, zerosDependencies,
} from '../../mathjsFactories.js';
import type { Activation } from '../activations.js';
import type { Engine, Tensor } from '../Engine.js';

/** A tensor of the mathjs engine: a mathjs matrix that kernels replace as they compute. */
class MathjsTensor implements Tensor {
  constructor(readonly rows: number, readonly cols: number, public m: Matrix) {}
}

/**
 * The reference engine: every kernel is a plain mathjs expression (`multiply`, `transpose`, `map`,
 * `sum`, …) on its own mathjs instance. Slow and obviously right; the fast engines must agree with it.
 *
 * @example
 * const engine = mathjsEngine();
 * const net = Network.create({ layers: [2, 3, 1], activations: 'sigmoid' }, { engine, random: seededRandom(1) });
 */
export function mathjsEngine(): Engine {
  const math = create(
    {
      addDependencies, dotDivideDependencies, dotMultiplyDependencies, flattenDependencies, mapDependencies, matrixDependencies, multiplyDependencies,
      reshapeDependencies, signDependencies, subtractDependencies, sumDependencies, transposeDependencies, zerosDependencies,
    } as FactoryFunctionMap, // each `…Dependencies` is typed `| undefined`
    { matrix: 'Matrix', number: 'number' },
  );
  const t = (x: Tensor): MathjsTensor => x as MathjsTensor;
  const shaped = (r: Matrix | number, rows: number, cols: number): Matrix =>
    typeof r === 'number' ? math.matrix([[r]]) : math.reshape(r, [rows, cols]);

  return {
    name: 'mathjs',
    precision: 'f64',
    zeros: (rows, cols) => new MathjsTensor(rows, cols, math.zeros(rows, cols) as Matrix),
    write(x, data) {
      t(x).m = math.reshape(math.matrix(Array.from(data)), [x.rows, x.cols]);
    },
    read(x, out = new Float64Array(x.rows * x.cols)) {
      out.set(math.flatten(t(x).m).toArray() as number[]);
      return out;
    },
    matMul(a, b, out, transA, transB, alpha) {
      const A = transA ? math.transpose(t(a).m) : t(a).m;
      const B = transB ? math.transpose(t(b).m) : t(b).m;
      const product = math.multiply(A, B) as Matrix | number;
      const scaled = alpha === 1 ? product : (math.multiply(product, alpha) as Matrix | number);
      t(out).m = shaped(scaled, out.rows, out.cols);
    },
    biasActivation(z, bias, act: Activation, y, df) {
      // The bias row broadcasts over the batch rows.
      const zb = math.add(t(z).m, t(bias).m) as Matrix;
      const yM = math.map(zb, (v: number) => act.f(v)) as Matrix;
      t(y).m = yM;
      t(df).m = math.map(zb, (v: number, index: number[]) => act.df(v, yM.get(index) as number)) as Matrix;
    },
    sub(a, b, out) {
      t(out).m = math.subtract(t(a).m, t(b).m) as Matrix;
    },
    mul(a, b, out) {
      t(out).m = math.dotMultiply(t(a).m, t(b).m) as Matrix;
    },
    sumSquares: (a) => math.sum(math.dotMultiply(t(a).m, t(a).m)) as number,
    sumColumns(a, out, alpha) {
      const sums = math.sum(t(a).m, 0) as unknown as Matrix;
      t(out).m = shaped(math.multiply(sums, alpha) as Matrix, 1, out.cols);
    },
    axpy(alpha, x, y) {
      t(y).m = math.add(t(y).m, math.multiply(t(x).m, alpha)) as Matrix;
    },
    // The optimizers' kernels, each the formula of its definition in Engine.ts.
    axpby(alpha, x, beta, y) {
      t(y).m = math.add(math.multiply(t(x).m, alpha), math.multiply(t(y).m, beta)) as Matrix;
    },
    addSquares(alpha, g, beta, s) {
      t(s).m = math.add(math.multiply(t(s).m, beta), math.multiply(math.dotMultiply(t(g).m, t(g).m), alpha)) as Matrix;
    },
    adaptiveStep(lr, m, s, sScale, eps, p) {
      // mathjs's sqrt takes scalars only (it has sqrtm for matrices): applied elementwise.
      const root = math.map(math.multiply(t(s).m, sScale) as Matrix, (v: number) => Math.sqrt(v));
      const denominator = math.add(root, eps) as Matrix;
      t(p).m = math.subtract(t(p).m, math.dotDivide(math.multiply(t(m).m, lr), denominator)) as Matrix;
    },
    regularize(l1, l2, w, g) {
      t(g).m = math.add(t(g).m, math.add(math.multiply(t(w).m, l2), math.multiply(math.sign(t(w).m), l1))) as Matrix;
    },
  };
}
