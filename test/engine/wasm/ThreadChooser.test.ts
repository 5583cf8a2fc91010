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
  const rarely = ThreadChooser.singleProbeEvery;
  /** The single-thread steps' indices. */
  const singles = (choices: boolean[]): number[] => choices.flatMap((t, i) => (t ? [] : [i + 1]));

  it('runs threads while they are faster, probing one thread first soon, then rarely', () => {
    const choices = drive(new ThreadChooser(), 4 * rarely, (threaded) => (threaded ? 0.3 : 0.6));
    expect(singles(choices)).toEqual([every, rarely, 2 * rarely, 3 * rarely, 4 * rarely]);
  });

  it('stays on threads through a single slow step (an interrupted one)', () => {
    const chooser = new ThreadChooser();
    let step = 0;
    const choices = drive(chooser, 2 * rarely, (threaded) => (threaded ? (++step === 3 * every ? 20 : 0.3) : 0.6));
    expect(singles(choices)).toEqual([every, rarely, 2 * rarely]);
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
