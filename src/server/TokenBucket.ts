/**
 * A token bucket: holds at most `capacity` tokens and refills at `perSecond`; `take(n)` spends n
 * if there are that many. It limits a rate while letting a short burst through, in O(1) time and
 * no allocation, so checking it costs a flooding client's messages almost nothing.
 *
 * @example
 * const messages = new TokenBucket({ perSecond: 20, capacity: 100 });
 * if (!messages.take(1)) socket.close(1008, 'too many messages');
 */
export class TokenBucket {
  readonly #perMs: number;
  readonly #capacity: number;
  readonly #now: () => number;
  #tokens: number;
  #last: number;

  constructor(options: { readonly perSecond: number; readonly capacity: number; readonly now?: () => number }) {
    this.#perMs = options.perSecond / 1000;
    this.#capacity = options.capacity;
    this.#now = options.now ?? (() => performance.now());
    this.#tokens = options.capacity;
    this.#last = this.#now();
  }

  /** Spends `n` tokens and returns true, or returns false (spending nothing) when fewer are left. */
  take(n = 1): boolean {
    const now = this.#now();
    this.#tokens = Math.min(this.#capacity, this.#tokens + (now - this.#last) * this.#perMs);
    this.#last = now;
    if (this.#tokens < n) return false;
    this.#tokens -= n;
    return true;
  }
}
