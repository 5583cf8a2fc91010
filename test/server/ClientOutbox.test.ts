import { describe, expect, it } from 'vitest';
import { ClientOutbox, type Transport } from '../../src/server/ClientOutbox.js';
import { Outgoing } from '../../src/server/RunFeed.js';

const message = (id: number, type: Outgoing['type'] = 'steps'): Outgoing => new Outgoing(id, type, `{"id":${id}}`);

/** A connection that takes messages only while `open`, and completes writes when told. */
function fakeTransport() {
  const written: number[] = [];
  const inFlight: (() => void)[] = [];
  let open = true;
  const transport: Transport = {
    ready: () => open && inFlight.length < 2,
    write: (m, done) => {
      written.push(m.id);
      inFlight.push(done);
    },
    buffered: () => inFlight.length * 100,
  };
  return {
    transport,
    written,
    set open(value: boolean) {
      open = value;
    },
    flush: () => inFlight.splice(0).forEach((done) => done()),
  };
}

describe('ClientOutbox', () => {
  it('sends in id order, snapshots interleaved, as the connection drains', () => {
    const fake = fakeTransport();
    const outbox = new ClientOutbox(fake.transport, { maxQueued: 10, onDrop: () => {} });
    [message(1, 'history'), message(2), message(3, 'snapshot'), message(4), message(5, 'status')].forEach((m) => outbox.push(m));
    expect(fake.written).toEqual([1, 2]);
    fake.flush();
    expect(fake.written).toEqual([1, 2, 3, 4]);
    fake.flush();
    expect(fake.written).toEqual([1, 2, 3, 4, 5]);
    expect(outbox.size).toBe(0);
  });

  it('holds at most maxQueued messages and one snapshot for a stalled client, dropping the oldest steps', () => {
    const fake = fakeTransport();
    fake.open = false;
    const drops: string[] = [];
    const outbox = new ClientOutbox(fake.transport, { maxQueued: 4, onDrop: (kind) => drops.push(kind) });
    outbox.push(message(1, 'history'));
    for (let id = 2; id <= 1000; id++) outbox.push(message(id, id % 10 === 0 ? 'snapshot' : 'steps'));
    expect(outbox.size).toBe(5);
    expect(outbox.dropped).toBe(drops.filter((d) => d === 'steps').length);
    expect(drops.filter((d) => d === 'snapshot').length).toBe(99); // 100 snapshots, latest wins
    expect(outbox.pendingBytes).toBe([1, 997, 998, 999, 1000].reduce((n, id) => n + message(id).json.length, 0));

    fake.open = true;
    outbox.pump();
    fake.flush();
    fake.flush();
    fake.flush();
    // The history survives; then the newest steps and the latest snapshot, in id order.
    expect(fake.written).toEqual([1, 997, 998, 999, 1000]);
  });

  it('keeps one evaluation for a stalled client (latest wins, like the snapshot), whatever the run evaluates meanwhile', () => {
    const fake = fakeTransport();
    fake.open = false;
    const drops: string[] = [];
    const outbox = new ClientOutbox(fake.transport, { maxQueued: 4, onDrop: (kind) => drops.push(kind) });
    outbox.push(message(1, 'history'));
    for (let id = 2; id <= 1000; id++) outbox.push(message(id, id % 10 === 0 ? 'evaluation' : id % 10 === 5 ? 'snapshot' : 'steps'));
    expect(outbox.size).toBe(4 + 2);
    expect(drops.filter((d) => d === 'evaluation').length).toBe(99);
    expect(drops.filter((d) => d === 'snapshot').length).toBe(99);
    fake.open = true;
    outbox.pump();
    for (let k = 0; k < 4; k++) fake.flush();
    expect(fake.written).toEqual([1, 995, 997, 998, 999, 1000]);
  });

  it('ignores pushes once closed', () => {
    const fake = fakeTransport();
    fake.open = false;
    const outbox = new ClientOutbox(fake.transport, { maxQueued: 4, onDrop: () => {} });
    outbox.push(message(1));
    outbox.close();
    outbox.push(message(2));
    fake.open = true;
    outbox.pump();
    expect(fake.written).toEqual([]);
    expect(outbox.pendingBytes).toBe(0);
  });
});
