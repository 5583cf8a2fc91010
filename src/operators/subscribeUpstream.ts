import { Subject, takeUntil, type Observable, type Observer, type Subscriber } from 'rxjs';

/**
 * Subscribes an operator's `observer` to its `source` so that closing `owner` (completion, an
 * error, or the consumer unsubscribing) stops the source at once, even while the source is still
 * emitting synchronously inside this call. A plain `owner.add(source.subscribe(…))` only links
 * the two after `subscribe` returns, so an endless synchronous source (a `while (!s.closed)` loop,
 * a `queueScheduler` sampler) would never see its subscriber closed and never stop.
 *
 * @example
 * new Observable<TrainStep>((subscriber) => {
 *   subscribeUpstream(subscriber, batches$, { next: (batch) => subscriber.next(step(batch)) });
 * });
 */
export function subscribeUpstream<T>(owner: Subscriber<unknown>, source: Observable<T>, observer: Partial<Observer<T>>): void {
  if (owner.closed) return;
  // takeUntil's subscriber is an RxJS operator subscriber: it is the one the source receives,
  // and it closes the moment `closed$` emits, wherever the source is in its loop.
  const closed$ = new Subject<void>();
  owner.add(() => closed$.next());
  owner.add(source.pipe(takeUntil(closed$)).subscribe(observer));
}
