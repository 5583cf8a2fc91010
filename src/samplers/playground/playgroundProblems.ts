import type { Random } from '../../random/Random.js';

/**
 * Names of the TensorFlow Playground's six problems.
 *
 * @example
 * const problem: PlaygroundProblemName = 'multi-gauss';
 */
export type PlaygroundProblemName = 'circle' | 'xor' | 'gauss' | 'spiral' | 'plane' | 'multi-gauss';

/**
 * Points of a problem in generation order: `x` holds (x, y) pairs row-major, `label` one value per point.
 *
 * @example
 * const { x, label }: PlaygroundPoints = playgroundProblems.xor.generate(seededRandom(1), 4, 0);
 */
export interface PlaygroundPoints {
  readonly x: Float64Array;
  readonly label: Float64Array;
}

/**
 * One Playground problem: classification (labels ±1) or regression (labels in about [−1, 1]),
 * how many points the Playground draws for it, and its generator.
 *
 * @example
 * const { x, label } = playgroundProblems.spiral.generate(seededRandom(1), 500, 0.1);
 */
export interface PlaygroundProblem {
  readonly name: PlaygroundProblemName;
  readonly kind: 'classification' | 'regression';
  /** The Playground's count: 500 points for classification, 1200 for regression. */
  readonly samples: number;
  /** Two-class problems draw half their points per class, so they need an even count. */
  readonly perClass: boolean;
  /** `noise` is the Playground's slider value / 100 (0 … 0.5 there). */
  generate(random: Random, samples: number, noise: number): PlaygroundPoints;
}

/**
 * The Playground's six data sets (`tensorflow/playground`, `src/dataset.ts`), transcribed draw
 * for draw — same formulas, same order of random draws per point — with rxprop's seeded
 * generator in place of the Playground's seeded `Math.random`. Inputs are raw coordinates in
 * about [−6, 6]², the Playground's plot domain. One deliberate difference: the Gaussian sampler
 * also rejects the polar method's s = 0 draw (log 0), which the Playground keeps.
 *
 * @example
 * Object.keys(playgroundProblems); // ['circle', 'xor', 'gauss', 'spiral', 'plane', 'multi-gauss']
 */
export const playgroundProblems: Readonly<Record<PlaygroundProblemName, PlaygroundProblem>> = {
  circle: { name: 'circle', kind: 'classification', samples: 500, perClass: true, generate: circle },
  xor: { name: 'xor', kind: 'classification', samples: 500, perClass: false, generate: xor },
  gauss: { name: 'gauss', kind: 'classification', samples: 500, perClass: true, generate: gauss },
  spiral: { name: 'spiral', kind: 'classification', samples: 500, perClass: true, generate: spiral },
  plane: { name: 'plane', kind: 'regression', samples: 1200, perClass: false, generate: plane },
  'multi-gauss': { name: 'multi-gauss', kind: 'regression', samples: 1200, perClass: false, generate: multiGauss },
};

/** Points inside radius 2.5 labelled +1, a ring from 3.5 to 5 labelled −1; noise moves where the label is read. */
function circle(random: Random, samples: number, noise: number): PlaygroundPoints {
  const out = points(samples);
  const radius = 5;
  const label = (x: number, y: number) => (dist(x, y, 0, 0) < radius * 0.5 ? 1 : -1);
  const disc = (rlo: number, rhi: number, start: number) => {
    for (let i = start; i < start + samples / 2; i++) {
      const r = uniform(random, rlo, rhi);
      const angle = uniform(random, 0, 2 * Math.PI);
      const x = r * Math.sin(angle);
      const y = r * Math.cos(angle);
      const noiseX = uniform(random, -radius, radius) * noise;
      const noiseY = uniform(random, -radius, radius) * noise;
      out.set(i, x, y, label(x + noiseX, y + noiseY));
    }
  };
  disc(0, radius * 0.5, 0);
  disc(radius * 0.7, radius, samples / 2);
  return out.done();
}

/** Uniform in [−5, 5]² pushed 0.3 away from the axes; the label is the sign of x·y at the noisy point. */
function xor(random: Random, samples: number, noise: number): PlaygroundPoints {
  const out = points(samples);
  const padding = 0.3;
  for (let i = 0; i < samples; i++) {
    let x = uniform(random, -5, 5);
    x += x > 0 ? padding : -padding;
    let y = uniform(random, -5, 5);
    y += y > 0 ? padding : -padding;
    const noiseX = uniform(random, -5, 5) * noise;
    const noiseY = uniform(random, -5, 5) * noise;
    out.set(i, x, y, (x + noiseX) * (y + noiseY) >= 0 ? 1 : -1);
  }
  return out.done();
}

/** Two Gaussians at (2, 2) (+1) and (−2, −2) (−1), variance 0.5 + 7·noise per coordinate. */
function gauss(random: Random, samples: number, noise: number): PlaygroundPoints {
  const out = points(samples);
  // d3.scale.linear().domain([0, .5]).range([0.5, 4]), unclamped.
  const sd = Math.sqrt(0.5 + 7 * noise);
  const blob = (cx: number, cy: number, label: number, start: number) => {
    for (let i = start; i < start + samples / 2; i++) {
      const x = cx + sd * normal(random);
      const y = cy + sd * normal(random);
      out.set(i, x, y, label);
    }
  };
  blob(2, 2, 1, 0);
  blob(-2, -2, -1, samples / 2);
  return out.done();
}

/** Two interleaved spiral arms of 1.75 turns out to radius 5; noise adds U[−1, 1]·noise to each coordinate. */
function spiral(random: Random, samples: number, noise: number): PlaygroundPoints {
  const out = points(samples);
  const n = samples / 2;
  const arm = (deltaT: number, label: number, start: number) => {
    for (let i = 0; i < n; i++) {
      const r = (i / n) * 5;
      const t = ((1.75 * i) / n) * 2 * Math.PI + deltaT;
      const x = r * Math.sin(t) + uniform(random, -1, 1) * noise;
      const y = r * Math.cos(t) + uniform(random, -1, 1) * noise;
      out.set(start + i, x, y, label);
    }
  };
  arm(0, 1, 0);
  arm(Math.PI, -1, n);
  return out.done();
}

/** Uniform in [−6, 6]²; label (x + y)/10 read at the noisy point. */
function plane(random: Random, samples: number, noise: number): PlaygroundPoints {
  return regression(random, samples, noise, (x, y) => (x + y) / 10);
}

/** Six signed bumps max(0, 1 − d/2) on a 3×2 lattice; the label is the one largest in absolute value. */
function multiGauss(random: Random, samples: number, noise: number): PlaygroundPoints {
  const centres = [
    [-4, 2.5, 1],
    [0, 2.5, -1],
    [4, 2.5, 1],
    [-4, -2.5, -1],
    [0, -2.5, 1],
    [4, -2.5, -1],
  ] as const;
  return regression(random, samples, noise, (x, y) => {
    let label = 0;
    for (const [cx, cy, sign] of centres) {
      // d3.scale.linear().domain([0, 2]).range([1, 0]).clamp(true)
      const bump = sign * Math.min(1, Math.max(0, 1 - dist(x, y, cx, cy) / 2));
      if (Math.abs(bump) > Math.abs(label)) label = bump;
    }
    return label;
  });
}

/** The two regression problems' shared sampling: uniform points, the label read at a noisy copy. */
function regression(random: Random, samples: number, noise: number, label: (x: number, y: number) => number): PlaygroundPoints {
  const out = points(samples);
  const radius = 6;
  for (let i = 0; i < samples; i++) {
    const x = uniform(random, -radius, radius);
    const y = uniform(random, -radius, radius);
    const noiseX = uniform(random, -radius, radius) * noise;
    const noiseY = uniform(random, -radius, radius) * noise;
    out.set(i, x, y, label(x + noiseX, y + noiseY));
  }
  return out.done();
}

/** The Playground's dist: sqrt of the sum of squares (not Math.hypot, which may round differently). */
function dist(x: number, y: number, cx: number, cy: number): number {
  const dx = x - cx;
  const dy = y - cy;
  return Math.sqrt(dx * dx + dy * dy);
}

/** The Playground's randUniform(a, b). */
function uniform(random: Random, a: number, b: number): number {
  return random.next() * (b - a) + a;
}

/** A standard normal draw by Marsaglia's polar method (the Playground's normalRandom). */
function normal(random: Random): number {
  let v1: number;
  let s: number;
  do {
    v1 = 2 * random.next() - 1;
    const v2 = 2 * random.next() - 1;
    s = v1 * v1 + v2 * v2;
  } while (s > 1 || s === 0);
  return Math.sqrt((-2 * Math.log(s)) / s) * v1;
}

function points(samples: number): { set(i: number, x: number, y: number, label: number): void; done(): PlaygroundPoints } {
  const x = new Float64Array(2 * samples);
  const label = new Float64Array(samples);
  return {
    set(i, px, py, l) {
      x[2 * i] = px;
      x[2 * i + 1] = py;
      label[i] = l;
    },
    done: () => ({ x, label }),
  };
}
