/**
 * One benchmark problem: a network, a batch size and an activation, trained by SGD on the seed's
 * random batches (points uniform in [−0.5, 0.5]^d, target exp(−5(x₀² + x₁²))·|x₀ + x₁| in the
 * first output, zeros in the others), weights uniform in ±0.1, biases 0 — what
 * `seed_numpy.py time` does.
 *
 * @example
 * const seed: BenchConfig = { id: 'seed', label: '[2,100,1]×100 relu (seed net)', layers: [2, 100, 1], batch: 100, activation: 'relu', eta: 0.001 };
 */
export interface BenchConfig {
  readonly id: string;
  readonly label: string;
  readonly layers: readonly number[];
  readonly batch: number;
  readonly activation: 'relu' | 'sigmoid' | 'tanh';
  readonly eta: number;
  /** Also time Adam (lr = eta), engine-only, paired with the SGD engine-only row, and numpy's Adam. */
  readonly adam?: boolean;
}

/** The three sizes, then the seed notebook's sigmoid nets, and the seed net with tanh (the speed issue's goal sets sigmoid and tanh against ReLU). */
export const benchConfigs: readonly BenchConfig[] = [
  { id: 'seed', label: '[2,100,1]×100 relu (seed net)', layers: [2, 100, 1], batch: 100, activation: 'relu', eta: 0.001, adam: true },
  { id: 'deep', label: '[2,100,100,1]×100 relu', layers: [2, 100, 100, 1], batch: 100, activation: 'relu', eta: 0.001 },
  { id: 'mnist', label: '[784,256,10]×256 relu', layers: [784, 256, 10], batch: 256, activation: 'relu', eta: 0.001, adam: true },
  { id: 'seed-sigmoid', label: '[2,20,30,1]×100 sigmoid (seed net 1)', layers: [2, 20, 30, 1], batch: 100, activation: 'sigmoid', eta: 0.001 },
  { id: 'seed-sigmoid-wide', label: '[2,100,1]×100 sigmoid', layers: [2, 100, 1], batch: 100, activation: 'sigmoid', eta: 0.001 },
  { id: 'seed-tanh-wide', label: '[2,100,1]×100 tanh', layers: [2, 100, 1], batch: 100, activation: 'tanh', eta: 0.001 },
];

/** Multiply–adds ×2 of one training step (forward, delta and gradient products). */
export const stepFlops = (c: BenchConfig): number =>
  c.layers.slice(1).reduce((sum, n, j) => sum + 6 * c.batch * c.layers[j]! * n, 0);
