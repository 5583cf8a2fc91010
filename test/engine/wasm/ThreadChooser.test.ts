import { describe, expect, it } from 'vitest';
import { ThreadChooser } from '../../../src/engine/wasm/ThreadChooser.js';

/** Runs `steps` steps through the chooser, timing each as `ms(threaded)`; returns the choices. */
const drive = (chooser: ThreadChooser, steps: number, ms: (threaded: boolean) => number): boolean[] =>
  Array.from({ length: steps }, () => {
    const threaded = chooser.threaded();
    chooser.record(threaded, ms(threaded));
    return threaded;
  });

const share = (choices: boolean[]): number => choices.filter(Boolean).length / choices.length;

describe('ThreadChooser', () => {
  const every = ThreadChooser.probeEvery;

  it('runs threads while they are faster, probing one thread every so often', () => {
    const choices = drive(new ThreadChooser(), 10 * every, (threaded) => (threaded ? 0.3 : 0.6));
    expect(choices.slice(0, every - 1).every(Boolean)).toBe(true);
    expect(choices.filter((t) => !t)).toHaveLength(10);
  });

  it('stays on threads through a single slow step (an interrupted one)', () => {
    const chooser = new ThreadChooser();
    let step = 0;
    const choices = drive(chooser, 10 * every, (threaded) => (threaded ? (++step === 3 * every ? 20 : 0.3) : 0.6));
    expect(choices.filter((t) => !t)).toHaveLength(10);
  });

  it('moves to one thread when threads get slower (a crowded machine), and back when they recover', () => {
    const chooser = new ThreadChooser();
    drive(chooser, 2 * every, (threaded) => (threaded ? 0.3 : 0.6));
    // Threads now wait for descheduled partners: 1.2 ms against 0.6 on one thread.
    const crowded = drive(chooser, 10 * every, (threaded) => (threaded ? 1.2 : 0.6));
    expect(share(crowded.slice(-5 * every))).toBeLessThan(0.1);
    // Quiet again. A threaded step after a single-threaded one first wakes the sleeping workers
    // (2 ms): that step (of each probe of threads, and after each probe of one thread) must not
    // count against threads.
    let previous = false;
    const quiet = drive(chooser, 20 * every, (threaded) => {
      const ms = threaded ? (previous ? 0.3 : 2) : 0.6;
      previous = threaded;
      return ms;
    });
    expect(share(quiet.slice(-5 * every))).toBeGreaterThan(0.9);
  });
});
