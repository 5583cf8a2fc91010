import { Observable, Subscription, from, type ObservableInput, type ObservedValueOf, type OperatorFunction } from 'rxjs';
import { subscribeUpstream } from './subscribeUpstream.js';

/**
 * Like `exhaustMap`, but nothing is lost for good: values arriving while an inner observable is
 * busy are not queued — only the latest is kept, and it is projected as soon as the inner
 * completes. A slow asynchronous consumer (writing a PNG, sending over a socket) thus always works
 * on the most recent value and never holds more than one waiting value, however fast the source.
 * (`concatMap` would queue without bound; `exhaustMap` would drop the final state; `switchMap`
 * would cancel work half done.)
 *
 * @example
 * run.snapshots$.pipe(exhaustMapLatest((s) => savePng(s))).subscribe(); // savePng returns a Promise
 */
export function exhaustMapLatest<T, O extends ObservableInput<unknown>>(project: (value: T, index: number) => O): OperatorFunction<T, ObservedValueOf<O>> {
  return (source) =>
    new Observable<ObservedValueOf<O>>((subscriber) => {
      let busy = false;
      let waiting: { value: T } | undefined;
      let sourceDone = false;
      let index = 0;

      const start = (value: T): void => {
        busy = true;
        const inner = new Subscription();
        subscriber.add(inner);
        let input: O;
        try {
          input = project(value, index++);
        } catch (err) {
          return subscriber.error(err);
        }
        inner.add(
          from(input).subscribe({
            next: (v) => subscriber.next(v as ObservedValueOf<O>),
            error: (err: unknown) => subscriber.error(err),
            complete: () => {
              subscriber.remove(inner);
              busy = false;
              if (waiting) {
                const { value: latest } = waiting;
                waiting = undefined;
                start(latest);
              } else if (sourceDone) {
                subscriber.complete();
              }
            },
          }),
        );
      };

      subscribeUpstream(subscriber, source, {
        next: (value) => {
          if (busy) waiting = { value };
          else start(value);
        },
        error: (err: unknown) => subscriber.error(err),
        complete: () => {
          sourceDone = true;
          if (!busy) subscriber.complete();
        },
      });
    });
}
