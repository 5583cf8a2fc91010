import { asyncScheduler, lastValueFrom, observeOn, range, scheduled, toArray, type SchedulerLike } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { TimeSliceScheduler, isYielding, timeSliceScheduler } from '../../src/scheduler/TimeSliceScheduler.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function busy(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

describe('TimeSliceScheduler', () => {
  it('is an RxJS scheduler: scheduled() and observeOn() keep order and complete', async () => {
    const s = new TimeSliceScheduler();
    expect(await lastValueFrom(scheduled([1, 2, 3], s).pipe(toArray()))).toEqual([1, 2, 3]);
    expect(await lastValueFrom(range(0, 1000).pipe(observeOn(s), toArray()))).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(isYielding(s)).toBe(true);
    expect(isYielding(new TestScheduler(() => undefined))).toBe(false);
  });

  it('runs many short actions in one slice and lets timers in between slices', async () => {
    // Each action takes exactly 1 ms of a clock of its own, so the slices do not depend on how
    // much of the wall clock a loaded machine takes away; the turns between slices are real.
    let clock = 0;
    const host = { now: () => clock, schedule: asyncScheduler.schedule.bind(asyncScheduler) } as SchedulerLike;
    const s = new TimeSliceScheduler({ sliceMs: 15, host });
    const log: string[] = [];
    let n = 0;
    const done = new Promise<void>((resolve) =>
      s.schedule(function () {
        // The timer is set inside the first slice, so it can only run once the slice yields.
        if (n === 0) setTimeout(() => log.push('timer'), 0);
        clock += 1;
        log.push(`a${++n}`);
        if (n < 60) this.schedule();
        else resolve();
      }),
    );
    await done;
    const timerAt = log.indexOf('timer');
    expect(log.filter((x) => x !== 'timer')).toHaveLength(60);
    expect(timerAt).toBe(15); // a slice ran 15 actions of 1 ms back to back, then the timer ran
  });

  it('honours delays and cancels pending and delayed actions on unsubscribe', async () => {
    const s = new TimeSliceScheduler();
    const log: string[] = [];
    s.schedule(() => log.push('late'), 15);
    s.schedule(() => log.push('soon'));
    s.schedule(() => log.push('never'), 5).unsubscribe();
    s.schedule(() => log.push('never either')).unsubscribe();
    await sleep(40);
    expect(log).toEqual(['soon', 'late']);
  });

  it('gives foreign synchronous work one slice: shouldYield turns true after sliceMs and resets next turn', async () => {
    const s = new TimeSliceScheduler({ sliceMs: 3 });
    expect(s.shouldYield()).toBe(false);
    busy(4);
    expect(s.shouldYield()).toBe(true);
    await sleep(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(s.shouldYield()).toBe(false);
  });

  it('takes its clock and turns from a host scheduler (virtual time in marble tests)', () => {
    const ts = new TestScheduler((a, e) => expect(a).toEqual(e));
    ts.run(({ expectObservable }) => {
      const s = new TimeSliceScheduler({ host: ts });
      const times: number[] = [];
      s.schedule(() => times.push(s.now()), 3);
      s.schedule(() => times.push(s.now()), 7);
      expectObservable(scheduled(['a', 'b'], s)).toBe('(ab|)');
      ts.flush();
      expect(times).toEqual([3, 7]);
    });
  });

  it('rejects a bad slice length; the shared default is 5 ms', () => {
    expect(() => new TimeSliceScheduler({ sliceMs: -1 })).toThrow(RangeError);
    expect(timeSliceScheduler.sliceMs).toBe(5);
  });
});
