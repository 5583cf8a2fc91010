import { scheduled, take, type SchedulerLike } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { RunControl } from '../../src/operators/RunControl.js';
import { TimeSliceScheduler } from '../../src/scheduler/TimeSliceScheduler.js';

const testScheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

describe('RunControl', () => {
  it('a paused scheduler runs no action until resumed, then runs them in order', () => {
    const ts = testScheduler();
    ts.run(({ expectObservable }) => {
      const control = new RunControl(ts as SchedulerLike);
      control.pause();
      const counting = (function* () {
        for (let k = 0; ; k++) yield k;
      })();
      ts.schedule(() => control.resume(), 5);
      expectObservable(scheduled(counting, control.scheduler).pipe(take(3))).toBe('-----(abc|)', { a: 0, b: 1, c: 2 });
    });
  });

  it('pausing does not poll: a paused time-slice scheduler queues nothing and the event loop idles', async () => {
    const inner = new TimeSliceScheduler({ sliceMs: 1 });
    const control = new RunControl(inner);
    let ran = 0;
    let polls = 0;
    const counting = (function* () {
      for (;;) yield ran++;
    })();
    const sub = scheduled(counting, control.scheduler).subscribe();
    await new Promise((resolve) => setTimeout(resolve, 20));
    control.pause();
    await new Promise((resolve) => setImmediate(resolve));
    const atPause = ran;
    // Count the actions the inner scheduler is asked to run while paused: wrap its enqueue.
    const enqueue = inner.enqueue.bind(inner);
    inner.enqueue = (action) => {
      polls++;
      enqueue(action);
    };
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(ran).toBe(atPause);
    expect(polls).toBe(0);
    control.resume();
    await expect.poll(() => ran).toBeGreaterThan(atPause);
    sub.unsubscribe();
  });

  it('state$: paused, the learning rate set from outside, stopped; stopped$ emits once', () => {
    const control = new RunControl();
    const states: unknown[] = [];
    control.state$.subscribe((s) => states.push(s));
    let stops = 0;
    control.stopped$.subscribe(() => stops++);
    control.pause();
    control.pause();
    control.setLearningRate(0.01);
    control.resume();
    control.stop();
    control.stop();
    expect(states).toEqual([
      { paused: false, stopped: false },
      { paused: true, stopped: false },
      { paused: true, stopped: false, lr: 0.01 },
      { paused: false, stopped: false, lr: 0.01 },
      { paused: false, stopped: true, lr: 0.01 },
    ]);
    expect(stops).toBe(1);
  });

  it('refuses a bad learning rate naming the field', () => {
    const control = new RunControl();
    expect(() => control.setLearningRate(-1)).toThrow(/lr/);
    expect(() => control.setLearningRate(Number.NaN)).toThrow(/lr/);
  });
});
