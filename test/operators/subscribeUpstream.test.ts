import { Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { subscribeUpstream } from '../../src/operators/subscribeUpstream.js';

/** A source that emits until its subscriber is closed (at most 100, then completes). */
const endless = (log: number[]) =>
  new Observable<number>((s) => {
    for (let k = 1; !s.closed && k <= 100; k++) {
      log.push(k);
      s.next(k);
    }
    s.complete();
  });

describe('subscribeUpstream', () => {
  it('stops a synchronous source the moment the owner closes, inside the first subscribe', () => {
    const emitted: number[] = [];
    const seen: number[] = [];
    let completed = false;
    new Observable<number>((owner) => {
      subscribeUpstream(owner, endless(emitted), { next: (v) => (v === 4 ? owner.complete() : owner.next(v)) });
    }).subscribe({ next: (v) => seen.push(v), complete: () => (completed = true) });
    expect(seen).toEqual([1, 2, 3]);
    expect(emitted).toEqual([1, 2, 3, 4]);
    expect(completed).toBe(true);
  });

  it('passes errors and completion of the source to the observer, and subscribes nothing to a closed owner', () => {
    const events: string[] = [];
    new Observable<number>((owner) => {
      subscribeUpstream(owner, new Observable<number>((s) => (s.next(1), s.error(new Error('boom')))), {
        next: (v) => events.push(`next ${v}`),
        error: (e: unknown) => events.push(`error ${(e as Error).message}`),
      });
    }).subscribe();
    expect(events).toEqual(['next 1', 'error boom']);

    const emitted: number[] = [];
    new Observable<number>((owner) => {
      owner.complete();
      subscribeUpstream(owner, endless(emitted), {});
    }).subscribe();
    expect(emitted).toEqual([]);
  });
});
