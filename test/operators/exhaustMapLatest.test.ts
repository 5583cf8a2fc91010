import { Observable, lastValueFrom, map, of, take, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { exhaustMapLatest } from '../../src/operators/exhaustMapLatest.js';

const testScheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

describe('exhaustMapLatest', () => {
  it('holds only the latest value that arrived while busy and works on it next', () => {
    testScheduler().run(({ cold, hot, expectObservable }) => {
      const source = hot('abc-------d|');
      const slow = (v: string) => cold('----(x|)', { x: v.toUpperCase() });
      // a is busy until 4; b is replaced by c, which runs 4..8; d runs 10..14; then completion.
      expectObservable(source.pipe(exhaustMapLatest(slow))).toBe('----A---C-----(D|)');
    });
  });

  it('stops an endless synchronous source when the consumer takes what it needs', async () => {
    let emitted = 0;
    const endless = new Observable<number>((s) => {
      while (!s.closed && emitted < 1000) s.next(++emitted);
      s.complete(); // only reached if the operator failed to stop it
    });
    expect(await lastValueFrom(endless.pipe(exhaustMapLatest((v) => of(v * 10)), take(3), toArray()))).toEqual([10, 20, 30]);
    expect(emitted).toBe(3);
  });

  it('behaves like map when the inner work is synchronous, and completes with the source', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('ab-c|').pipe(exhaustMapLatest((v) => of(v.toUpperCase())))).toBe('AB-C|');
    });
  });

  it('propagates errors from the source, the inner work and the projection', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('a-#').pipe(exhaustMapLatest((v) => of(v)))).toBe('a-#');
      expectObservable(cold('a-b').pipe(exhaustMapLatest(() => cold('-#')))).toBe('-#');
      const boom = cold('a').pipe(
        exhaustMapLatest(() => {
          throw new Error('bad');
        }),
      );
      expectObservable(boom).toBe('#', undefined, new Error('bad'));
    });
  });

  it('unsubscribes inner work when the subscriber leaves', () => {
    testScheduler().run(({ cold, hot, expectObservable, expectSubscriptions }) => {
      const inner = cold('------x|');
      expectObservable(hot('a-b').pipe(exhaustMapLatest(() => inner), map(String)), '^--!').toBe('');
      expectSubscriptions(inner.subscriptions).toBe('^--!');
    });
  });
});
