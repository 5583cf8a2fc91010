import { Network, createEngine, fromFunction, seededRandom, trainingRun } from 'rxprop';

const engine = await createEngine(); // WebAssembly SIMD; createEngine('mathjs') is the reference
const run = trainingRun(
  fromFunction({ target: 'exp(-5*(x^2+y^2))*abs(x+y)', box: [[-0.5, 0.5], [-0.5, 0.5]], batchSize: 100, seed: 1 }),
  () => Network.create({ layers: [2, 100, 1], activations: 'relu', init: { weights: { type: 'uniform', scale: 0.1 }, biases: { type: 'zeros' } } }, { engine, random: seededRandom(1) }),
  { eta: 0.001, steps: 2000, snapshots: { everySteps: 500 } }, // 40×40 grid on the sampler's box
);
run.steps$.subscribe(({ step, cost }) => step % 500 === 0 && console.log(`step ${step}: cost ${cost.toFixed(5)}`));
run.snapshots$.subscribe((s) => console.log(`snapshot at step ${s.step}: prediction ${s.prediction.size().join('×')}, max ${Math.max(...(s.prediction.toArray().flat() as number[])).toFixed(3)}`));
run.connect();
